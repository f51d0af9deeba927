// Waiting room and chat: the same screen, whose heading changes when an operator takes the
// conversation. The citizen can write from the first second; messages wait in the outbox.
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n.js';
import type { RealtimeClient } from '../realtime/realtime-client.js';
import { timelineOf, type ConversationState } from '../realtime/conversation-state.js';
import { Composer } from '../shared/Composer.js';
import { ConnectionBanner } from '../shared/ConnectionBanner.js';
import { MessageList } from '../shared/MessageList.js';
import { TypingIndicator } from '../shared/TypingIndicator.js';
import { useRealtime } from '../shared/use-realtime.js';
import { EmergencyNumbers } from './EmergencyNumbers.js';
import { QueuePositionNotice } from './QueuePositionNotice.js';
import { LeaveConversation } from './LeaveConversation.js';
import { operatorName } from '../shared/operator-name.js';
import { useMarkRead } from '../shared/use-mark-read.js';

export function ConversationScreen({
  client,
  conversationId,
  state,
  focusOnMount,
}: {
  client: RealtimeClient;
  conversationId: string;
  state: ConversationState | undefined;
  /** False when the page was just (re)loaded: focus then stays at the top, on the exit link's side. */
  focusOnMount: boolean;
}) {
  const t = useT();
  const snapshot = useRealtime(client);
  const view = state?.view ?? null;
  const operator = view !== null && 'operator' in view ? view.operator : null;
  const active = view?.status === 'active';
  const heading = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(false);

  // A new step (waiting → answered) moves focus to its heading, except while the person is
  // typing: stealing the caret mid-sentence would be worse; the log announces the operator.
  useEffect(() => {
    const first = !mounted.current;
    mounted.current = true;
    if (first && !focusOnMount) return;
    const focused = document.activeElement;
    if (focused instanceof HTMLTextAreaElement || focused instanceof HTMLInputElement) return;
    heading.current?.focus();
  }, [active, focusOnMount]);

  useMarkRead(client, conversationId, state?.lastSeq ?? 0);

  const name = operator !== null ? operatorName(operator) : t('chat.operatorFallback');
  const items = state === undefined ? [] : timelineOf(state, 'citizen');

  return (
    <div className="brigade-conversation">
      <h1 ref={heading} tabIndex={-1} className="fr-h4 fr-mb-1w">
        {active ? t('chat.title', { operator: name }) : t('waiting.title')}
      </h1>
      {!active && <p className="fr-text--sm fr-mb-1w">{state?.synced ? t('waiting.text') : t('waiting.connecting')}</p>}
      {!active && <QueuePositionNotice position={state?.queuePosition ?? null} />}
      <ConnectionBanner offline={snapshot.status === 'offline'} text={t('chat.offline')} />
      {view?.danger === true && <EmergencyNumbers compact />}
      <MessageList
        label={t('chat.log')}
        items={items}
        peerName={(item) => (item.operator !== null ? operatorName(item.operator) : name)}
        eventText={(item) => {
          if (item.kind === 'assigned') return t('event.assigned', { operator: operatorName(item.operator) });
          if (item.kind === 'returned_to_queue') return t('event.returned.citizen');
          // Never a note (the server sends none to citizens): only who answers now, or that it waits again.
          if (item.kind === 'transferred') {
            return item.target === 'operator' && item.operator !== null
              ? t('event.transferred.citizen.operator', { operator: operatorName(item.operator) })
              : t('event.transferred.citizen.queue');
          }
          if (item.kind === 'closed') return t('event.closed');
          return null;
        }}
        onRetry={(id) => client.retryMessage(conversationId, id)}
      />
      <TypingIndicator text={state?.peerTyping ? t('chat.typing', { name }) : null} />
      <Composer
        onSend={(text) => client.sendMessage(conversationId, text) !== null}
        onTyping={(typing) => client.setTyping(conversationId, typing)}
      />
      <LeaveConversation onLeave={() => client.leave(conversationId)} />
    </div>
  );
}
