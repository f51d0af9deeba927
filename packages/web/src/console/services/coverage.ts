// What the services page says about a coverage import and how it filters a coverage listing:
// plain functions, tested without a browser.
import {
  COVERAGE_CSV_MAX_CHARS,
  coverageRejectionSchema,
  type CoverageEntry,
  type CoverageImportResponse,
  type CoverageLineError,
  type CoverageRejection,
} from '@brigade/protocol';
import type { Translate } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';

/** The line errors of a refused import, or null for any other failure. */
export function coverageRejection(error: unknown): CoverageRejection | null {
  if (!(error instanceof ApiError) || error.code !== 'request/invalid') return null;
  const parsed = coverageRejectionSchema.safeParse(error.body);
  return parsed.success ? parsed.data : null;
}

/** One refused line, in words. */
export function lineErrorText(t: Translate, error: CoverageLineError): string {
  switch (error.problem) {
    case 'malformed':
      return error.value === ''
        ? t('services.import.line.blank', { line: error.line })
        : t('services.import.line.malformed', { line: error.line, value: error.value });
    case 'unknown':
      return t('services.import.line.unknown', { line: error.line, value: error.value });
    case 'empty':
      return t('services.import.line.empty');
  }
}

/** The title of a refused import: how many lines to correct. */
export function rejectionTitle(t: Translate, rejection: CoverageRejection): string {
  if (rejection.lineErrors.some((e) => e.problem === 'empty')) return t('services.import.refusedEmpty');
  return rejection.lineErrorCount === 1 ? t('services.import.refused.one') : t('services.import.refused.many', { count: rejection.lineErrorCount });
}

/** What a successful import changed, in one announcement. */
export function importSummary(t: Translate, result: CoverageImportResponse): string {
  const parts = [t('services.import.done', { name: result.service.name, count: result.service.postalCodeCount })];
  for (const moved of result.moved) parts.push(t('services.import.moved', { count: moved.postalCodeCount, name: moved.serviceName }));
  if (result.released > 0) parts.push(t('services.import.released', { count: result.released }));
  return parts.join(' ');
}

/** A file the server would refuse for its size alone (checked before reading it). */
export function fileTooLarge(size: number): boolean {
  // Bytes ≥ characters: a file under the limit in bytes is under it in characters.
  return size > COVERAGE_CSV_MAX_CHARS;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/**
 * The entries matching what an administrator typed: a postal code (or its start), a commune, a
 * département name or code; accents and case ignored. An empty query matches everything.
 */
export function filterCoverage(entries: readonly CoverageEntry[], query: string): CoverageEntry[] {
  const q = fold(query.trim());
  if (q === '') return [...entries];
  return entries.filter(
    (e) =>
      e.postalCode.startsWith(q) ||
      e.communes.some((c) => fold(c).includes(q)) ||
      (e.departement !== null && (fold(e.departement.name).includes(q) || fold(e.departement.code) === q)),
  );
}
