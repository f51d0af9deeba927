// Supervisors: a conversation read without taking it (from an alert). Nothing can be written here
// and nothing is marked as read; the server records the reading in the audit trail. A supervisor
// may hand it on (to a colleague, another topic or another service) with the transfer dialog.
import type { TransferTarget } from '@brigade/protocol';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { useT } from '../i18n/i18n.js';
import { RealtimeError } from '../realtime/realtime-client.js';
import { timelineOf, type ConversationState } from '../realtime/conversation-state.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { MessageList } from '../shared/MessageList.js';
import { operatorName } from '../shared/operator-name.js';
import { StatusAlert } from '../shared/StatusAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { useServices } from './routing/use-services.js';
import { staffEventText } from './StaffEventText.js';
import { TransferDialog } from './transfer/TransferDialog.js';
import { transferredText } from './transfer/transferred-text.js';

export function ReadOnlyConversationPane({
  state,
  onClose,
  selfId,
  onTransfer,
}: {
  state: ConversationState;
  onClose(): void;
  /** The supervisor reading (not offered as a colleague to transfer to). */
  selfId: string;
  /** null: this reader may not hand it on. */
  onTransfer: ((target: TransferTarget) => Promise<void>) | null;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const services = useServices(onTransfer !== null);
  const [transferring, setTransferring] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const view = state.view;
  // Seen from outside: every message is someone else's, and no delivery state applies.
  const items = timelineOf(state, 'operator').map((item) => (item.kind === 'message' ? { ...item, mine: false, state: null } : item));
  const title =
    view === null
      ? t('common.loading')
      : t('pane.title', { topic: t(`topic.${view.topic}`), postalCode: 'postalCode' in view ? view.postalCode : '' });
  const holder = view !== null && 'assignedOperator' in view ? view.assignedOperator : null;
  // The holder once the transfer is answered: its update arrives before the answer.
  const latestHolder = useRef(holder);
  useEffect(() => {
    latestHolder.current = holder;
  }, [holder]);
  const canTransfer = onTransfer !== null && view !== null && view.status !== 'closed';

  const transfer = (target: TransferTarget) =>
    (onTransfer ?? (() => Promise.resolve()))(target).then(() => {
      setTransferring(false);
      setStatus(transferredText(t, target, latestHolder.current, target.kind === 'service' ? services.nameOf(target.serviceId) : null));
    });

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
      <StatusAlert text={status} />
      <ErrorAlert error={state.error === null ? null : new RealtimeError(state.error)} />
      {canTransfer && (
        <div className="fr-mb-2w">
          <button
            type="button"
            className="fr-btn fr-btn--secondary fr-btn--sm"
            onClick={() => {
              setStatus(null);
              setTransferring(true);
            }}
          >
            {t('transfer.button')}
          </button>
        </div>
      )}
      {canTransfer && transferring && (
        <TransferDialog
          conversation={{ topic: view.topic, serviceId: 'serviceId' in view ? view.serviceId : null }}
          selfId={selfId}
          holderId={holder?.id ?? null}
          onTransfer={transfer}
          onClose={() => setTransferring(false)}
        />
      )}
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
