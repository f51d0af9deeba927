import type { AuditLog } from '../audit/audit-log.js';
import type { DangerRule } from '../routing/danger-rules.js';
import type { TopicPriorities } from '../routing/topic-priorities.js';
import type { PostalDirectory } from '../services/postal-directory.js';
import type { ServiceStore } from '../services/service-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventPublisher } from '../ports/events.js';
import type { IdGenerator, SecretHasher } from '../ports/ids.js';
import type { StaffStore } from '../staff/staff-store.js';
import type { ConversationStore } from './conversation-store.js';

/** Everything the conversation use cases need; passed explicitly, no container. */
export interface ConversationDeps {
  conversations: ConversationStore;
  staff: StaffStore;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretHasher;
  events: EventPublisher;
  audit: AuditLog;
  /** The danger rules in force (administrators may change them at any time). */
  danger: { match(text: string): DangerRule | null };
  /** The topics' levels in force (administrators may change them at any time). */
  priorities: TopicPriorities;
  services: ServiceStore;
  /** Which postal codes exist (a citizen's code must). */
  postalCodes: PostalDirectory;
  /** Whether an operator has an open connection (offline otherwise). */
  presence: { isOnline(staffId: string): boolean };
}
