// Security keys and passkeys (WebAuthn) through @simplewebauthn/browser: the server generates
// the options JSON, the browser talks to the key, the server checks the answer.
import { authenticatedResponseSchema, type StaffAccount } from '@brigade/protocol';
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { MessageKey } from '../../i18n/i18n.js';
import { api, type Schema } from '../../shared/api.js';
import { LocalizedError } from '../../shared/localized-error.js';

export function webauthnSupported(): boolean {
  return typeof window !== 'undefined' && browserSupportsWebAuthn();
}

/**
 * `{ options }` as the server sends them. Only their envelope is checked here: the browser's
 * WebAuthn API validates the options themselves, and the server checks what comes back.
 */
function optionsOf<T>(): Schema<T> {
  return {
    safeParse(input) {
      if (typeof input !== 'object' || input === null || !('options' in input)) return { success: false };
      const options = input.options;
      if (typeof options !== 'object' || options === null || !('challenge' in options) || typeof options.challenge !== 'string') {
        return { success: false };
      }
      return { success: true, data: options as T };
    },
  };
}

/** What to tell the person when the browser or the key did not complete the ceremony. */
export function ceremonyErrorKey(error: unknown): MessageKey {
  const code = error instanceof WebAuthnError ? error.code : null;
  const name = error instanceof Error ? error.name : '';
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') return 'webauthn.error.alreadyRegistered';
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') return 'webauthn.error.insecure';
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError') return 'webauthn.error.cancelled';
  return 'webauthn.error.failed';
}

async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new LocalizedError(ceremonyErrorKey(error));
  }
}

/**
 * Registers a new key for the signed-in person (first factor at enrolment, or another one later:
 * the server then asks for a recent second factor). Recovery codes come with the first factor only.
 */
export async function registerSecurityKey(label: string): Promise<{ staff: StaffAccount; recoveryCodes: string[] | null }> {
  const optionsJSON = await api('POST', '/api/factors/webauthn/options', { body: {}, schema: optionsOf<PublicKeyCredentialCreationOptionsJSON>() });
  const response = await ceremony(() => startRegistration({ optionsJSON }));
  const answer = await api('POST', '/api/factors/webauthn', { body: { response, label }, schema: authenticatedResponseSchema });
  return { staff: answer.staff, recoveryCodes: answer.recoveryCodes };
}

/** Second factor with a registered key: at login, or to confirm a sensitive action. */
export async function verifySecurityKey(): Promise<StaffAccount> {
  const optionsJSON = await api('POST', '/api/auth/webauthn/options', { body: {}, schema: optionsOf<PublicKeyCredentialRequestOptionsJSON>() });
  const response = await ceremony(() => startAuthentication({ optionsJSON }));
  return (await api('POST', '/api/auth/webauthn', { body: { response }, schema: authenticatedResponseSchema })).staff;
}
