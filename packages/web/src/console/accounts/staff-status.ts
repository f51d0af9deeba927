// Admin: disable an account (its sessions and sockets end at once) or enable it again. Both ask
// for a recent second factor.
import type { StaffAccount } from '@brigade/protocol';
import { api } from '../../shared/api.js';
import { staffResponseSchema } from '../staff-session.js';

export async function setStaffDisabled(id: string, disabled: boolean): Promise<StaffAccount> {
  const path = `/api/staff/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`;
  return (await api('POST', path, { body: {}, schema: staffResponseSchema })).staff;
}
