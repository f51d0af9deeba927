// Admin: the staff accounts, with each operator's routing profile at a glance; editing one,
// disabling or enabling it; creating one.
import { staffListResponseSchema, type StaffAccount } from '@brigade/protocol';
import { useCallback, useEffect, useState } from 'react';
import { Table } from '../dsfr/Table.js';
import { useT } from '../i18n/i18n.js';
import { api } from '../shared/api.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { StatusAlert } from '../shared/StatusAlert.js';
import { EditStaffForm } from './accounts/EditStaffForm.js';
import { routingSummary } from './accounts/routing-summary.js';
import { setStaffDisabled } from './accounts/staff-status.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { CreateStaffForm } from './CreateStaffForm.js';
import { useServices } from './routing/use-services.js';
import { useStepUp } from './step-up/StepUpProvider.js';

/** Capacity, topics (minors as a badge: it needs training) and service; nothing for non-operators. */
function RoutingCell({ account, serviceName }: { account: StaffAccount; serviceName(serviceId: string): string | null }) {
  const t = useT();
  if (!account.roles.includes('operator')) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="fr-sr-only">{t('accounts.routing.notOperator')}</span>
      </>
    );
  }
  const summary = routingSummary(t, account, serviceName);
  return (
    <ul className="fr-raw-list fr-text--sm fr-mb-0">
      <li>{summary.capacity}</li>
      <li>
        {summary.topics}
        {summary.minors && (
          <>
            {summary.topics !== '' && ' '}
            <span className="fr-badge fr-badge--sm fr-badge--purple-glycine">{t('topicShort.minors')}</span>
          </>
        )}
      </li>
      <li>{summary.service}</li>
    </ul>
  );
}

export function AccountsView({ me }: { me: StaffAccount }) {
  const t = useT();
  const stepUp = useStepUp();
  const [staff, setStaff] = useState<readonly StaffAccount[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<StaffAccount | null>(null);
  const [toggling, setToggling] = useState<StaffAccount | null>(null);
  const services = useServices();
  const serviceName = (serviceId: string) => services.nameOf(serviceId);

  const load = useCallback(() => {
    api('GET', '/api/staff', { schema: staffListResponseSchema }).then(
      (response) => setStaff(response.staff),
      (e: unknown) => setError(e),
    );
  }, []);
  useEffect(load, [load]);

  const returnFocusTo = (account: StaffAccount) => document.getElementById(`edit-${account.id}`)?.focus();

  const toggle = (account: StaffAccount) => {
    setToggling(null);
    setError(null);
    setStatus(null);
    const disable = !account.disabled;
    stepUp(() => setStaffDisabled(account.id, disable)).then(
      (updated) => {
        setStatus(t(disable ? 'accounts.disabledDone' : 'accounts.enabledDone', { username: updated.username }));
        load();
      },
      (e: unknown) => setError(e),
    );
  };

  const name = (account: StaffAccount) => `${account.rank} ${account.firstName}`;

  return (
    <div className="brigade-accounts">
      <h1 className="fr-h3">{t('accounts.title')}</h1>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      <section aria-labelledby="accounts-list-title" className="fr-mb-6w">
        <h2 id="accounts-list-title" className="fr-h5">
          {t('accounts.list')}
        </h2>
        {staff === null ? (
          error === null && <p>{t('common.loading')}</p>
        ) : (
          <Table
            caption={t('accounts.list')}
            hideCaption
            head={
              <>
                <th scope="col">{t('accounts.username')}</th>
                <th scope="col">{t('accounts.name')}</th>
                <th scope="col">{t('accounts.roles')}</th>
                <th scope="col">{t('accounts.routing')}</th>
                <th scope="col">{t('accounts.state')}</th>
                <th scope="col">{t('common.actions')}</th>
              </>
            }
          >
            {staff.map((account) => (
              <tr key={account.id}>
                <td>{account.username}</td>
                <td>{name(account)}</td>
                <td>{account.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
                <td>
                  <RoutingCell account={account} serviceName={serviceName} />
                </td>
                <td>{account.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
                <td>
                  <div className="brigade-row-actions">
                    <button
                      id={`edit-${account.id}`}
                      type="button"
                      className="fr-btn fr-btn--tertiary fr-btn--sm"
                      aria-label={t('accounts.editLabel', { name: name(account) })}
                      onClick={() => {
                        setStatus(null);
                        setEditing(account);
                      }}
                    >
                      {t('accounts.edit')}
                    </button>
                    {account.id !== me.id && (
                      <button
                        type="button"
                        className="fr-btn fr-btn--tertiary fr-btn--sm"
                        aria-label={t(account.disabled ? 'accounts.enableLabel' : 'accounts.disableLabel', { name: name(account) })}
                        onClick={() => setToggling(account)}
                      >
                        {t(account.disabled ? 'accounts.enable' : 'accounts.disable')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      {editing !== null && (
        <EditStaffForm
          key={editing.id}
          account={editing}
          onCancel={() => {
            setEditing(null);
            returnFocusTo(editing);
          }}
          onSaved={(updated) => {
            setEditing(null);
            setStatus(t('accounts.saved', { username: updated.username }));
            load();
            returnFocusTo(editing);
          }}
        />
      )}
      {toggling !== null && (
        <ConfirmDialog
          title={t(toggling.disabled ? 'accounts.enableTitle' : 'accounts.disableTitle', { name: name(toggling) })}
          text={t(toggling.disabled ? 'accounts.enableText' : 'accounts.disableText')}
          confirmLabel={t(toggling.disabled ? 'accounts.enable' : 'accounts.disable')}
          onConfirm={() => toggle(toggling)}
          onCancel={() => setToggling(null)}
        />
      )}
      <CreateStaffForm onCreated={load} />
    </div>
  );
}
