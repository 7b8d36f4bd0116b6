import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { ConsentApp } from './ConsentApp';

createRoot(document.getElementById('root')!).render(<ConsentApp requestId={new URLSearchParams(location.search).get('request') ?? ''} />);
