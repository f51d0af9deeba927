// An account's routing profile as the account forms hold it (text for the capacity field, '' for
// "all services"), and as the API takes it.
import { DEFAULT_CAPACITY, TOPICS, type Role, type StaffAccount, type Topic } from '@brigade/protocol';

export interface RoutingValues {
  /** As typed; checked by the protocol's schema (an integer from 1 to 20). */
  capacity: string;
  topics: readonly Topic[];
  /** '' = all services. */
  serviceId: string;
}

/** New accounts handle every topic but minors, which needs training. */
export const defaultRouting: RoutingValues = {
  capacity: String(DEFAULT_CAPACITY),
  topics: TOPICS.filter((topic) => topic !== 'minors'),
  serviceId: '',
};

export function routingOf(account: Pick<StaffAccount, 'capacity' | 'topics' | 'serviceId'>): RoutingValues {
  return { capacity: String(account.capacity), topics: [...account.topics], serviceId: account.serviceId ?? '' };
}

export interface RoutingBody {
  capacity: number;
  topics: Topic[];
  serviceId: string | null;
}

/** The request fields; an unreadable capacity stays NaN so the schema refuses it as `capacity`. */
export function routingBody(values: RoutingValues): RoutingBody {
  const capacity = values.capacity.trim() === '' ? Number.NaN : Number(values.capacity.trim());
  return {
    capacity,
    topics: TOPICS.filter((topic) => values.topics.includes(topic)),
    serviceId: values.serviceId === '' ? null : values.serviceId,
  };
}

/** An operator with no topic could never be given a conversation: the form says so. */
export function missingTopics(roles: readonly Role[], values: RoutingValues): boolean {
  return roles.includes('operator') && values.topics.length === 0;
}
