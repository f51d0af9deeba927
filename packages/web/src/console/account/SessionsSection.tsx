// "Mon compte": where I am signed in (this session marked), and ending the others.
import { useCallback, useEffect, useState } from 'react';
import { Table } from '../../dsfr/Table.js';
import { useLanguage, useT, type Translate } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { formatDateTime } from '../../shared/format.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { listSessions, revokeSession, type SessionView } from './account-api.js';
import { summarizeUserAgent } from './user-agent.js';

function deviceText(t: Translate, userAgent: string | null): string {
  if (userAgent === null) return t('sessions.unknownDevice');
  const { browser, system } = summarizeUserAgent(userAgent);
  if (browser !== null && system !== null) return t('sessions.device', { browser, system });
  return browser ?? system ?? userAgent.slice(0, 60);
}

export function SessionsSection() {
  const t = useT();
  const { lang } = useLanguage();
  const stepUp = useStepUp();
  const [sessions, setSessions] = useState<readonly SessionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    listSessions().then(setSessions, (e: unknown) => setError(e));
  }, []);
  useEffect(load, [load]);

  const revoke = (ids: readonly string[]) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    // One after the other: a refusal stops the rest and is shown.
    void ids
      .reduce<Promise<void>>((previous, id) => previous.then(() => stepUp(() => revokeSession(id))), Promise.resolve())
      .then(
        () => setStatus(ids.length === 1 ? t('sessions.revokedOne') : t('sessions.revokedMany', { count: ids.length })),
        (e: unknown) => setError(e),
      )
      .finally(() => {
        setBusy(false);
        load();
      });
  };

  const others = sessions?.filter((s) => !s.current) ?? [];

  return (
    <section aria-labelledby="sessions-title" className="fr-mb-6w">
      <h2 id="sessions-title" className="fr-h5">
        {t('sessions.title')}
      </h2>
      <p>{t('sessions.intro')}</p>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {sessions === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <>
          <Table
            caption={t('sessions.caption')}
            hideCaption
            head={
              <>
                <th scope="col">{t('sessions.createdAt')}</th>
                <th scope="col">{t('sessions.lastSeenAt')}</th>
                <th scope="col">{t('sessions.address')}</th>
                <th scope="col">{t('sessions.device.column')}</th>
                <th scope="col">{t('common.actions')}</th>
              </>
            }
          >
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{formatDateTime(lang, session.createdAt)}</td>
                <td>{formatDateTime(lang, session.lastSeenAt)}</td>
                <td>{session.address ?? '—'}</td>
                <td>{deviceText(t, session.userAgent)}</td>
                <td>
                  {session.current ? (
                    <p className="fr-badge fr-badge--info fr-badge--sm">{t('sessions.current')}</p>
                  ) : (
                    <button
                      type="button"
                      className="fr-btn fr-btn--tertiary fr-btn--sm"
                      aria-label={t('sessions.revokeLabel', { date: formatDateTime(lang, session.createdAt) })}
                      onClick={() => revoke([session.id])}
                    >
                      {t('sessions.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
          {others.length > 1 && (
            <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={() => revoke(others.map((s) => s.id))}>
              {t('sessions.revokeOthers')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
