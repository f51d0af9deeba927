// /setup#token=…: creates the first administrator with the one-time token printed by the server.
import { setupRequestSchema } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from './field-errors.js';
import { setUp, type StaffSession } from './staff-session.js';
import { emptyStaffFields, StaffFields, type StaffFieldValues } from './StaffFields.js';

/** Reads `token` from a `#token=…` fragment (never sent to the server by the browser). */
export function setupTokenFrom(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token.trim() === '' ? null : token.trim();
}

export function SetupPage({ token, onDone }: { token: string | null; onDone(session: StaffSession): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [values, setValues] = useState<StaffFieldValues>(emptyStaffFields);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || token === null) return;
    const parsed = setupRequestSchema.safeParse({ token, ...values });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
      setError(null);
      return;
    }
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      onDone(await setUp(parsed.data));
    } catch (e) {
      setErrors(fieldErrorsFromApi(e));
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('setup.title')}
      </h1>
      {token === null ? (
        <Alert severity="error" as="h2" title={t('error.title')} description={t('setup.missingToken')} />
      ) : (
        <>
          <p>{t('setup.intro')}</p>
          {Object.keys(errors).length > 0 && <Alert className="fr-mb-3w" severity="error" small role="alert" description={t('staff.invalid')} />}
          <ErrorAlert error={error} />
          <form noValidate onSubmit={(e) => void submit(e)}>
            <StaffFields values={values} errors={errors} onChange={setValues} />
            <button type="submit" className="fr-btn">
              {t('setup.submit')}
            </button>
          </form>
        </>
      )}
      <p className="fr-mt-4w">
        <a className="fr-link" href="/console">
          {t('setup.goToLogin')}
        </a>
      </p>
    </div>
  );
}
