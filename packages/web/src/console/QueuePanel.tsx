// The live waiting queue, in the protocol's order (danger, then each topic's level raised by
// waiting, then the longest wait); waiting times tick every second. Operators take the
// conversations they handle, within their capacity (the reason is shown when they cannot);
// supervisors assign them to an operator. When automatic assignment is on, a notice says so.
import type { OperatorView, QueueEntry } from '@brigade/protocol';
import { useId, useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';
import { sortQueue, type QueueState } from '../realtime/queue-state.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { formatDuration } from '../shared/format.js';
import { StatusAlert } from '../shared/StatusAlert.js';
import { useNow } from '../shared/use-now.js';
import { AssignForm } from './AssignForm.js';
import { atCapacity, notHandled, type NotHandled, type RoutingProfile } from './routing/routing-rules.js';
import { useServiceName } from './services/service-names.js';

/** Supervisors: hand a waiting conversation to an operator. */
export interface Assignment {
  assign(conversationId: string, operatorId: string): Promise<void>;
}

/** Operators: what they handle and hold, to say why they cannot take a conversation. */
export interface QueueRouting {
  profile: RoutingProfile;
  load: number;
  capacity: number;
  paused: boolean;
}

function RefusalText({ reason, serviceId }: { reason: NotHandled; serviceId: string | null }) {
  const t = useT();
  const service = useServiceName(serviceId);
  if (reason === 'minors') return <>{t('queue.notHandled.minors')}</>;
  if (reason === 'topic') return <>{t('queue.notHandled.topic')}</>;
  return <>{service === null ? t('queue.notHandled.otherService') : t('queue.notHandled.service', { name: service })}</>;
}

function QueueItem({
  entry,
  now,
  busy,
  onTake,
  routing,
  capacityNoticeId,
  assignment,
  onAssigned,
}: {
  entry: QueueEntry;
  now: number;
  busy: boolean;
  onTake: (() => void) | null;
  routing: QueueRouting | null;
  /** The notice saying this operator is at capacity (describes every disabled "Prendre"). */
  capacityNoticeId: string;
  assignment: Assignment | null;
  onAssigned(operator: OperatorView): void;
}) {
  const t = useT();
  const [assigning, setAssigning] = useState(false);
  const refusal = routing === null ? null : notHandled(routing.profile, entry);
  const full = routing !== null && atCapacity(routing.load, routing.capacity);
  const refusalId = `refusal-${entry.conversationId}`;
  const topic = t(`topic.${entry.topic}`);
  const service = useServiceName(entry.serviceId);
  const waited = formatDuration(t, now - Date.parse(entry.waitingSince));
  const pending =
    entry.pendingMessages === 0
      ? t('queue.pending.none')
      : entry.pendingMessages === 1
        ? t('queue.pending.one')
        : t('queue.pending.many', { count: entry.pendingMessages });
  return (
    <li className={entry.danger ? 'brigade-queue__item brigade-queue__item--danger' : 'brigade-queue__item'}>
      <p className="fr-text--bold fr-mb-1v">
        {entry.danger && <span className="fr-badge fr-badge--error fr-badge--sm fr-mr-1w">{t('badge.danger')}</span>}
        {topic}
      </p>
      <p className="fr-text--sm fr-mb-1w">
        {entry.postalCode}
        {service !== null && ` · ${t('queue.service', { name: service })}`} · {t('queue.waitingFor', { duration: waited })} · {pending}
      </p>
      {/* Not a list: a queue item is itself a list item, found by what it contains. */}
      <div className="brigade-row-actions">
        {onTake !== null && (
          <button
            type="button"
            className="fr-btn fr-btn--sm"
            onClick={onTake}
            disabled={busy || refusal !== null || full}
            aria-label={t('queue.takeLabel', { topic, duration: waited })}
            aria-describedby={refusal !== null ? refusalId : full ? capacityNoticeId : undefined}
          >
            {t('queue.take')}
          </button>
        )}
        {refusal !== null && (
          <p id={refusalId} className="fr-text--xs brigade-queue__refusal">
            <RefusalText reason={refusal} serviceId={entry.serviceId} />
          </p>
        )}
        {assignment !== null && !assigning && (
          <button
            type="button"
            className="fr-btn fr-btn--secondary fr-btn--sm"
            aria-label={t('queue.assignLabel', { topic, duration: waited })}
            onClick={() => setAssigning(true)}
          >
            {t('queue.assign')}
          </button>
        )}
      </div>
      {assignment !== null && assigning && (
        <AssignForm
          conversation={entry}
          onCancel={() => setAssigning(false)}
          onAssign={(operator) => assignment.assign(entry.conversationId, operator.id).then(() => onAssigned(operator))}
        />
      )}
    </li>
  );
}

export function QueuePanel({
  queue,
  onTake,
  onTakeNext,
  routing,
  assignment,
  autoAssign,
  tools,
}: {
  queue: QueueState;
  /** null: this person does not take conversations (a supervisor only). */
  onTake: ((conversationId: string) => Promise<void>) | null;
  onTakeNext: (() => Promise<void>) | null;
  /** Operators' profile and load (null for a supervisor only). */
  routing: QueueRouting | null;
  assignment: Assignment | null;
  /** The server also hands waiting conversations out by itself (routing mode). */
  autoAssign: boolean;
  /** Extra controls under the title (the alert sound switch). */
  tools?: ReactNode;
}) {
  const t = useT();
  const now = useNow(1000);
  const [taking, setTaking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const entries = sortQueue(queue.entries.values(), now);
  const noticeId = `queue-notice-${useId().replace(/:/g, '')}`;
  const full = routing !== null && atCapacity(routing.load, routing.capacity);
  const noneHandled = routing !== null && entries.every((entry) => notHandled(routing.profile, entry) !== null);
  const nextBlocked = full || noneHandled;

  const take = (id: string | null) => {
    const run = id === null ? onTakeNext : onTake === null ? null : () => onTake(id);
    if (run === null) return;
    setTaking(id ?? 'next');
    setError(null);
    setStatus(null);
    run().then(
      () => setTaking(null),
      (e: unknown) => {
        setTaking(null);
        setError(e);
      },
    );
  };

  return (
    <section className="brigade-panel" aria-labelledby="queue-title">
      <h2 id="queue-title" className="fr-h5 fr-mb-2w">
        {t('queue.title')} <span className="fr-text--regular">({entries.length})</span>
      </h2>
      {tools}
      {autoAssign && (
        <p className="fr-text--sm brigade-queue__notice brigade-queue__notice--info">
          {t(onTake !== null ? 'queue.autoAssign.operator' : 'queue.autoAssign.supervisor')}
        </p>
      )}
      {routing?.paused === true && <p className="fr-text--sm brigade-queue__notice">{t('presence.pausedNotice')}</p>}
      {full && routing !== null && (
        <p id={noticeId} className="fr-text--sm brigade-queue__notice">
          {t('queue.atCapacity', { load: routing.load, capacity: routing.capacity })}
        </p>
      )}
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {!queue.loaded ? (
        <p>{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="fr-text--sm">{t('queue.empty')}</p>
      ) : (
        <>
          {onTakeNext !== null && (
            <div className="fr-mb-2w">
              <button
                type="button"
                className="fr-btn fr-btn--secondary fr-btn--sm"
                disabled={taking !== null || nextBlocked}
                aria-describedby={full ? noticeId : noneHandled ? `${noticeId}-none` : undefined}
                onClick={() => take(null)}
              >
                {t('queue.takeNext')}
              </button>
              {!full && noneHandled && (
                <p id={`${noticeId}-none`} className="fr-text--xs brigade-queue__refusal">
                  {t('queue.noneHandled')}
                </p>
              )}
            </div>
          )}
          <ul className="fr-raw-list brigade-queue">
            {entries.map((entry) => (
              <QueueItem
                key={entry.conversationId}
                entry={entry}
                now={now}
                busy={taking !== null}
                onTake={onTake === null ? null : () => take(entry.conversationId)}
                routing={routing}
                capacityNoticeId={noticeId}
                assignment={assignment}
                onAssigned={(operator) => setStatus(t('assign.done', { operator: `${operator.rank} ${operator.firstName}` }))}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
