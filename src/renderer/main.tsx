import { createRoot } from 'react-dom/client';
import './i18n/index.js';
import { App } from './App.js';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
