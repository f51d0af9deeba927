import type { TotpPort } from '@brigade/core';
import { generateSecret, generateURI, verify } from 'otplib';

const PERIOD_S = 30;

/** RFC 6238 with the defaults every authenticator app supports (SHA-1, 6 digits, 30 s), ±1 step of drift. */
export const otplibTotp: TotpPort = {
  newSecret: () => generateSecret({ length: 20 }),
  uri: (accountName, secret) => generateURI({ issuer: 'Brigade', label: accountName, secret }),
  verify: async (secret, code, now) => {
    const epoch = Math.floor(now.getTime() / 1000);
    if (!/^\d{6}$/.test(code)) return { valid: false, timeStep: Math.floor(epoch / PERIOD_S) };
    const result = await verify({ secret, token: code, epoch, epochTolerance: PERIOD_S });
    // The matched step is the current one shifted by the reported drift (delta, in periods).
    const step = Math.floor(epoch / PERIOD_S) + ('delta' in result && typeof result.delta === 'number' ? result.delta : 0);
    return { valid: result.valid, timeStep: step };
  },
};
