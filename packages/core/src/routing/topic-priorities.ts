import { DEFAULT_TOPIC_LEVELS, baseLevel, type TopicLevels } from '@brigade/protocol';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditStaff } from '../audit/record-audit.js';
import type { Conversation } from '../conversations/conversation.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/events.js';

/** Where the topic levels in force are kept (null when never changed: the defaults apply). */
export interface TopicPriorityStore {
  load(): Promise<TopicLevels | null>;
  save(levels: TopicLevels, at: string): Promise<void>;
}

/** The topic levels in force, swapped at once when an administrator changes them. */
export class TopicPriorities {
  private current: TopicLevels;
  constructor(levels: TopicLevels = DEFAULT_TOPIC_LEVELS) {
    this.current = { ...DEFAULT_TOPIC_LEVELS, ...levels };
  }
  static async load(store: TopicPriorityStore): Promise<TopicPriorities> {
    return new TopicPriorities((await store.load()) ?? DEFAULT_TOPIC_LEVELS);
  }
  get levels(): TopicLevels {
    return { ...this.current };
  }
  /** A conversation's base level: 0 for danger, else its topic's level. */
  levelOf(conversation: Pick<Conversation, 'danger' | 'topic'>): number {
    return baseLevel(conversation, this.current);
  }
  replace(levels: TopicLevels): void {
    this.current = { ...DEFAULT_TOPIC_LEVELS, ...levels };
  }
}

export interface TopicPriorityDeps {
  priorities: TopicPriorities;
  priorityStore: TopicPriorityStore;
  conversations: Pick<ConversationStore, 'listWaiting'>;
  events: EventPublisher;
  audit: AuditLog;
  clock: Clock;
}

/** Every signed-in staff member may read the levels (the console orders the queue with them). */
export function readTopicPriorities(deps: Pick<TopicPriorityDeps, 'priorities'>, actor: Actor): TopicLevels {
  if (actor.kind !== 'staff') throw new DomainError('auth/forbidden');
  return deps.priorities.levels;
}

/**
 * An administrator sets the topics' levels. Waiting conversations are re-announced so that every
 * console and every citizen's position follow the new order at once.
 */
export async function replaceTopicPriorities(deps: TopicPriorityDeps, actor: Actor, levels: TopicLevels): Promise<TopicLevels> {
  if (actor.kind !== 'staff' || !actor.roles.includes('admin')) throw new DomainError('auth/forbidden');
  const before = deps.priorities.levels;
  await deps.priorityStore.save(levels, deps.clock.now().toISOString());
  deps.priorities.replace(levels);
  const changed = Object.entries(levels)
    .filter(([topic, level]) => before[topic as keyof TopicLevels] !== level)
    .map(([topic, level]) => `${topic}=${String(level)}`)
    .join(',');
  await auditStaff(deps, actor, 'settings.topic_priorities_changed', { detail: { changed: changed || 'none' } });
  for (const conversation of await deps.conversations.listWaiting()) deps.events.publish({ type: 'queue.upsert', conversation });
  return deps.priorities.levels;
}
