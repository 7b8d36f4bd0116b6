import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { OptionsApp } from './OptionsApp';

createRoot(document.getElementById('root')!).render(<OptionsApp />);
