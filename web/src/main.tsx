import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/500.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadLang, storedLang } from './i18n/messages';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// An English reader's dictionary arrives before the first render (no flash of Chinese).
void loadLang(storedLang())
  .catch(() => {})
  .then(() =>
    createRoot(container).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
