// Durations and times as people say them ("4 min", "1 h 05", "03:12").
import type { Language, Translate } from '../i18n/i18n.js';

export function formatDuration(t: Translate, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('duration.seconds', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  return t('duration.hours', { h: hours, mm: String(minutes % 60).padStart(2, '0') });
}

const timeFormats = new Map<Language, Intl.DateTimeFormat>();

export function formatTime(lang: Language, iso: string): string {
  let format = timeFormats.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    timeFormats.set(lang, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

/** "12/03/2025 14:05" (fr) or "12/03/2025, 14:05" (en): a full date and time, local to the reader. */
export function formatDateTime(lang: Language, iso: string): string {
  let format = dateTimeFormats.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
    dateTimeFormats.set(lang, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
