// The conversations page: live queue, the conversations held, the open one (or one a supervisor
// reads without holding it). Stays mounted while other pages are shown, so drafts survive.
import type { StaffAccount } from '@brigade/protocol';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';
import { unreadCount } from '../realtime/conversation-state.js';
import type { RealtimeClient, RealtimeSnapshot } from '../realtime/realtime-client.js';
import { ConversationPane } from './ConversationPane.js';
import { MyConversations, type HeldConversation } from './MyConversations.js';
import { QueuePanel, type Assignment, type QueueRouting } from './QueuePanel.js';
import { ReadOnlyConversationPane } from './ReadOnlyConversationPane.js';
import { departureText } from './routing/departure-text.js';
import { useRoutingMode } from './routing/routing-mode.js';

export function ConversationsWorkspace({
  client,
  snapshot,
  staff,
  visible,
  selectedId,
  onSelect,
  queueTools,
  routing,
}: {
  client: RealtimeClient;
  snapshot: RealtimeSnapshot;
  staff: StaffAccount;
  visible: boolean;
  selectedId: string | null;
  onSelect(conversationId: string | null): void;
  queueTools?: ReactNode;
  /** Operators: profile and load, for the queue's "Prendre" buttons. */
  routing: QueueRouting | null;
}) {
  const t = useT();
  const isOperator = staff.roles.includes('operator');
  const canAssign = staff.roles.includes('supervisor');
  const autoAssign = useRoutingMode()?.autoAssign === true;
  const [drafts] = useState(() => new Map<string, string>());
  const mineHeading = useRef<HTMLHeadingElement>(null);
  const latestDeparture = snapshot.departures[0] ?? null;
  const latestArrival = snapshot.arrivals[0] ?? null;
  const latestNoticeId = Math.max(latestDeparture?.id ?? 0, latestArrival?.id ?? 0);
  const handledDeparture = useRef(latestDeparture?.id ?? 0);
  // The notice (the last conversation that left or joined my list without my doing it here)
  // stays until the operator moves on to another conversation.
  const [noticeSeen, setNoticeSeen] = useState(latestNoticeId);
  const select = (conversationId: string) => {
    setNoticeSeen(latestNoticeId);
    onSelect(conversationId);
  };
  const notice =
    latestNoticeId <= noticeSeen
      ? null
      : latestArrival !== null && latestArrival.id === latestNoticeId
        ? t('mine.arrived', { topic: t(`topic.${latestArrival.topic}`) })
        : latestDeparture !== null
          ? departureText(t, latestDeparture)
          : null;

  // A conversation left my list (transferred, back in the queue). If it was the open one, close
  // it; if focus was in it (now gone), move focus to my list, where the notice is read out.
  useEffect(() => {
    const fresh = snapshot.departures.filter((d) => d.id > handledDeparture.current);
    if (fresh.length === 0) return;
    handledDeparture.current = fresh[0]!.id;
    if (selectedId === null || !fresh.some((d) => d.conversationId === selectedId)) return;
    onSelect(null);
    const focused = document.activeElement;
    if (focused === null || focused === document.body || !focused.isConnected) mineHeading.current?.focus();
  }, [snapshot.departures, selectedId, onSelect]);
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

  const assignment: Assignment | null = canAssign ? { assign: (conversationId, operatorId) => client.assign(conversationId, operatorId) } : null;

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
          onTake={isOperator ? (id) => client.take(id).then(() => select(id)) : null}
          onTakeNext={isOperator ? () => client.takeNext().then((id) => select(id)) : null}
          routing={isOperator ? routing : null}
          assignment={assignment}
          autoAssign={autoAssign}
          tools={queueTools}
        />
        {isOperator && (
          <MyConversations
            conversations={mine}
            selectedId={selectedId}
            onSelect={select}
            notice={notice}
            headingRef={mineHeading}
          />
        )}
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
            self={snapshot.staff ?? staff}
            onDismiss={() => {
              client.dismiss(selected.conversationId);
              onSelect(null);
            }}
          />
        ) : (
          <ReadOnlyConversationPane
            key={selected.conversationId}
            state={selected}
            onClose={() => closeReading(selected.conversationId)}
            selfId={staff.id}
            onTransfer={canAssign ? (target) => client.transfer(selected.conversationId, target) : null}
          />
        )}
      </div>
      </div>
    </div>
  );
}
