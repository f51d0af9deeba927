// Staff authentication calls: who am I (and how far signed in), password step, second factor
// (authenticator app code or recovery code; keys are in factors/webauthn.ts), enrolment of an
// authenticator app, setup, logout.
import {
  authenticatedResponseSchema,
  loginResponseSchema,
  meResponseSchema,
  staffAccountSchema,
  totpEnrolmentSchema,
  type LoginRequest,
  type LoginResponse,
  type SetupRequest,
  type StaffAccount,
} from '@brigade/protocol';
import { api, ApiError, type Schema } from '../shared/api.js';

/** `{ staff }`: the answer of POST /api/staff (the protocol names no schema for this envelope). */
export const staffResponseSchema: Schema<{ staff: StaffAccount }> = {
  safeParse(input) {
    if (typeof input !== 'object' || input === null || !('staff' in input)) return { success: false };
    const staff = staffAccountSchema.safeParse(input.staff);
    return staff.success ? { success: true, data: { staff: staff.data } } : { success: false };
  },
};

export type SessionStage = 'second_factor' | 'enrolment' | 'full';
export type SecondFactorMethod = Extract<LoginResponse, { status: 'second_factor_required' }>['methods'][number];

export interface StaffSession {
  staff: StaffAccount;
  stage: SessionStage;
}

/** The signed-in staff member and stage, or null when there is no session. */
export async function currentSession(): Promise<StaffSession | null> {
  try {
    return await api('GET', '/api/auth/me', { schema: meResponseSchema });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'auth/required' || error.code === 'auth/session_ended')) return null;
    throw error;
  }
}

/** Password step: the session then needs a second factor, or its first enrolment. */
export async function logIn(request: LoginRequest): Promise<LoginResponse> {
  return api('POST', '/api/auth/login', { body: request, schema: loginResponseSchema });
}

export async function verifyTotp(code: string): Promise<StaffAccount> {
  return (await api('POST', '/api/auth/totp', { body: { code }, schema: authenticatedResponseSchema })).staff;
}

export async function verifyRecoveryCode(code: string): Promise<StaffAccount> {
  return (await api('POST', '/api/auth/recovery', { body: { code }, schema: authenticatedResponseSchema })).staff;
}

export async function startTotpEnrolment(): Promise<{ secret: string; qrSvg: string }> {
  const { secret, qrSvg } = await api('POST', '/api/factors/totp/start', { body: {}, schema: totpEnrolmentSchema });
  return { secret, qrSvg };
}

/** Recovery codes come with the first factor only (null when another one is added later). */
export async function confirmTotpEnrolment(code: string, label: string): Promise<{ staff: StaffAccount; recoveryCodes: string[] | null }> {
  const answer = await api('POST', '/api/factors/totp', { body: { code, label }, schema: authenticatedResponseSchema });
  return { staff: answer.staff, recoveryCodes: answer.recoveryCodes };
}

export async function setUp(request: SetupRequest): Promise<StaffSession> {
  return api('POST', '/api/setup', { body: request, schema: meResponseSchema });
}

export async function logOut(): Promise<void> {
  await api('POST', '/api/auth/logout', { schema: null });
}
