// A failure that happened in the browser (not an API or realtime error code), carrying the
// catalogue key of its explanation; `errorText` shows it like any other error.
import type { MessageKey } from '../i18n/i18n.js';

export class LocalizedError extends Error {
  constructor(readonly key: MessageKey) {
    super(key);
    this.name = 'LocalizedError';
  }
}
