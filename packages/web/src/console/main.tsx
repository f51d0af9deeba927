// Entry of the staff console (console.html), served at `/console` and `/setup`.
import '../dsfr/base.css';
import '../dsfr/console.css';
import '../styles/app.css';
import '../styles/console.css';
import { createRoot } from 'react-dom/client';
import { followSystemColorScheme } from '../dsfr/color-scheme.js';
import { I18nProvider } from '../i18n/i18n.js';
import { ConsoleApp } from './ConsoleApp.js';
import { setupTokenFrom } from './SetupPage.js';

followSystemColorScheme();

const isSetup = window.location.pathname.replace(/\/+$/, '') === '/setup';
const setupToken = isSetup ? setupTokenFrom(window.location.hash) : undefined;
// The one-time token must not linger in the address bar or the history.
if (isSetup && window.location.hash !== '') window.history.replaceState(null, '', window.location.pathname);

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <I18nProvider>
      <ConsoleApp setupToken={setupToken} />
    </I18nProvider>,
  );
}
