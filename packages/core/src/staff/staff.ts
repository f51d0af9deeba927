import type { Availability, Role, Topic } from '@brigade/protocol';

/** Topics a new operator handles unless an administrator says otherwise: all but minors (training needed). */
export const DEFAULT_OPERATOR_TOPICS: readonly Topic[] = ['general', 'violence', 'cyberharassment', 'discrimination', 'other'];

/** A staff account as stored. */
export interface StaffMember {
  id: string;
  username: string;
  passwordHash: string;
  rank: string;
  firstName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
  /** Routing profile: active conversations held at most at once, topics handled, service (null: any). */
  capacity: number;
  topics: Topic[];
  serviceId: string | null;
  /** The operator's own choice; "offline" is derived from connections, not stored. */
  availability: Availability;
}

/**
 * How far a session has come: password checked, waiting for the second factor; password checked,
 * no factor yet (may only enrol one); or fully authenticated.
 */
export type SessionStage = 'second_factor' | 'enrolment' | 'full';

/** A second-factor ceremony in progress, kept server-side on the session. */
export type PendingChallenge =
  | { kind: 'totp_enrolment'; secret: string }
  | { kind: 'webauthn_registration'; challenge: string }
  | { kind: 'webauthn_authentication'; challenge: string };

export interface StaffSession {
  id: string;
  tokenHash: string;
  staffId: string;
  createdAt: string;
  expiresAt: string;
  stage: SessionStage;
  lastSeenAt: string;
  /** Last time the second factor was (re)verified in this session. */
  stepUpAt: string | null;
  address: string | null;
  userAgent: string | null;
  pending: PendingChallenge | null;
}

/** A registered second factor: an authenticator app (TOTP) or a security key / passkey (WebAuthn). */
export interface SecondFactor {
  id: string;
  staffId: string;
  kind: 'totp' | 'webauthn';
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
  credentialId: string | null;
  publicKey: string | null;
  signCount: number | null;
  transports: string[];
}
