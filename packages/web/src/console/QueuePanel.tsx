// The live waiting queue: danger first, then the longest wait; waiting times tick every second.
// Operators take conversations; supervisors who can list the operators assign them.
import type { QueueEntry, StaffAccount } from '@brigade/protocol';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';
import { sortQueue, type QueueState } from '../realtime/queue-state.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { formatDuration } from '../shared/format.js';
import { StatusAlert } from '../shared/StatusAlert.js';
import { useNow } from '../shared/use-now.js';
import { AssignForm } from './AssignForm.js';

/** Supervisors: who can be given a conversation, and how. */
export interface Assignment {
  operators: readonly StaffAccount[];
  assign(conversationId: string, operatorId: string): Promise<void>;
}

function QueueItem({
  entry,
  now,
  busy,
  onTake,
  assignment,
  onAssigned,
}: {
  entry: QueueEntry;
  now: number;
  busy: boolean;
  onTake: (() => void) | null;
  assignment: Assignment | null;
  onAssigned(operator: StaffAccount): void;
}) {
  const t = useT();
  const [assigning, setAssigning] = useState(false);
  const topic = t(`topic.${entry.topic}`);
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
        {entry.postalCode} · {t('queue.waitingFor', { duration: waited })} · {pending}
      </p>
      {/* Not a list: a queue item is itself a list item, found by what it contains. */}
      <div className="brigade-row-actions">
        {onTake !== null && (
          <button type="button" className="fr-btn fr-btn--sm" onClick={onTake} disabled={busy} aria-label={t('queue.takeLabel', { topic, duration: waited })}>
            {t('queue.take')}
          </button>
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
          operators={assignment.operators}
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
  assignment,
  tools,
}: {
  queue: QueueState;
  /** null: this person does not take conversations (a supervisor only). */
  onTake: ((conversationId: string) => Promise<void>) | null;
  onTakeNext: (() => Promise<void>) | null;
  assignment: Assignment | null;
  /** Extra controls under the title (the alert sound switch). */
  tools?: ReactNode;
}) {
  const t = useT();
  const now = useNow(1000);
  const [taking, setTaking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const entries = sortQueue(queue.entries.values(), now);

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
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {!queue.loaded ? (
        <p>{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="fr-text--sm">{t('queue.empty')}</p>
      ) : (
        <>
          {onTakeNext !== null && (
            <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm fr-mb-2w" disabled={taking !== null} onClick={() => take(null)}>
              {t('queue.takeNext')}
            </button>
          )}
          <ul className="fr-raw-list brigade-queue">
            {entries.map((entry) => (
              <QueueItem
                key={entry.conversationId}
                entry={entry}
                now={now}
                busy={taking !== null}
                onTake={onTake === null ? null : () => take(entry.conversationId)}
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
