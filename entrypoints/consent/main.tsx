import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { ConsentApp } from './ConsentApp';
import { uiText } from '@/components/i18n';

// The window's title bar, in the browser's language like the rest.
document.title = uiText('consentTitle');

createRoot(document.getElementById('root')!).render(
  <ConsentApp requestId={new URLSearchParams(location.search).get('request') ?? ''} />,
);
