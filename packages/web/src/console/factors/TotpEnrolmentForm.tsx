// Enrolling an authenticator app: scan the QR code (or type the key), then confirm with a code.
import { confirmTotpRequestSchema, type StaffAccount } from '@brigade/protocol';
import { useEffect, useState, type FormEvent } from 'react';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from '../field-errors.js';
import { confirmTotpEnrolment, startTotpEnrolment } from '../staff-session.js';
import type { Guard } from './guard.js';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to copy by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpEnrolmentForm({
  guard,
  onEnrolled,
  submitLabel,
}: {
  guard: Guard;
  onEnrolled(staff: StaffAccount, recoveryCodes: string[] | null, label: string): void;
  submitLabel: string;
}) {
  const t = useT();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [label, setLabel] = useState(() => t('enrol.label.default'));
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    guard(startTotpEnrolment).then(
      (started) => live && setEnrolment(started),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [guard]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = confirmTotpRequestSchema.safeParse({ code, label });
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    setError(null);
    try {
      const { staff, recoveryCodes } = await guard(() => confirmTotpEnrolment(parsed.data.code, parsed.data.label));
      onEnrolled(staff, recoveryCodes, parsed.data.label);
    } catch (e) {
      setErrors(fieldErrorsFromApi(e));
      setError(e);
      setBusy(false);
      setCode('');
    }
  };

  return (
    <>
      <ErrorAlert error={error} />
      {enrolment === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <form noValidate onSubmit={(e) => void submit(e)}>
          <p className="fr-mb-1w">{t('enrol.step1')}</p>
          {/* An <img> from a data: URL (allowed by the CSP), never injected markup. */}
          <img
            className="brigade-qr fr-mb-2w"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            alt={t('enrol.qrAlt')}
            width={200}
            height={200}
          />
          <p className="fr-text--sm fr-mb-1w">{t('enrol.secret')}</p>
          <p>
            <code className="brigade-secret" translate="no">
              {groupSecret(enrolment.secret)}
            </code>
          </p>
          <p className="fr-mb-1w">{t('enrol.step2')}</p>
          <TextField
            label={t('mfa.code')}
            error={errors.code ? t('mfa.code.error') : null}
            input={{
              name: 'totp',
              value: code,
              onChange: (e) => setCode(e.target.value),
              inputMode: 'numeric',
              autoComplete: 'one-time-code',
              maxLength: 6,
            }}
          />
          <TextField
            label={t('enrol.label')}
            hint={t('enrol.label.hint')}
            error={errors.label ? t('enrol.label.error') : null}
            input={{ name: 'label', value: label, onChange: (e) => setLabel(e.target.value), maxLength: 60, autoComplete: 'off' }}
          />
          <button type="submit" className="fr-btn">
            {submitLabel}
          </button>
        </form>
      )}
    </>
  );
}
