// The citizen page. The URL never changes during the flow: steps live in memory only.
import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { SiteHeader } from '../shared/SiteHeader.js';
import { SkipLinks } from '../shared/SkipLinks.js';
import { useRealtime } from '../shared/use-realtime.js';
import { openConversation, type OpenConversation } from './citizen-session.js';
import { ConversationScreen } from './ConversationScreen.js';
import { EndScreen } from './EndScreen.js';
import { QuickExitBar } from './quick-exit/QuickExitBar.js';
import { QuickExitLink } from './quick-exit/QuickExitLink.js';
import { onQuickExit, quickExit } from './quick-exit/quick-exit.js';
import { QuickExitHelpPage } from './QuickExitHelpPage.js';
import { clearSession, saveSession } from './session-store.js';
import { StartScreen } from './StartScreen.js';

type Screen =
  | { kind: 'start'; notice: 'expired' | null; focus: boolean }
  | { kind: 'conversation'; open: OpenConversation; focus: boolean };

export function CitizenApp({ page, resumed }: { page: 'chat' | 'help'; resumed: OpenConversation | null }) {
  const t = useT();
  const [screen, setScreen] = useState<Screen>(
    resumed !== null ? { kind: 'conversation', open: resumed, focus: false } : { kind: 'start', notice: null, focus: false },
  );
  // Quick exit forgets the conversation in memory too (the page is leaving, but not instantly).
  useEffect(() => onQuickExit(() => setScreen({ kind: 'start', notice: null, focus: false })), []);

  return (
    <>
      <SkipLinks first={<QuickExitLink />} />
      <QuickExitBar start={<LanguageSwitch />} />
      <SiteHeader serviceName={t('app.serviceName')} tagline={t('app.serviceTagline')} tools={null} />
      <main id="content" tabIndex={-1} className="fr-container fr-py-3w brigade-citizen-main">
        {page === 'help' ? (
          <QuickExitHelpPage />
        ) : screen.kind === 'start' ? (
          <StartScreen
            notice={screen.notice}
            focusHeading={screen.focus}
            onStarted={(response) => {
              setScreen({ kind: 'conversation', open: openConversation({ ...response, outbox: [] }), focus: true });
            }}
          />
        ) : (
          <Conversation
            key={screen.open.conversationId}
            open={screen.open}
            focus={screen.focus}
            onFinished={(notice) => {
              screen.open.close();
              clearSession();
              setScreen({ kind: 'start', notice, focus: true });
            }}
          />
        )}
      </main>
    </>
  );
}

/** Follows one conversation: persists its outbox, and reacts when it ends or expires. */
function Conversation({
  open,
  focus,
  onFinished,
}: {
  open: OpenConversation;
  focus: boolean;
  onFinished(notice: 'expired' | null): void;
}) {
  const snapshot = useRealtime(open.client);
  const state = snapshot.conversations.get(open.conversationId);
  const closed = state?.view?.status === 'closed';
  // The server refusing to sync (not found, forbidden…) or the session ending means the
  // credential no longer opens this conversation: start afresh rather than hang.
  const expired = (state?.error ?? null) !== null || (snapshot.status === 'ended' && snapshot.endReason !== 'citizen_exit');

  // Unsent messages survive a reload of this tab (same clientMessageId, so never twice).
  const pending = state?.pending;
  useEffect(() => {
    if (pending === undefined || closed) return;
    saveSession({
      conversationId: open.conversationId,
      citizenToken: open.citizenToken,
      outbox: pending.filter((p) => p.status === 'sending').map(({ clientMessageId, text, createdAt }) => ({ clientMessageId, text, createdAt })),
    });
  }, [pending, closed, open]);

  // Once closed, a reload must not bring anything back, and the socket has nothing left to do
  // (the token stays in memory so quick exit can still revoke it).
  useEffect(() => {
    if (!closed) return;
    clearSession();
    open.client.stop();
  }, [closed, open]);

  useEffect(() => {
    // The same conversation was quick-exited from another tab: leave this one too.
    if (snapshot.endReason === 'citizen_exit') quickExit();
    else if (expired && !closed) onFinished('expired');
  }, [snapshot.endReason, expired, closed, onFinished]);

  if (closed) return <EndScreen onRestart={() => onFinished(null)} />;
  return <ConversationScreen client={open.client} conversationId={open.conversationId} state={state} focusOnMount={focus} />;
}
