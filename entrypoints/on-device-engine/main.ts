import { serveEngine } from '@/lib/on-device/host';

// Hosts llama.cpp: Chromium's offscreen document, or an iframe in Firefox's background page.
serveEngine();
