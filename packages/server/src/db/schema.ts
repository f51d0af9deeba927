import type { Generated } from 'kysely';

/**
 * Table shapes. Portable on purpose: timestamps are ISO-8601 UTC strings (they sort as text),
 * booleans are 0/1 integers, lists are JSON text; the same rows work on SQLite and PostgreSQL.
 */
export interface StaffTable {
  id: string;
  username: string;
  password_hash: string;
  rank: string;
  first_name: string;
  roles: string;
  disabled: number;
  created_at: string;
  capacity: number;
  /** JSON array of topics. */
  topics: string;
  service_id: string | null;
  availability: string;
}

export interface StaffSessionTable {
  id: string;
  token_hash: string;
  staff_id: string;
  created_at: string;
  expires_at: string;
  stage: string;
  last_seen_at: string | null;
  step_up_at: string | null;
  address: string | null;
  user_agent: string | null;
  /** JSON: a second-factor challenge or enrolment in progress. */
  pending: string | null;
}

export interface StaffFactorTable {
  id: string;
  staff_id: string;
  kind: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  credential_id: string | null;
  public_key: string | null;
  sign_count: number | null;
  /** JSON array of WebAuthn transports. */
  transports: string | null;
}

export interface RecoveryCodeTable {
  staff_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface ConversationTable {
  id: string;
  topic: string;
  postal_code: string;
  danger: number;
  status: string;
  created_at: string;
  waiting_since: string;
  assigned_operator_id: string | null;
  assigned_operator_rank: string | null;
  assigned_operator_first_name: string | null;
  last_seq: number;
  citizen_read_seq: number;
  operator_read_seq: number;
  waiting_messages: number;
  outcome: string | null;
  closed_at: string | null;
  citizen_token_hash: string | null;
  service_id: string | null;
}

export interface ServiceTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ServicePostalCodeTable {
  postal_code: string;
  service_id: string;
}

export interface ConversationEventTable {
  conversation_id: string;
  seq: number;
  kind: string;
  at: string;
  sender: string | null;
  client_message_id: string | null;
  body: string | null;
  operator_id: string | null;
  operator_rank: string | null;
  operator_first_name: string | null;
  /** JSON for the fields of non-message events (topic, danger, outcome, by). */
  data: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  action: string;
  actor_id: string | null;
  conversation_id: string | null;
  target_staff_id: string | null;
  address: string | null;
  reason: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  services: ServiceTable;
  service_postal_codes: ServicePostalCodeTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  staff: StaffTable;
  staff_sessions: StaffSessionTable;
  staff_factors: StaffFactorTable;
  recovery_codes: RecoveryCodeTable;
  conversations: ConversationTable;
  conversation_events: ConversationEventTable;
}

export type Engine = 'sqlite' | 'postgres';
// Kept for future tables with generated columns.
export type { Generated };
