// Staff authentication calls: who am I, log in, first-administrator setup, log out.
import {
  loginResponseSchema,
  meResponseSchema,
  setupStatusSchema,
  type LoginRequest,
  type SetupRequest,
  type StaffAccount,
} from '@brigade/protocol';
import { api, ApiError } from '../shared/api.js';

/** `{ staff }`: the shape of /api/auth/me, also answered by POST /api/setup and POST /api/staff. */
export const staffResponseSchema = meResponseSchema;

/** The logged-in staff member, or null when the session cookie is missing or expired. */
export async function currentStaff(): Promise<StaffAccount | null> {
  try {
    return (await api('GET', '/api/auth/me', { schema: meResponseSchema })).staff;
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'auth/required' || error.code === 'auth/session_ended')) return null;
    throw error;
  }
}

export async function logIn(request: LoginRequest): Promise<StaffAccount> {
  return (await api('POST', '/api/auth/login', { body: request, schema: loginResponseSchema })).staff;
}

export async function setupNeeded(): Promise<boolean> {
  return (await api('GET', '/api/setup', { schema: setupStatusSchema })).needed;
}

export async function setUp(request: SetupRequest): Promise<StaffAccount> {
  return (await api('POST', '/api/setup', { body: request, schema: staffResponseSchema })).staff;
}

export async function logOut(): Promise<void> {
  await api('POST', '/api/auth/logout', { schema: null });
}
