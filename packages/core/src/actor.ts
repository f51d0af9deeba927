import type { Role } from '@brigade/protocol';

/** Whoever is acting: a citizen bound to one conversation, or an authenticated staff member. */
export type Actor =
  | { kind: 'citizen'; conversationId: string }
  | {
      kind: 'staff';
      staffId: string;
      roles: readonly Role[];
      sessionId: string;
      address: string | null;
      /** When this session last verified a second factor (for sensitive actions). */
      stepUpAt?: string | null;
    };

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const hasRole = (actor: Actor, role: Role): boolean => actor.kind === 'staff' && actor.roles.includes(role);
