// A service's coverage: its postal codes with their communes and département, filterable (a
// national service covers some 6,000 codes: the first matches are shown, the count is announced).
import { coverageListSchema, type CoverageEntry, type ServiceView } from '@brigade/protocol';
import { useEffect, useMemo, useState } from 'react';
import { Table } from '../../dsfr/Table.js';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { filterCoverage } from './coverage.js';

/** Rows shown at most (the filter narrows the rest down). */
const SHOWN = 200;

export function CoveragePanel({ service, onClose }: { service: ServiceView; onClose(): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [entries, setEntries] = useState<readonly CoverageEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');

  useEffect(() => {
    api('GET', `/api/services/${service.id}/postal-codes`, { schema: coverageListSchema }).then(
      (answer) => setEntries(answer.postalCodes),
      (e: unknown) => setError(e),
    );
  }, [service.id]);

  const matches = useMemo(() => (entries === null ? [] : filterCoverage(entries, query)), [entries, query]);

  return (
    <section aria-labelledby="coverage-title" className="brigade-panel">
      <h2 id="coverage-title" ref={heading} tabIndex={-1} className="fr-h5">
        {t('services.coverage.title', { name: service.name })}
      </h2>
      <ErrorAlert error={error} />
      {entries === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('services.coverage.empty')}</p>
      ) : (
        <>
          <div className="brigade-narrow">
            <TextField
              label={t('services.coverage.filter')}
              hint={t('services.coverage.filter.hint')}
              input={{ type: 'search', name: 'coverageFilter', value: query, onChange: (e) => setQuery(e.target.value), autoComplete: 'off' }}
            />
          </div>
          <p role="status" className="fr-text--sm">
            {t('services.coverage.matches', { count: matches.length })}
            {matches.length > SHOWN && ` ${t('services.coverage.truncated', { shown: SHOWN })}`}
          </p>
          {matches.length > 0 && (
            <Table
              caption={t('services.coverage.caption', { name: service.name })}
              hideCaption
              multiline
              head={
                <>
                  <th scope="col">{t('services.coverage.postalCode')}</th>
                  <th scope="col">{t('services.coverage.communes')}</th>
                  <th scope="col">{t('services.coverage.departement')}</th>
                </>
              }
            >
              {matches.slice(0, SHOWN).map((entry) => (
                <tr key={entry.postalCode}>
                  <td>{entry.postalCode}</td>
                  <td>{entry.communes.length === 0 ? t('services.coverage.notInDirectory') : entry.communes.join(', ')}</td>
                  <td>{entry.departement === null ? '—' : `${entry.departement.name} (${entry.departement.code})`}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      <button type="button" className="fr-btn fr-btn--secondary fr-mt-2w" onClick={onClose}>
        {t('common.close')}
      </button>
    </section>
  );
}
