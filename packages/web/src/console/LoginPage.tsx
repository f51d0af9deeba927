// Staff login, first step: username and password (the second factor comes next).
import { loginRequestSchema, type LoginResponse } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { TextField } from '../dsfr/TextField.js';
import { useT } from '../i18n/i18n.js';
import { ApiError } from '../shared/api.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { logIn } from './staff-session.js';

/** Why the login page is shown again, when it is not the first time. */
export type LoginNotice = 'sessionEnded' | 'sessionRevoked';

export function LoginPage({ notice, onPassword }: { notice: LoginNotice | null; onPassword(answer: LoginResponse): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = loginRequestSchema.safeParse({ username, password });
    // A malformed username cannot exist: answer like the server would, without a round trip.
    if (!parsed.success) {
      setError(new ApiError('auth/invalid_credentials'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onPassword(await logIn(parsed.data));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('login.title')}
      </h1>
      {notice !== null && (
        <Alert
          className="fr-mb-3w"
          severity={notice === 'sessionRevoked' ? 'warning' : 'info'}
          small
          role="status"
          description={t(notice === 'sessionRevoked' ? 'console.sessionRevoked' : 'console.sessionEnded')}
        />
      )}
      <ErrorAlert error={error} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          label={t('login.username')}
          input={{
            name: 'username',
            value: username,
            onChange: (e) => setUsername(e.target.value),
            autoComplete: 'username',
            autoCapitalize: 'none',
            spellCheck: false,
            required: true,
          }}
        />
        <TextField
          label={t('login.password')}
          input={{
            name: 'password',
            type: 'password',
            value: password,
            onChange: (e) => setPassword(e.target.value),
            autoComplete: 'current-password',
            required: true,
          }}
        />
        <button type="submit" className="fr-btn">
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
