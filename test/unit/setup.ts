import 'fake-indexeddb/auto';
// First, so that the extension's own files served below are wrapped around it.
import './loopback-only';
import '../fixtures/tokenizer-ranks';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getEnglishMessage } from './i18n-en';

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = getEnglishMessage as typeof fakeBrowser.i18n.getMessage;
});
