// One conversation held by the operator: messages (those written while waiting included),
// composer, the citizen's typing and read state, handing it on (transfer, back to the queue) and
// closing with an outcome.
import type { StaffAccount } from '@brigade/protocol';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n.js';
import { RealtimeError, type RealtimeClient } from '../realtime/realtime-client.js';
import { timelineOf, type ConversationState } from '../realtime/conversation-state.js';
import { Composer } from '../shared/Composer.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { MessageList } from '../shared/MessageList.js';
import { TypingIndicator } from '../shared/TypingIndicator.js';
import { useMarkRead } from '../shared/use-mark-read.js';
import { operatorName } from '../shared/operator-name.js';
import { CloseConversationForm } from './CloseConversationForm.js';
import { staffEventText } from './StaffEventText.js';
import { HeldConversationActions } from './transfer/HeldConversationActions.js';

export function ConversationPane({
  client,
  state,
  onDismiss,
  drafts,
  visible = true,
  self,
}: {
  client: RealtimeClient;
  state: ConversationState;
  /** The operator holding it (their own messages; not offered as a colleague to transfer to). */
  self: Pick<StaffAccount, 'id' | 'rank' | 'firstName'>;
  onDismiss(): void;
  /** Unsent text per conversation, kept in memory while switching. */
  drafts: Map<string, string>;
  /** False while another console page is shown: nothing is marked as read then. */
  visible?: boolean;
}) {
  const t = useT();
  const id = state.conversationId;
  const view = state.view;
  const heading = useRef<HTMLHeadingElement>(null);
  const closed = view?.status === 'closed';

  // Switching conversation moves focus to its heading (announced, and Tab continues from there).
  useEffect(() => {
    heading.current?.focus();
  }, [id]);

  useMarkRead(client, visible ? id : null, state.lastSeq);

  const title =
    view === null
      ? t('common.loading')
      : t('pane.title', { topic: t(`topic.${view.topic}`), postalCode: 'postalCode' in view ? view.postalCode : '' });

  return (
    <section className="brigade-pane" aria-labelledby="pane-title">
      <h2 id="pane-title" ref={heading} tabIndex={-1} className="fr-h4 fr-mb-2w">
        {view?.danger === true && <span className="fr-badge fr-badge--error fr-mr-1w">{t('badge.danger')}</span>}
        {title}
      </h2>
      <ErrorAlert error={state.error === null ? null : new RealtimeError(state.error)} />
      {view !== null && !closed && (
        <HeldConversationActions
          key={id}
          conversation={{ topic: view.topic, serviceId: 'serviceId' in view ? view.serviceId : null }}
          selfId={self.id}
          onRelease={() => client.release(id)}
          onTransfer={(target) => client.transfer(id, target)}
        />
      )}
      <MessageList
        label={t('chat.log')}
        items={timelineOf(state, 'operator', self)}
        peerName={(item) => (item.sender === 'citizen' || item.operator === null ? t('pane.citizen') : operatorName(item.operator))}
        eventText={(item) => staffEventText(t, item)}
        onRetry={(messageId) => client.retryMessage(id, messageId)}
      />
      <TypingIndicator text={state.peerTyping && !closed ? t('pane.typing') : null} />
      {closed ? (
        <div className="fr-mt-2w">
          <p>{t('pane.closed', { outcome: view?.outcome ? t(`outcome.${view.outcome}`) : '' })}</p>
          <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={onDismiss}>
            {t('pane.dismiss')}
          </button>
        </div>
      ) : (
        <>
          <Composer
            key={id}
            textareaId={`composer-${id}`}
            initialText={drafts.get(id) ?? ''}
            onTextChange={(text) => drafts.set(id, text)}
            onSend={(text) => client.sendMessage(id, text) !== null}
            onTyping={(typing) => client.setTyping(id, typing)}
          />
          <CloseConversationForm onClose={(outcome) => client.close(id, outcome)} />
        </>
      )}
    </section>
  );
}
