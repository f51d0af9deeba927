import type { ConversationDeps, DangerRules, DangerRuleStore, RoutingModeDeps, ServiceDeps, StaffDeps, TopicPriorityDeps } from '@brigade/core';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Engine } from './db/schema.js';

/** What routes and realtime handlers receive: use-case dependencies, config, and setup state. */
export interface AppContext {
  config: Config;
  engine: Engine;
  logger: Logger;
  conversationDeps: ConversationDeps;
  staffDeps: StaffDeps;
  dangerRuleDeps: { dangerRules: DangerRules; dangerRuleStore: DangerRuleStore };
  priorityDeps: TopicPriorityDeps;
  routingModeDeps: RoutingModeDeps;
  /** Services, the postal codes they cover, and the postal directory. */
  serviceDeps: ServiceDeps;
  /** Hash of the one-time setup token while no account exists; null afterwards. */
  setup: { tokenHash: string | null };
  /** An argon2id hash of a random password, verified when a username is unknown (equal timing). */
  dummyPasswordHash: string;
  version: string;
}
