import type { DomainEvent, EventPublisher } from '@brigade/core';
import { CLOSE_CODES, DEFAULT_TOPIC_LEVELS, type TopicLevels } from '@brigade/protocol';
import { presentConversationToCitizen, presentEventToCitizen } from '../presenters/citizen.presenter.js';
import { presentConversationToStaff, presentEventToStaff, presentQueueEntry, presentStaffAccount } from '../presenters/staff.presenter.js';
import type { Connection } from './connection.js';
import type { Dispatcher } from './dispatcher.js';
import type { OperatorPresence } from './operator-presence.js';
import type { QueuePositions } from './queue-positions.js';

/** Stream key under which queue frames are held while a queue snapshot is in flight. */
export const QUEUE_STREAM = 'queue';

type Deliver<T extends DomainEvent['type']> = (hub: Hub, event: Extract<DomainEvent, { type: T }>) => void;

/**
 * The typed map from each domain event to its deliveries, audience by audience. Every frame a
 * citizen receives is built by a citizen presenter; staff-only data cannot take another path.
 */
const deliveries: { [T in DomainEvent['type']]: Deliver<T> } = {
  'conversation.event': (hub, { conversation, event }) => {
    const forCitizen = { type: 'conversation.event', conversationId: conversation.id, event: presentEventToCitizen(event) } as const;
    const forStaff = { type: 'conversation.event', conversationId: conversation.id, event: presentEventToStaff(event) } as const;
    for (const c of hub.subscribersOf(conversation.id)) c.sendLive(conversation.id, c.audience === 'citizen' ? forCitizen : forStaff);
  },
  'conversation.updated': (hub, { conversation }) => {
    const forCitizen = { type: 'conversation.updated', conversation: presentConversationToCitizen(conversation) } as const;
    const forStaff = { type: 'conversation.updated', conversation: presentConversationToStaff(conversation) } as const;
    for (const c of hub.subscribersOf(conversation.id)) c.sendLive(conversation.id, c.audience === 'citizen' ? forCitizen : forStaff);
  },
  'queue.upsert': (hub, { conversation }) => {
    const frame = { type: 'queue.upsert', entry: presentQueueEntry(conversation, hub.topicLevels()) } as const;
    for (const c of hub.queueWatchers) c.sendLive(QUEUE_STREAM, frame);
    hub.queueChanged('upsert');
  },
  'conversation.assigned': (hub, { conversation, fromQueue }) => {
    hub.queueChanged(fromQueue ? 'take' : 'upsert');
    // Every console of the new holder lists it under "my conversations" (other tabs, or a supervisor's assignment).
    const holder = conversation.assignedOperator?.id;
    const frame = { type: 'conversation.assigned', conversation: presentConversationToStaff(conversation) } as const;
    if (holder) for (const c of hub.staff) if (c.actor?.kind === 'staff' && c.actor.staffId === holder) c.send(frame);
  },
  'conversation.unassigned': (hub, { conversation, operatorId }) => {
    hub.dispatcher?.handedBackBy(conversation.id, operatorId);
    // Every console of the previous holder learns it left them (subscribed ones already had the
    // update), and stops receiving it: only holders and supervisors read a conversation live.
    const frame = { type: 'conversation.updated', conversation: presentConversationToStaff(conversation) } as const;
    for (const c of hub.staff) {
      if (c.actor?.kind !== 'staff' || c.actor.staffId !== operatorId) continue;
      if (!c.subscriptions.has(conversation.id)) c.send(frame);
      else if (!c.actor.roles.includes('supervisor')) hub.unsubscribe(c, conversation.id);
    }
  },
  'queue.remove': (hub, { conversationId }) => {
    for (const c of hub.queueWatchers) c.sendLive(QUEUE_STREAM, { type: 'queue.remove', conversationId });
    hub.queueChanged('remove');
  },
  typing: (hub, { conversationId, from, typing }) => {
    // Each side hears only the other side's typing.
    const to = from === 'citizen' ? 'staff' : 'citizen';
    for (const c of hub.subscribersOf(conversationId)) {
      if (c.audience === to) c.sendLive(conversationId, { type: 'typing', conversationId, from, typing });
    }
  },
  'citizen.session_ended': (hub, { conversationId }) => {
    for (const c of [...hub.citizenConnections(conversationId)]) {
      c.send({ type: 'session.ended', reason: 'citizen_exit' });
      c.close(CLOSE_CODES.sessionEnded, 'session ended');
    }
  },
  'danger.detected': (hub, { conversation, category }) => {
    // Supervisors hear of it at once, wherever they are in the console.
    const frame = { type: 'alert.danger', conversationId: conversation.id, category, status: conversation.status } as const;
    for (const c of hub.staff) if (c.actor?.kind === 'staff' && c.actor.roles.includes('supervisor')) c.send(frame);
  },
  'queue.waited_too_long': (hub, { conversation }) => {
    const frame = { type: 'alert.waiting', conversationId: conversation.id, waitingSince: conversation.waitingSince, danger: conversation.danger } as const;
    for (const c of hub.staff) if (c.actor?.kind === 'staff' && c.actor.roles.includes('supervisor')) c.send(frame);
  },
  'staff.updated': (hub, { member }) => {
    const frame = { type: 'account.updated', staff: presentStaffAccount(member) } as const;
    for (const c of hub.staff) if (c.actor?.kind === 'staff' && c.actor.staffId === member.id) c.send(frame);
  },
  'staff.disabled': (hub, { staffId }) => {
    for (const c of [...hub.staff]) {
      if (c.actor?.kind !== 'staff' || c.actor.staffId !== staffId) continue;
      c.send({ type: 'session.ended', reason: 'revoked' });
      c.close(CLOSE_CODES.sessionEnded, 'account disabled');
    }
  },
  'staff.session_ended': (hub, { sessionId, reason }) => {
    for (const c of [...hub.staffSessionConnections(sessionId)]) {
      c.send({ type: 'session.ended', reason });
      c.close(CLOSE_CODES.sessionEnded, 'session ended');
    }
  },
};

