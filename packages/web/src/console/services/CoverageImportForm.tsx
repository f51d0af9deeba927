// Admin: replace a service's postal codes with a CSV file. The file is read in the browser and
// sent as text; a refused file's lines are listed (and announced), nothing is imported then.
import { coverageImportResponseSchema, type CoverageRejection, type ServiceView } from '@brigade/protocol';
import { useId, useState, type FormEvent } from 'react';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { coverageRejection, fileTooLarge, importSummary, lineErrorText, rejectionTitle } from './coverage.js';
import { FormActions } from '../../dsfr/FormActions.js';

export function CoverageImportForm({
  service,
  onImported,
  onCancel,
}: {
  service: ServiceView;
  /** With the sentence that tells what changed. */
  onImported(summary: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const id = `coverage-file-${useId().replace(/:/g, '')}`;
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState<MessageKey | null>(null);
  const [rejection, setRejection] = useState<CoverageRejection | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const refuse = (key: MessageKey) => {
    setFieldError(key);
    document.getElementById(id)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setRejection(null);
    setError(null);
    if (file === null) return refuse('services.import.file.missing');
    if (fileTooLarge(file.size)) return refuse('services.import.file.tooLarge');
    let csv: string;
    try {
      // Only the first column (digits) matters: a spreadsheet's non-UTF-8 export reads fine.
      csv = await file.text();
    } catch {
      return refuse('services.import.file.unreadable');
    }
    setFieldError(null);
    setBusy(true);
    try {
      const result = await api('PUT', `/api/services/${service.id}/postal-codes`, { body: { csv }, schema: coverageImportResponseSchema });
      onImported(importSummary(t, result));
    } catch (e) {
      const refused = coverageRejection(e);
      if (refused === null) setError(e);
      else setRejection(refused);
    } finally {
      setBusy(false);
    }
  };

  const describedBy = [fieldError !== null ? `${id}-error` : '', rejection !== null ? `${id}-rejection` : ''].filter(Boolean).join(' ');

  return (
    <section aria-labelledby={`${id}-title`} className="brigade-panel brigade-narrow">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="fr-h5">
        {t('services.import.title', { name: service.name })}
      </h2>
      <p>{t('services.import.intro')}</p>
      <ErrorAlert error={error} />
      {rejection !== null && (
        <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h3 id={`${id}-rejection`} className="fr-alert__title">
            {rejectionTitle(t, rejection)}
          </h3>
          {!rejection.lineErrors.some((e) => e.problem === 'empty') && (
            <>
              <ul>
                {rejection.lineErrors.map((lineError) => (
                  <li key={lineError.line}>{lineErrorText(t, lineError)}</li>
                ))}
              </ul>
              {rejection.lineErrorCount > rejection.lineErrors.length && <p>{t('services.import.more', { shown: rejection.lineErrors.length })}</p>}
            </>
          )}
        </div>
      )}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className={['fr-upload-group', 'fr-mb-3w', fieldError !== null ? 'fr-upload-group--error' : ''].filter(Boolean).join(' ')}>
          <label className="fr-label" htmlFor={id}>
            {t('services.import.file')}
            <span className="fr-hint-text">{t('services.import.file.hint')}</span>
          </label>
          <input
            id={id}
            className="fr-upload"
            type="file"
            name="coverage"
            accept=".csv,.txt,text/csv,text/plain"
            aria-invalid={fieldError !== null || rejection !== null ? true : undefined}
            aria-describedby={describedBy === '' ? undefined : describedBy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFieldError(null);
              setRejection(null);
            }}
          />
          <div className="fr-messages-group" aria-live="polite">
            {fieldError !== null && (
              <p id={`${id}-error`} className="fr-message fr-message--error">
                {t(fieldError)}
              </p>
            )}
          </div>
        </div>
        <FormActions submitLabel={busy ? t('services.import.sending') : t('services.import.submit')} onCancel={onCancel} />
      </form>
    </section>
  );
}
