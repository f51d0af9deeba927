// The second factor itself: a security key, the authenticator app's code, or a recovery code.
// Used at login (second step) and to confirm a sensitive action (step-up).
import { recoveryCodeRequestSchema, totpCodeRequestSchema, type StaffAccount } from '@brigade/protocol';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { TextField } from '../../dsfr/TextField.js';
import { useT, type MessageKey } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { verifyRecoveryCode, verifyTotp, type SecondFactorMethod } from '../staff-session.js';
import { usableMethods } from './methods.js';
import { verifySecurityKey, webauthnSupported } from './webauthn.js';

const INTRO: Record<SecondFactorMethod, MessageKey> = {
  webauthn: 'mfa.webauthn.intro',
  totp: 'mfa.intro',
  recovery: 'mfa.recovery.intro',
};
const SWITCH: Record<SecondFactorMethod, MessageKey> = {
  webauthn: 'mfa.useWebauthn',
  totp: 'mfa.useTotp',
  recovery: 'mfa.useRecovery',
};

export function SecondFactorForm({
  methods,
  initial,
  onVerified,
}: {
  methods: readonly SecondFactorMethod[];
  /** The method shown first when the account's methods are not known for sure. */
  initial?: SecondFactorMethod | undefined;
  onVerified(staff: StaffAccount): void;
}) {
  const t = useT();
  const fieldId = `second-factor-${useId().replace(/:/g, '')}`;
  const [usable] = useState(() => usableMethods(methods, webauthnSupported()));
  const [mode, setMode] = useState<SecondFactorMethod>(() => (initial !== undefined && usable.includes(initial) ? initial : (usable[0] ?? 'recovery')));
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // After a switch of method the button pressed is gone: focus goes to the new method's control.
  const switched = useRef(false);
  const primary = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    (mode === 'webauthn' ? primary.current : document.getElementById(fieldId))?.focus();
  }, [mode]);

  const verify = async (run: () => Promise<StaffAccount>) => {
    setBusy(true);
    setError(null);
    try {
      onVerified(await run());
    } catch (e) {
      setError(e);
      setBusy(false);
      setCode('');
    }
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = (mode === 'totp' ? totpCodeRequestSchema : recoveryCodeRequestSchema).safeParse({ code });
    if (!parsed.success) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void verify(() => (mode === 'totp' ? verifyTotp(parsed.data.code) : verifyRecoveryCode(parsed.data.code)));
  };

  const switchMode = (next: SecondFactorMethod) => {
    switched.current = true;
    setMode(next);
    setCode('');
    setInvalid(false);
    setError(null);
  };

  const others = usable.filter((m) => m !== mode);
  const switches = others.map((m) => (
    <li key={m}>
      <button type="button" className="fr-btn fr-btn--tertiary" onClick={() => switchMode(m)}>
        {t(SWITCH[m])}
      </button>
    </li>
  ));

  return (
    <div>
      <p>{t(INTRO[mode])}</p>
      <ErrorAlert error={error} />
      {mode === 'webauthn' ? (
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button
              ref={(el) => {
                primary.current = el;
              }}
              type="button"
              className="fr-btn"
              aria-disabled={busy ? true : undefined}
              onClick={() => {
                if (!busy) void verify(verifySecurityKey);
              }}
            >
              {busy ? t('mfa.webauthn.waiting') : t('mfa.webauthn.submit')}
            </button>
          </li>
          {switches}
        </ul>
      ) : (
        <form noValidate onSubmit={submitCode}>
          <TextField
            key={mode}
            label={mode === 'totp' ? t('mfa.code') : t('mfa.recovery.code')}
            error={invalid ? t(mode === 'totp' ? 'mfa.code.error' : 'mfa.recovery.error') : null}
            input={{
              id: fieldId,
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
            {switches}
          </ul>
        </form>
      )}
    </div>
  );
}
