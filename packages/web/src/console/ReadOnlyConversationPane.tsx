// Supervisors: a conversation read without taking it (from a danger alert). Nothing can be
// written here and nothing is marked as read; the server records the reading in the audit trail.
import { Alert } from '../dsfr/Alert.js';
import { useT } from '../i18n/i18n.js';
import { RealtimeError } from '../realtime/realtime-client.js';
import { timelineOf, type ConversationState } from '../realtime/conversation-state.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { MessageList } from '../shared/MessageList.js';
import { operatorName } from '../shared/operator-name.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { staffEventText } from './StaffEventText.js';

export function ReadOnlyConversationPane({ state, onClose }: { state: ConversationState; onClose(): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const view = state.view;
  // Seen from outside: every message is someone else's, and no delivery state applies.
  const items = timelineOf(state, 'operator').map((item) => (item.kind === 'message' ? { ...item, mine: false, state: null } : item));
  const title =
    view === null
      ? t('common.loading')
      : t('pane.title', { topic: t(`topic.${view.topic}`), postalCode: 'postalCode' in view ? view.postalCode : '' });
  const holder = view !== null && 'assignedOperator' in view ? view.assignedOperator : null;

  return (
    <section className="brigade-pane" aria-labelledby="readonly-title">
      <h2 id="readonly-title" ref={heading} tabIndex={-1} className="fr-h4 fr-mb-2w">
        {view?.danger === true && <span className="fr-badge fr-badge--error fr-mr-1w">{t('badge.danger')}</span>}
        <span className="fr-badge fr-badge--info fr-mr-1w">{t('readOnly.badge')}</span>
        {title}
      </h2>
      <Alert
        className="fr-mb-2w"
        severity="info"
        small
        description={
          view === null
            ? t('readOnly.notice')
            : `${t('readOnly.notice')} ${
                view.status === 'closed'
                  ? t('readOnly.closed')
                  : holder !== null
                    ? t('readOnly.heldBy', { operator: operatorName(holder) })
                    : t('readOnly.waiting')
              }`
        }
      />
      <ErrorAlert error={state.error === null ? null : new RealtimeError(state.error)} />
      <MessageList
        label={t('chat.log')}
        items={items}
        peerName={(item) => (item.sender === 'citizen' ? t('pane.citizen') : item.operator !== null ? operatorName(item.operator) : t('role.operator'))}
        eventText={(item) => staffEventText(t, item)}
        onRetry={() => undefined}
      />
      <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm fr-mt-2w" onClick={onClose}>
        {t('readOnly.close')}
      </button>
    </section>
  );
}
