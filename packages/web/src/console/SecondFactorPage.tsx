// Second step of the login: the 6-digit code of the authenticator app, or a recovery code.
import { recoveryCodeRequestSchema, totpCodeRequestSchema, type StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { TextField } from '../dsfr/TextField.js';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { verifyRecoveryCode, verifyTotp, type SecondFactorMethod } from './staff-session.js';

export function SecondFactorPage({
  methods,
  onDone,
  onCancel,
}: {
  methods: readonly SecondFactorMethod[];
  onDone(staff: StaffAccount): void;
  onCancel(): void;
}) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const hasTotp = methods.includes('totp');
  const [mode, setMode] = useState<'totp' | 'recovery'>(hasTotp ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = (mode === 'totp' ? totpCodeRequestSchema : recoveryCodeRequestSchema).safeParse({ code });
    if (!parsed.success) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      onDone(mode === 'totp' ? await verifyTotp(parsed.data.code) : await verifyRecoveryCode(parsed.data.code));
    } catch (e) {
      setError(e);
      setBusy(false);
      setCode('');
    }
  };

  const switchMode = (next: 'totp' | 'recovery') => {
    setMode(next);
    setCode('');
    setInvalid(false);
    setError(null);
  };

  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('mfa.title')}
      </h1>
      {!hasTotp && methods.includes('webauthn') && <Alert className="fr-mb-3w" severity="info" small description={t('mfa.webauthnUnsupported')} />}
      <p>{mode === 'totp' ? t('mfa.intro') : t('mfa.recovery.intro')}</p>
      <ErrorAlert error={error} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          key={mode}
          label={mode === 'totp' ? t('mfa.code') : t('mfa.recovery.code')}
          error={invalid ? t(mode === 'totp' ? 'mfa.code.error' : 'mfa.recovery.error') : null}
          input={{
            name: mode === 'totp' ? 'totp' : 'recoveryCode',
            value: code,
            onChange: (e) => setCode(e.target.value),
            autoComplete: 'one-time-code',
            autoCapitalize: 'none',
            spellCheck: false,
            ...(mode === 'totp' ? { inputMode: 'numeric' as const, maxLength: 6 } : { maxLength: 32 }),
          }}
        />
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" className="fr-btn">
              {t('mfa.submit')}
            </button>
          </li>
          {hasTotp && (
            <li>
              <button type="button" className="fr-btn fr-btn--tertiary" onClick={() => switchMode(mode === 'totp' ? 'recovery' : 'totp')}>
                {mode === 'totp' ? t('mfa.useRecovery') : t('mfa.useTotp')}
              </button>
            </li>
          )}
        </ul>
      </form>
      <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" onClick={onCancel}>
        {t('mfa.cancel')}
      </button>
    </div>
  );
}
