import { expect, test } from 'vitest';
import { methodsOf, usableMethods } from './methods.js';

test('an account’s methods come from its factors, recovery only while codes are left', () => {
  expect(methodsOf({ factors: [{ kind: 'totp' }], recoveryCodesLeft: 0 })).toEqual(['totp']);
  expect(methodsOf({ factors: [{ kind: 'totp' }, { kind: 'webauthn' }, { kind: 'webauthn' }], recoveryCodesLeft: 3 })).toEqual([
    'webauthn',
    'totp',
    'recovery',
  ]);
});

test('a key is offered first, and only where the browser supports WebAuthn', () => {
  expect(usableMethods(['totp', 'recovery', 'webauthn'], true)).toEqual(['webauthn', 'totp', 'recovery']);
  expect(usableMethods(['webauthn', 'recovery'], false)).toEqual(['recovery']);
});
