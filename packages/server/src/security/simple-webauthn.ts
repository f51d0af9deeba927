import type { WebAuthnPort } from '@brigade/core';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import * as z from 'zod';

// The browser's answers are outside data: check their shape before the library reads them.
const registrationResponseSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string(), attestationObject: z.string() }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});
const authenticationResponseSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string(), authenticatorData: z.string(), signature: z.string() }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const transports = (list: string[]): AuthenticatorTransport[] => list.filter((t): t is AuthenticatorTransport => TRANSPORTS.has(t));

/** WebAuthn through @simplewebauthn/server: no attestation, user verification preferred. */
export const simpleWebAuthn: WebAuthnPort = {
  async registrationOptions(rp, user, exclude) {
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.name,
      userID: new TextEncoder().encode(user.id),
      userDisplayName: user.displayName,
      attestationType: 'none',
      excludeCredentials: exclude.map((id) => ({ id })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    return { options, challenge: options.challenge };
  },
  async verifyRegistration(rp, response, expectedChallenge) {
    const parsed = registrationResponseSchema.safeParse(response);
    if (!parsed.success) return null;
    try {
      const result = await verifyRegistrationResponse({
        response: parsed.data as unknown as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const { credential } = result.registrationInfo;
      return {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        signCount: credential.counter,
        transports: credential.transports ?? [],
      };
    } catch {
      return null; // a forged or malformed answer is a failed check, not a server error
    }
  },
  async authenticationOptions(rp, allow) {
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: allow.map((c) => ({ id: c.credentialId, transports: transports(c.transports) })),
      userVerification: 'preferred',
    });
    return { options, challenge: options.challenge };
  },
  credentialIdOf(response) {
    const parsed = authenticationResponseSchema.safeParse(response);
    return parsed.success ? parsed.data.id : null;
  },
  async verifyAuthentication(rp, response, expectedChallenge, credential) {
    const parsed = authenticationResponseSchema.safeParse(response);
    if (!parsed.success) return null;
    try {
      const result = await verifyAuthenticationResponse({
        response: parsed.data as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: credential.credentialId,
          publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
          counter: credential.signCount,
          transports: credential.transports,
        },
        requireUserVerification: false,
      });
      return result.verified ? { signCount: result.authenticationInfo.newCounter } : null;
    } catch {
      return null;
    }
  },
};
