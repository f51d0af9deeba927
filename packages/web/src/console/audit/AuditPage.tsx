// Admin: search the audit trail (every search is itself recorded by the server).
import { auditSearchResponseSchema, staffListResponseSchema, type AuditEntryView, type StaffAccount } from '@brigade/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { AuditFiltersForm } from './AuditFiltersForm.js';
import { AuditTable } from './AuditTable.js';

export function AuditPage() {
  const t = useT();
  const [staff, setStaff] = useState<readonly StaffAccount[]>([]);
  const [entries, setEntries] = useState<readonly AuditEntryView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    api('GET', '/api/staff', { schema: staffListResponseSchema }).then(
      (answer) => setStaff(answer.staff),
      (e: unknown) => setError(e),
    );
  }, []);

  const search = useCallback((query: string) => {
    setSearching(true);
    setError(null);
    api('GET', `/api/audit?${query}`, { schema: auditSearchResponseSchema }).then(
      (answer) => {
        setEntries(answer.entries);
        setSearching(false);
      },
      (e: unknown) => {
        setError(e);
        setSearching(false);
      },
    );
  }, []);
  useEffect(() => search('limit=100'), [search]);

  const byId = useMemo(() => new Map(staff.map((s) => [s.id, s])), [staff]);

  return (
    <div>
      <h1 className="fr-h3">{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <AuditFiltersForm staff={staff} onSearch={search} />
      <ErrorAlert error={error} />
      <section aria-labelledby="audit-results-title" aria-busy={searching}>
        <h2 id="audit-results-title" className="fr-h5">
          {t('audit.resultsTitle')}
        </h2>
        <div role="status">{entries !== null && !searching && <p className="fr-text--sm">{t('audit.found', { count: entries.length })}</p>}</div>
        {entries === null ? (
          error === null && <p>{t('common.loading')}</p>
        ) : entries.length === 0 ? (
          <p>{t('audit.none')}</p>
        ) : (
          <AuditTable entries={entries} staff={byId} />
        )}
      </section>
    </div>
  );
}
