// What an account edit changes, as the body of `PATCH /api/staff/:id` (only what differs: a role
// change is a sensitive action, a profile change is not).
import type { Role, StaffAccount } from '@brigade/protocol';

export interface StaffEdit {
  rank: string;
  firstName: string;
  roles: readonly Role[];
}

export interface StaffPatch {
  rank?: string;
  firstName?: string;
  roles?: Role[];
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();

export function staffPatch(account: Pick<StaffAccount, 'rank' | 'firstName' | 'roles'>, edit: StaffEdit): StaffPatch {
  const patch: StaffPatch = {};
  if (edit.rank.trim() !== account.rank) patch.rank = edit.rank.trim();
  if (edit.firstName.trim() !== account.firstName) patch.firstName = edit.firstName.trim();
  if (!sameRoles(edit.roles, account.roles)) patch.roles = [...new Set(edit.roles)];
  return patch;
}
