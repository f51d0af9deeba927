// The operator's workspace: live queue, the conversations held, the open one; and, for
// administrators, the accounts. One realtime connection for all of it.
import type { StaffAccount } from '@brigade/protocol';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { unreadCount } from '../realtime/conversation-state.js';
import { RealtimeClient } from '../realtime/realtime-client.js';
import { realtimeUrl } from '../realtime/socket.js';
import { ConnectionBanner } from '../shared/ConnectionBanner.js';
import { useRealtime } from '../shared/use-realtime.js';
import { AccountsView } from './AccountsView.js';
import { ConversationPane } from './ConversationPane.js';
import { MyConversations, type HeldConversation } from './MyConversations.js';
import { QueuePanel } from './QueuePanel.js';

type Section = 'conversations' | 'accounts';

export function StaffConsole({ staff, onSessionEnded }: { staff: StaffAccount; onSessionEnded(): void }) {
  const t = useT();
  const [client] = useState(() => new RealtimeClient({ url: realtimeUrl(window.location), side: 'operator' }));
  useEffect(() => {
    client.subscribeQueue();
    client.start();
    return () => client.stop();
  }, [client]);
  const snapshot = useRealtime(client);
  const [section, setSection] = useState<Section>('conversations');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [drafts] = useState(() => new Map<string, string>());
  // Highest seq the operator has had on screen, per conversation (the unread dots).
  const [seen, setSeen] = useState<Readonly<Record<string, number>>>({});

  useEffect(() => {
    if (snapshot.status === 'ended') onSessionEnded();
  }, [snapshot.status, onSessionEnded]);

  const selected = selectedId === null ? undefined : snapshot.conversations.get(selectedId);
  const selectedLastSeq = selected?.lastSeq ?? 0;
  useEffect(() => {
    if (selectedId !== null) setSeen((s) => (s[selectedId] === selectedLastSeq ? s : { ...s, [selectedId]: selectedLastSeq }));
  }, [selectedId, selectedLastSeq]);

  const held: HeldConversation[] = [];
  for (const id of snapshot.mine) {
    const state = snapshot.conversations.get(id);
    if (state === undefined) continue;
    const readUpTo = Math.max(state.view?.readMarks.operator ?? 0, seen[id] ?? 0);
    held.push({ state, unread: id !== selectedId && unreadCount(state, 'operator', readUpTo) > 0 });
  }

  const isAdmin = staff.roles.includes('admin');

  return (
    <>
      {isAdmin && (
        <nav className="brigade-console-nav fr-mb-3w" aria-label={t('console.nav')}>
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
            {(['conversations', 'accounts'] as const).map((s) => (
              <li key={s}>
                <button
                  type="button"
                  className={section === s ? 'fr-btn' : 'fr-btn fr-btn--tertiary'}
                  aria-current={section === s ? 'page' : undefined}
                  onClick={() => setSection(s)}
                >
                  {t(s === 'conversations' ? 'console.nav.conversations' : 'console.nav.accounts')}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <ConnectionBanner offline={snapshot.status === 'offline'} text={t('console.offline')} />
      {section === 'accounts' && isAdmin ? (
        <AccountsView />
      ) : (
        <div className="brigade-console">
          <h1 className="fr-sr-only">{t('console.nav.conversations')}</h1>
          <div className="brigade-console__side">
            <QueuePanel
              queue={snapshot.queue}
              onTake={(id) => client.take(id).then(() => setSelectedId(id))}
              onTakeNext={() => client.takeNext().then((id) => setSelectedId(id))}
            />
            <MyConversations conversations={held} selectedId={selectedId} onSelect={setSelectedId} />
          </div>
          <div className="brigade-console__main">
            {selected !== undefined ? (
              <ConversationPane
                client={client}
                state={selected}
                drafts={drafts}
                onDismiss={() => {
                  client.dismiss(selected.conversationId);
                  setSelectedId(null);
                }}
              />
            ) : (
              <p className="brigade-pane-empty">{t('pane.empty')}</p>
            )}
          </div>
        </div>
      )}
    </>
  );
}
