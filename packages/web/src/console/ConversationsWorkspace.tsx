// The conversations page: live queue, the conversations held, the open one (or one a supervisor
// reads without holding it). Stays mounted while other pages are shown, so drafts survive.
import type { StaffAccount } from '@brigade/protocol';
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';
import { unreadCount } from '../realtime/conversation-state.js';
import type { RealtimeClient, RealtimeSnapshot } from '../realtime/realtime-client.js';
import { ConversationPane } from './ConversationPane.js';
import { MyConversations, type HeldConversation } from './MyConversations.js';
import { QueuePanel, type Assignment } from './QueuePanel.js';
import { ReadOnlyConversationPane } from './ReadOnlyConversationPane.js';
import { useOperators } from './use-operators.js';

export function ConversationsWorkspace({
  client,
  snapshot,
  staff,
  visible,
  selectedId,
  onSelect,
  queueTools,
}: {
  client: RealtimeClient;
  snapshot: RealtimeSnapshot;
  staff: StaffAccount;
  visible: boolean;
  selectedId: string | null;
  onSelect(conversationId: string | null): void;
  queueTools?: ReactNode;
}) {
  const t = useT();
  const isOperator = staff.roles.includes('operator');
  const canAssign = staff.roles.includes('supervisor') && staff.roles.includes('admin');
  const operators = useOperators(canAssign && visible);
  const [drafts] = useState(() => new Map<string, string>());
  // Highest seq the operator has had on screen, per conversation (the unread dots).
  const [seen, setSeen] = useState<Readonly<Record<string, number>>>({});

  const selected = selectedId === null ? undefined : snapshot.conversations.get(selectedId);
  const selectedLastSeq = selected?.lastSeq ?? 0;
  const held = selectedId !== null && snapshot.mine.includes(selectedId);
  useEffect(() => {
    if (selectedId !== null && visible) setSeen((s) => (s[selectedId] === selectedLastSeq ? s : { ...s, [selectedId]: selectedLastSeq }));
  }, [selectedId, selectedLastSeq, visible]);

  const mine: HeldConversation[] = [];
  for (const id of snapshot.mine) {
    const state = snapshot.conversations.get(id);
    if (state === undefined) continue;
    const readUpTo = Math.max(state.view?.readMarks.operator ?? 0, seen[id] ?? 0);
    mine.push({ state, unread: (id !== selectedId || !visible) && unreadCount(state, 'operator', readUpTo) > 0 });
  }

  const assignment: Assignment | null =
    canAssign && operators !== null ? { operators, assign: (conversationId, operatorId) => client.assign(conversationId, operatorId) } : null;

  const closeReading = (id: string) => {
    client.unfollow(id);
    onSelect(null);
  };

  return (
    <div hidden={!visible}>
      <div className="brigade-console">
      <h1 className="fr-sr-only">{t('console.nav.conversations')}</h1>
      <div className="brigade-console__side">
        <QueuePanel
          queue={snapshot.queue}
          onTake={isOperator ? (id) => client.take(id).then(() => onSelect(id)) : null}
          onTakeNext={isOperator ? () => client.takeNext().then((id) => onSelect(id)) : null}
          assignment={assignment}
          tools={queueTools}
        />
        {isOperator && <MyConversations conversations={mine} selectedId={selectedId} onSelect={onSelect} />}
      </div>
      <div className="brigade-console__main">
        {selected === undefined ? (
          <p className="brigade-pane-empty">{t('pane.empty')}</p>
        ) : held ? (
          <ConversationPane
            client={client}
            state={selected}
            drafts={drafts}
            visible={visible}
            onDismiss={() => {
              client.dismiss(selected.conversationId);
              onSelect(null);
            }}
          />
        ) : (
          <ReadOnlyConversationPane key={selected.conversationId} state={selected} onClose={() => closeReading(selected.conversationId)} />
        )}
      </div>
      </div>
    </div>
  );
}
