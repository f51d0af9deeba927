// The staff console page: /setup (first administrator) or /console (login, then the console).
import type { StaffAccount } from '@brigade/protocol';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { LanguageSwitch } from '../shared/LanguageSwitch.js';
import { SiteHeader } from '../shared/SiteHeader.js';
import { SkipLinks } from '../shared/SkipLinks.js';
import { EnrolmentPage } from './EnrolmentPage.js';
import { LoginPage, type LoginNotice } from './LoginPage.js';
import { RecoveryCodesPage } from './RecoveryCodesPage.js';
import { SecondFactorPage } from './SecondFactorPage.js';
import { SetupPage } from './SetupPage.js';
import type { EndReason } from '../realtime/realtime-client.js';
import { currentSession, logOut, type SecondFactorMethod, type StaffSession } from './staff-session.js';
import { StaffConsole } from './StaffConsole.js';

export const CONSOLE_PATH = '/console';

type Auth =
  | { kind: 'loading' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'setup'; token: string | null }
  | { kind: 'login'; notice: LoginNotice | null }
  | { kind: 'second_factor'; methods: readonly SecondFactorMethod[]; initial?: SecondFactorMethod }
  | { kind: 'enrolment' }
  | { kind: 'recovery_codes'; staff: StaffAccount; codes: readonly string[] }
  | { kind: 'in'; staff: StaffAccount };

/** Where a session at a given stage goes next. */
function authFor(session: StaffSession): Auth {
  switch (session.stage) {
    case 'full':
      return { kind: 'in', staff: session.staff };
    case 'enrolment':
      return { kind: 'enrolment' };
    case 'second_factor':
      // After a reload /me does not list the account's methods: offer them all, the app first.
      return { kind: 'second_factor', methods: ['totp', 'webauthn', 'recovery'], initial: 'totp' };
  }
}

export function ConsoleApp({ setupToken }: { setupToken: string | null | undefined }) {
  const t = useT();
  // `setupToken` undefined: not the /setup page.
  const [auth, setAuth] = useState<Auth>(setupToken === undefined ? { kind: 'loading' } : { kind: 'setup', token: setupToken });
  // The header's room for what the signed-in console shows there (an operator's availability).
  const [headerSlot, setHeaderSlot] = useState<HTMLElement | null>(null);

  useEffect(() => {
    if (setupToken !== undefined) return;
    currentSession().then(
      (session) => setAuth(session === null ? { kind: 'login', notice: null } : authFor(session)),
      (error: unknown) => setAuth({ kind: 'failed', error }),
    );
  }, [setupToken]);

  const go = useCallback((next: Auth) => {
    // Leave /setup for /console, without keeping the setup page in the history.
    if (window.location.pathname !== CONSOLE_PATH) window.history.replaceState(null, '', CONSOLE_PATH);
    setAuth(next);
  }, []);
  const enter = useCallback((staff: StaffAccount) => go({ kind: 'in', staff }), [go]);
  // Unlike the citizen page (whose title never changes), the console's title follows the language.
  useEffect(() => {
    document.title = t('console.title');
  }, [t]);
  // The server ended the session: logged out elsewhere, revoked, or the account was disabled.
  const sessionEnded = useCallback(
    (reason: EndReason | null) => setAuth({ kind: 'login', notice: reason === 'revoked' ? 'sessionRevoked' : 'sessionEnded' }),
    [],
  );

  const logout = () => {
    // Whatever the server answers, this screen leaves the console.
    void logOut()
      .catch(() => undefined)
      .finally(() => setAuth({ kind: 'login', notice: null }));
  };

  const tools = (
    <>
      {auth.kind === 'in' && (
        <>
          <div ref={setHeaderSlot} className="brigade-header__slot" />
          <p className="fr-text--sm fr-text--bold brigade-staff-name">
            {auth.staff.rank} {auth.staff.firstName}
          </p>
          <button type="button" className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-logout-box-r-line fr-btn--icon-left" onClick={logout}>
            {t('console.logout')}
          </button>
        </>
      )}
      <LanguageSwitch />
    </>
  );

  return (
    <>
      <SkipLinks />
      <SiteHeader serviceName={t('console.name')} tagline={t('app.serviceName')} tools={tools} />
      <main id="content" tabIndex={-1} className="fr-container fr-container--fluid fr-px-2w fr-py-3w brigade-console-main">
        {auth.kind === 'loading' && <p>{t('common.loading')}</p>}
        {auth.kind === 'failed' && <ErrorAlert error={auth.error} />}
        {auth.kind === 'setup' && <SetupPage token={auth.token} onDone={(session) => go(authFor(session))} />}
        {auth.kind === 'login' && (
          <LoginPage
            notice={auth.notice}
            onPassword={(answer) =>
              go(answer.status === 'enrolment_required' ? { kind: 'enrolment' } : { kind: 'second_factor', methods: answer.methods })
            }
          />
        )}
        {auth.kind === 'second_factor' && <SecondFactorPage methods={auth.methods} initial={auth.initial} onDone={enter} onCancel={logout} />}
        {auth.kind === 'enrolment' && (
          <EnrolmentPage onDone={(staff, codes) => go({ kind: 'recovery_codes', staff, codes })} onCancel={logout} />
        )}
        {auth.kind === 'recovery_codes' && <RecoveryCodesPage codes={auth.codes} onContinue={() => enter(auth.staff)} />}
        {auth.kind === 'in' && <StaffConsole key={auth.staff.id} staff={auth.staff} onSessionEnded={sessionEnded} headerSlot={headerSlot} />}
      </main>
    </>
  );
}
