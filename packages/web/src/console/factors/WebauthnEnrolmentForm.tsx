// Enrolling a security key or passkey: name it, then touch the key (or confirm on the device).
import { factorLabelSchema, type StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import type { Guard } from './guard.js';
import { registerSecurityKey } from './webauthn.js';

export function WebauthnEnrolmentForm({
  guard,
  onEnrolled,
}: {
  guard: Guard;
  onEnrolled(staff: StaffAccount, recoveryCodes: string[] | null, label: string): void;
}) {
  const t = useT();
  const [label, setLabel] = useState(() => t('enrol.key.label.default'));
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = factorLabelSchema.safeParse(label);
    if (!parsed.success) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      const { staff, recoveryCodes } = await guard(() => registerSecurityKey(parsed.data));
      onEnrolled(staff, recoveryCodes, parsed.data);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('enrol.key.intro')}</p>
      <ErrorAlert error={error} />
      <TextField
        label={t('enrol.key.label')}
        hint={t('enrol.label.hint')}
        error={invalid ? t('enrol.label.error') : null}
        input={{ name: 'keyLabel', value: label, onChange: (e) => setLabel(e.target.value), maxLength: 60, autoComplete: 'off' }}
      />
      <button type="submit" className="fr-btn" aria-disabled={busy ? true : undefined}>
        {busy ? t('enrol.key.waiting') : t('enrol.key.submit')}
      </button>
    </form>
  );
}
