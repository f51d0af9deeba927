import type { Role } from '@brigade/protocol';

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
}

export interface StaffSession {
  id: string;
  tokenHash: string;
  staffId: string;
  createdAt: string;
  expiresAt: string;
}
