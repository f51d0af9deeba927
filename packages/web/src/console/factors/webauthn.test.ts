import { WebAuthnError } from '@simplewebauthn/browser';
import { expect, test } from 'vitest';
import { ceremonyErrorKey } from './webauthn.js';

test('a key that did not answer, a key already registered, an insecure page are told apart', () => {
  const aborted = new WebAuthnError({ message: 'aborted', code: 'ERROR_CEREMONY_ABORTED', cause: new Error('x'), name: 'AbortError' });
  expect(ceremonyErrorKey(aborted)).toBe('webauthn.error.cancelled');
  expect(ceremonyErrorKey(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'))).toBe('webauthn.error.cancelled');
  const again = new WebAuthnError({ message: 'again', code: 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED', cause: new Error('x'), name: 'InvalidStateError' });
  expect(ceremonyErrorKey(again)).toBe('webauthn.error.alreadyRegistered');
  expect(ceremonyErrorKey(new DOMException('This is an invalid domain.', 'SecurityError'))).toBe('webauthn.error.insecure');
  expect(ceremonyErrorKey(new Error('WebAuthn is not supported in this browser'))).toBe('webauthn.error.failed');
});
