// An account's routing profile at a glance, for the accounts table: how many conversations at
// once, which topics (minors set apart: it needs training), which service.
import { TOPICS, type StaffAccount, type Topic } from '@brigade/protocol';
import type { Translate } from '../../i18n/i18n.js';

/** Beyond this many topics, the table gives their number rather than their names. */
const MAX_NAMED = 2;
const OTHERS: readonly Topic[] = TOPICS.filter((topic) => topic !== 'minors');

export interface RoutingSummary {
  capacity: string;
  /** The topics other than minors, in words ('' when minors is the only one). */
  topics: string;
  /** Trained for minors: shown as a badge. */
  minors: boolean;
  service: string;
}

export function routingSummary(
  t: Translate,
  account: Pick<StaffAccount, 'capacity' | 'topics' | 'serviceId'>,
  serviceName: (serviceId: string) => string | null,
): RoutingSummary {
  const minors = account.topics.includes('minors');
  const others = OTHERS.filter((topic) => account.topics.includes(topic));
  const topics =
    account.topics.length === 0
      ? t('accounts.routing.noTopic')
      : others.length === OTHERS.length
        ? t(minors ? 'accounts.routing.allTopics' : 'accounts.routing.allButMinors')
        : others.length === 0
          ? ''
          : others.length <= MAX_NAMED
            ? others.map((topic) => t(`topicShort.${topic}`)).join(', ')
            : t('accounts.routing.someTopics', { count: others.length, total: OTHERS.length });
  const service =
    account.serviceId === null
      ? t('accounts.routing.allServices')
      : t('accounts.routing.service', { name: serviceName(account.serviceId) ?? t('accounts.routing.unknownService') });
  const capacity = account.capacity === 1 ? t('accounts.routing.capacityOne') : t('accounts.routing.capacity', { capacity: account.capacity });
  return { capacity, topics, minors, service };
}
