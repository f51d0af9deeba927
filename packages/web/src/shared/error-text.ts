// Turns any failure (API, realtime request, network) into a translated sentence.
import { ERROR_CODES, type ErrorCode } from '@brigade/protocol';
import type { Translate } from '../i18n/i18n.js';
import { RealtimeError } from '../realtime/realtime-client.js';
import { ApiError } from './api.js';
import { LocalizedError } from './localized-error.js';

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function errorCodeOf(error: unknown): ErrorCode | null {
  if (error instanceof ApiError || error instanceof RealtimeError) return error.code;
  return null;
}

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof LocalizedError) return t(error.key);
  const code = errorCodeOf(error);
  if (code === null || !isErrorCode(code)) return t('error.network');
  const text = t(`error.${code}`);
  const correlationId = error instanceof ApiError ? error.correlationId : undefined;
  return correlationId === undefined ? text : `${text} ${t('error.correlation', { id: correlationId })}`;
}
