import { DEFAULT_CAPACITY, type Availability, type Role, type StartConversationRequest, type Topic } from '@brigade/protocol';
import type { Actor, StaffActor } from '../actor.js';
import type { ConversationDeps } from '../conversations/deps.js';
import { startConversation } from '../conversations/start-conversation.js';
import type { StaffDeps } from '../staff/deps.js';
import { DEFAULT_OPERATOR_TOPICS, type StaffMember } from '../staff/staff.js';
import { TopicPriorities } from '../routing/topic-priorities.js';
import { InMemoryServiceStore } from './in-memory-service-store.js';
import { FakePostalDirectory } from './fake-postal-directory.js';
import { DangerMatcher, DEFAULT_DANGER_RULES } from '../routing/danger-rules.js';
import { GrowingDelayThrottle } from '../staff/growing-delay-throttle.js';
import { FakeTotp, FakeWebAuthn, FixedClock, RecordingPublisher, SequentialIds, fakeCommonPasswords, fakePasswordHasher, fakeSecretHasher } from './fakes.js';
import { InMemoryFactorStore } from './in-memory-factor-store.js';
import { InMemoryAuditLog } from './in-memory-audit-log.js';
import { InMemoryConversationStore } from './in-memory-conversation-store.js';
import { InMemoryStaffSessionStore, InMemoryStaffStore } from './in-memory-staff-store.js';

/** A staff member as stored plus the actor that acts for them (as after authentication). */
export interface StaffFixture {
  member: StaffMember;
  actor: StaffActor;
}

/** A citizen's conversation as started through the use case, with its token and actor. */
export interface CitizenFixture {
  conversationId: string;
  citizenToken: string;
  actor: Extract<Actor, { kind: 'citizen' }>;
}

/**
 * A complete in-memory world for the core use cases: twins for every store, a fixed clock,
 * predictable ids, and a publisher that records. Builders add staff and citizens.
 */
export function buildWorld() {
  const conversations = new InMemoryConversationStore();
  const staff = new InMemoryStaffStore();
  const sessions = new InMemoryStaffSessionStore();
  const clock = new FixedClock();
  const ids = new SequentialIds();
  const events = new RecordingPublisher();
  const audit = new InMemoryAuditLog();
  const factors = new InMemoryFactorStore();
  const totp = new FakeTotp();
  const webauthn = new FakeWebAuthn();
  const throttle = new GrowingDelayThrottle();
  const services = new InMemoryServiceStore();
  const postalCodes = new FakePostalDirectory();
  const priorities = new TopicPriorities();
  /** Operators with an open connection (builders connect new operators unless told otherwise). */
  const online = new Set<string>();
  const presence = { isOnline: (staffId: string) => online.has(staffId) };
  const deps: ConversationDeps = {
    conversations,
    staff,
    clock,
    ids,
    secrets: fakeSecretHasher,
    events,
    audit,
    danger: new DangerMatcher(DEFAULT_DANGER_RULES),
    priorities,
    services,
    postalCodes,
    presence,
  };
  const staffDeps: StaffDeps = {
    staff,
    sessions,
    passwords: fakePasswordHasher,
    clock,
    ids,
    secrets: fakeSecretHasher,
    events,
    audit,
    sessionTtlMs: 8 * 60 * 60 * 1000,
    sessionIdleMs: 30 * 60 * 1000,
    stepUpWindowMs: 5 * 60 * 1000,
    factors,
    totp,
    webauthn,
    throttle,
    commonPasswords: fakeCommonPasswords,
    services,
  };

  /** Stores a staff member directly (no use case) and returns an actor for them. */
  async function addStaff(
    username: string,
    roles: Role[],
    options: {
      disabled?: boolean;
      rank?: string;
      firstName?: string;
      password?: string;
      capacity?: number;
      topics?: readonly Topic[];
      serviceId?: string | null;
      availability?: Availability;
      online?: boolean;
    } = {},
  ): Promise<StaffFixture> {
    const member: StaffMember = {
      id: ids.uuid(),
      username,
      passwordHash: await fakePasswordHasher.hash(options.password ?? `${username}-password`),
      rank: options.rank ?? 'Gendarme',
      firstName: options.firstName ?? username.charAt(0).toUpperCase() + username.slice(1),
      roles,
      disabled: options.disabled ?? false,
      createdAt: clock.now().toISOString(),
      capacity: options.capacity ?? DEFAULT_CAPACITY,
      topics: [...(options.topics ?? DEFAULT_OPERATOR_TOPICS)],
      serviceId: options.serviceId ?? null,
      availability: options.availability ?? 'available',
    };
    if (options.online ?? true) online.add(member.id);
    if (!(await staff.create(member))) throw new Error(`username ${username} already used in this world`);
    return { member, actor: { kind: 'staff', staffId: member.id, roles, sessionId: `session-of-${username}`, address: '192.0.2.1' } };
  }

  /** A citizen starts a conversation through the use case. */
  async function startAsCitizen(input: Partial<StartConversationRequest> = {}): Promise<CitizenFixture> {
    const { conversation, citizenToken } = await startConversation(deps, {
      topic: input.topic ?? 'general',
      postalCode: input.postalCode ?? '35000',
      danger: input.danger ?? false,
    });
    return { conversationId: conversation.id, citizenToken, actor: { kind: 'citizen', conversationId: conversation.id } };
  }

  return {
    deps,
    staffDeps,
    conversations,
    staff,
    sessions,
    factors,
    totp,
    webauthn,
    throttle,
    clock,
    ids,
    events,
    audit,
    services,
    postalCodes,
    priorities,
    online,
    addStaff,
    startAsCitizen,
  };
}

export type World = ReturnType<typeof buildWorld>;