/** In-process fan-out: who listens to what. A multi-node adapter would relay events between hubs. */
export class Hub implements EventPublisher {
  private readonly byConversation = new Map<string, Set<Connection>>();
  readonly queueWatchers = new Set<Connection>();
  readonly connections = new Set<Connection>();
  /**
   * Staff connections once their hello succeeded (a staff socket keeps its actor for life: role
   * changes close it). Events for staff walk these, not every citizen's socket as well: an alert
   * for each of 5,000 conversations would otherwise cost 5,000 × 5,000 checks.
   */
  readonly staff = new Set<Connection>();
  private readonly citizens = new Map<string, Set<Connection>>();
  /** Set by the composition root: citizens' queue positions. */
  positions: QueuePositions | null = null;
  /** Set by the composition root: operators' connections and grace periods. */
  presence: OperatorPresence | null = null;
  /** Set by the composition root: automatic assignment, poked when an operator becomes available. */
  dispatcher: Dispatcher | null = null;
  /** Set by the composition root: the topics' levels in force, for queue entries. */
  topicLevels: () => TopicLevels = () => DEFAULT_TOPIC_LEVELS;
  /** Called when the queue changed ('take' when an operator got a conversation). */
  queueChanged: (why: 'upsert' | 'remove' | 'take') => void = () => {};

  publish(event: DomainEvent): void {
    (deliveries[event.type] as Deliver<typeof event.type>)(this, event);
  }

  add(connection: Connection): void {
    this.connections.add(connection);
  }

  remove(connection: Connection): void {
    connection.dispose();
    this.connections.delete(connection);
    this.staff.delete(connection);
    if (connection.actor?.kind === 'staff' && connection.actor.roles.includes('operator')) this.presence?.disconnected(connection.actor.staffId);
    if (connection.actor?.kind === 'citizen') {
      const set = this.citizens.get(connection.actor.conversationId);
      set?.delete(connection);
      if (set?.size === 0) this.citizens.delete(connection.actor.conversationId);
    }
    this.queueWatchers.delete(connection);
    for (const id of connection.subscriptions) {
      const set = this.byConversation.get(id);
      set?.delete(connection);
      if (set?.size === 0) this.byConversation.delete(id);
    }
    connection.subscriptions.clear();
  }

  subscribe(connection: Connection, conversationId: string): void {
    let set = this.byConversation.get(conversationId);
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(connection);
    connection.subscriptions.add(conversationId);
  }

  unsubscribe(connection: Connection, conversationId: string): void {
    const set = this.byConversation.get(conversationId);
    set?.delete(connection);
    if (set?.size === 0) this.byConversation.delete(conversationId);
    connection.subscriptions.delete(conversationId);
  }

  subscribersOf(conversationId: string): Iterable<Connection> {
    return this.byConversation.get(conversationId) ?? [];
  }

  /** Indexes a citizen connection by its conversation once its hello succeeded (not one that closed meanwhile). */
  addCitizen(connection: Connection, conversationId: string): void {
    if (!this.connections.has(connection)) return;
    let set = this.citizens.get(conversationId);
    if (!set) this.citizens.set(conversationId, (set = new Set()));
    set.add(connection);
  }

  /** Indexes a staff connection once its hello succeeded (not one that closed meanwhile). */
  addStaff(connection: Connection): void {
    if (connection.actor?.kind === 'staff' && this.connections.has(connection)) this.staff.add(connection);
  }

  citizenConnections(conversationId: string): Iterable<Connection> {
    return this.citizens.get(conversationId) ?? [];
  }

  *staffSessionConnections(sessionId: string): Iterable<Connection> {
    for (const c of this.staff) if (c.actor?.kind === 'staff' && c.actor.sessionId === sessionId) yield c;
  }
}
