// The audit search form as a `GET /api/audit` query string, checked with the protocol's schema.
// Dates come from <input type="datetime-local"> (local time, to the minute).
import { auditSearchQuerySchema } from '@brigade/protocol';

export interface AuditFilters {
  actorId: string;
  conversationId: string;
  /** "2025-03-12T14:05" or "" */
  from: string;
  to: string;
  limit: number;
}

export const AUDIT_LIMITS = [50, 100, 200, 500] as const;
export const emptyAuditFilters: AuditFilters = { actorId: '', conversationId: '', from: '', to: '', limit: 100 };

export type AuditFilterField = 'conversationId' | 'from' | 'to' | 'period';

/** Local date and time → ISO instant; `end` takes the whole minute (a period's last minute is included). */
export function localToIso(value: string, end = false): string | null {
  const date = new Date(value);
  if (value === '' || Number.isNaN(date.getTime())) return null;
  return new Date(date.getTime() + (end ? 59_999 : 0)).toISOString();
}

export function auditQuery(filters: AuditFilters): { query: string } | { errors: readonly AuditFilterField[] } {
  const errors: AuditFilterField[] = [];
  const from = filters.from === '' ? undefined : localToIso(filters.from);
  const to = filters.to === '' ? undefined : localToIso(filters.to, true);
  if (from === null) errors.push('from');
  if (to === null) errors.push('to');
  if (typeof from === 'string' && typeof to === 'string' && from > to) errors.push('period');
  const input = {
    ...(filters.actorId !== '' ? { actorId: filters.actorId } : {}),
    ...(filters.conversationId.trim() !== '' ? { conversationId: filters.conversationId.trim().toLowerCase() } : {}),
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof to === 'string' ? { to } : {}),
    limit: filters.limit,
  };
  const parsed = auditSearchQuerySchema.safeParse(input);
  if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === 'conversationId')) errors.push('conversationId');
  if (errors.length > 0 || !parsed.success) return { errors: errors.length > 0 ? errors : ['period'] };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) params.set(key, String(value));
  return { query: params.toString() };
}
