// What an account edit changes, as the body of `PATCH /api/staff/:id` (only what differs: a role
// change is a sensitive action, a profile or routing change is not).
import type { Role, StaffAccount, Topic } from '@brigade/protocol';

export interface StaffEdit {
  rank: string;
  firstName: string;
  roles: readonly Role[];
  /** Routing profile, when the form edits it (NaN capacity: unreadable, refused by the schema). */
  capacity?: number;
  topics?: readonly Topic[];
  serviceId?: string | null;
}

export interface StaffPatch {
  rank?: string;
  firstName?: string;
  roles?: Role[];
  capacity?: number;
  topics?: Topic[];
  serviceId?: string | null;
}

const sameSet = (a: readonly string[], b: readonly string[]) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();

export function staffPatch(
  account: Pick<StaffAccount, 'rank' | 'firstName' | 'roles'> & Partial<Pick<StaffAccount, 'capacity' | 'topics' | 'serviceId'>>,
  edit: StaffEdit,
): StaffPatch {
  const patch: StaffPatch = {};
  if (edit.rank.trim() !== account.rank) patch.rank = edit.rank.trim();
  if (edit.firstName.trim() !== account.firstName) patch.firstName = edit.firstName.trim();
  if (!sameSet(edit.roles, account.roles)) patch.roles = [...new Set(edit.roles)];
  if (edit.capacity !== undefined && edit.capacity !== account.capacity) patch.capacity = edit.capacity;
  if (edit.topics !== undefined && !sameSet(edit.topics, account.topics ?? [])) patch.topics = [...new Set(edit.topics)];
  if (edit.serviceId !== undefined && edit.serviceId !== (account.serviceId ?? null)) patch.serviceId = edit.serviceId;
  return patch;
}
