// Supervisors: the operators, their availability, load, topics and service, kept fresh (every
// 15 s and when the window gets the focus back) to see who can take what.
import { TOPICS } from '@brigade/protocol';
import { Table } from '../../dsfr/Table.js';
import { useLanguage, useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { formatTime } from '../../shared/format.js';
import { operatorName } from '../../shared/operator-name.js';
import { atCapacity } from '../routing/routing-rules.js';
import { useServices } from '../routing/use-services.js';
import { useOperators } from '../use-operators.js';
import { presenceCounts, sortAgents } from './agents-summary.js';

const BADGES = { available: 'fr-badge--success', paused: 'fr-badge--warning', offline: 'fr-badge--info' } as const;

export function AgentsPage() {
  const t = useT();
  const { lang } = useLanguage();
  const { operators, error, updatedAt, refresh } = useOperators(true);
  const services = useServices();
  const counts = operators === null ? null : presenceCounts(operators);

  return (
    <div>
      <h1 className="fr-h3">{t('agents.title')}</h1>
      <p>{t('agents.intro')}</p>
      <ErrorAlert error={error} />
      <div className="brigade-row-actions fr-mb-2w">
        {updatedAt !== null && (
          <p className="fr-text--sm fr-mb-0" aria-live="off">
            {t('agents.updatedAt', { time: formatTime(lang, new Date(updatedAt).toISOString()) })}
          </p>
        )}
        <button type="button" className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={refresh}>
          {t('agents.refresh')}
        </button>
      </div>
      {operators === null || counts === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : operators.length === 0 ? (
        <p>{t('agents.none')}</p>
      ) : (
        <>
          <p className="fr-text--bold">{t('agents.summary', counts)}</p>
          <Table
            caption={t('agents.caption', { count: operators.length })}
            multiline
            head={
              <>
                <th scope="col">{t('agents.name')}</th>
                <th scope="col">{t('agents.presence')}</th>
                <th scope="col">{t('agents.load')}</th>
                <th scope="col">{t('agents.topics')}</th>
                <th scope="col">{t('agents.service')}</th>
              </>
            }
          >
            {sortAgents(operators).map((operator) => (
              <tr key={operator.id}>
                <th scope="row">{operatorName(operator)}</th>
                <td>
                  <span className={`fr-badge fr-badge--sm fr-badge--no-icon ${BADGES[operator.presence]}`}>{t(`presence.${operator.presence}`)}</span>
                </td>
                <td>
                  {t('presence.load', { load: operator.load, capacity: operator.capacity })}
                  {atCapacity(operator.load, operator.capacity) && <> ({t('agents.full')})</>}
                </td>
                <td>
                  {operator.topics.length === 0
                    ? t('agents.noTopic')
                    : TOPICS.filter((topic) => operator.topics.includes(topic))
                        .map((topic) => t(`topicShort.${topic}`))
                        .join(', ')}
                </td>
                <td>{operator.serviceId === null ? t('agents.allServices') : (services.nameOf(operator.serviceId) ?? '—')}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </div>
  );
}
