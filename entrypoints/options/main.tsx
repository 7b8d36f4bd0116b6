import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { prefetchUsage } from '@/components/usage/load-usage';
import { OptionsApp } from './OptionsApp';

// The usage tab's figures need none of its code: the worker reads them while that code loads.
if (location.hash === '#usage') prefetchUsage();

createRoot(document.getElementById('root')!).render(<OptionsApp />);
