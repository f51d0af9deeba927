// Entry of the citizen page (index.html), served at `/` and `/aide/sortie-rapide`.
import '../dsfr/base.css';
import '../dsfr/citizen.css';
import '../styles/app.css';
import '../styles/citizen.css';
import { createRoot } from 'react-dom/client';
import { followSystemColorScheme } from '../dsfr/color-scheme.js';
import { I18nProvider } from '../i18n/i18n.js';
import { CitizenApp } from './CitizenApp.js';
import { openConversation } from './citizen-session.js';
import { installShiftShortcut } from './quick-exit/install-shift-shortcut.js';
import { QUICK_EXIT_HELP_PATH } from './paths.js';
import { loadSession } from './session-store.js';

// The way out works before anything else is drawn.
installShiftShortcut();
followSystemColorScheme();

const page = window.location.pathname.replace(/\/+$/, '') === QUICK_EXIT_HELP_PATH ? 'help' : 'chat';
// A reload in the same tab resumes the conversation (rebuilt from seq 0 by the first sync).
const stored = page === 'chat' ? loadSession() : null;
const resumed = stored === null ? null : openConversation(stored);

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <I18nProvider>
      <CitizenApp page={page} resumed={resumed} />
    </I18nProvider>,
  );
}
