/** Renderer entry: i18n first (it sets <html lang>), then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { initI18n } from './i18n';
import { App } from './App';
import { SessionGate } from './screens/room/Gate';
import './styles.css';

const i18n = initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <SessionGate>
        <App />
      </SessionGate>
    </I18nextProvider>
  </StrictMode>,
);
