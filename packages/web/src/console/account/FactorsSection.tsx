// "Mon compte": my second factors (apps and keys), adding one, removing one (never the last).
import { useCallback, useEffect, useState } from 'react';
import { Table } from '../../dsfr/Table.js';
import { useLanguage, useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { formatDateTime } from '../../shared/format.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { useFocusRequest } from '../../shared/use-focus-request.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { webauthnSupported } from '../factors/webauthn.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { listFactors, removeFactor, type Factor, type FactorList } from './account-api.js';
import { AddFactorPanel } from './AddFactorPanel.js';
import { RecoveryCodesSection } from './RecoveryCodesSection.js';

export function FactorsSection() {
  const t = useT();
  const { lang } = useLanguage();
  const stepUp = useStepUp();
  const [list, setList] = useState<FactorList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [adding, setAdding] = useState<'totp' | 'webauthn' | null>(null);
  const [removing, setRemoving] = useState<Factor | null>(null);
  const [keys] = useState(webauthnSupported);
  const [firstAdd, focusFirstAdd] = useFocusRequest<HTMLButtonElement>();

  const load = useCallback(() => {
    listFactors().then(setList, (e: unknown) => setError(e));
  }, []);
  useEffect(load, [load]);

  const remove = (factor: Factor) => {
    setRemoving(null);
    setError(null);
    setStatus(null);
    stepUp(() => removeFactor(factor.id)).then(
      () => {
        setStatus(t('factors.removed', { label: factor.label }));
        load();
      },
      (e: unknown) => setError(e),
    );
  };

  const closeAdd = () => {
    setAdding(null);
    focusFirstAdd();
  };

  return (
    <section aria-labelledby="factors-title" className="fr-mb-6w">
      <h2 id="factors-title" className="fr-h5">
        {t('factors.title')}
      </h2>
      <p>{t('factors.intro')}</p>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {list === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <Table
          caption={t('factors.caption')}
          hideCaption
          head={
            <>
              <th scope="col">{t('factors.label')}</th>
              <th scope="col">{t('factors.kind')}</th>
              <th scope="col">{t('factors.createdAt')}</th>
              <th scope="col">{t('factors.lastUsedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </>
          }
        >
          {list.factors.map((factor) => (
            <tr key={factor.id}>
              <td>{factor.label}</td>
              <td>{t(factor.kind === 'totp' ? 'factors.kind.totp' : 'factors.kind.webauthn')}</td>
              <td>{formatDateTime(lang, factor.createdAt)}</td>
              <td>{factor.lastUsedAt === null ? t('factors.neverUsed') : formatDateTime(lang, factor.lastUsedAt)}</td>
              <td>
                <button
                  type="button"
                  className="fr-btn fr-btn--tertiary fr-btn--sm"
                  aria-label={t('factors.removeLabel', { label: factor.label })}
                  onClick={() => setRemoving(factor)}
                >
                  {t('factors.remove')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {adding === null ? (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          <li>
            <button ref={firstAdd} type="button" className="fr-btn fr-btn--secondary" onClick={() => setAdding('totp')}>
              {t('factors.addTotp')}
            </button>
          </li>
          {keys && (
            <li>
              <button type="button" className="fr-btn fr-btn--secondary" onClick={() => setAdding('webauthn')}>
                {t('factors.addKey')}
              </button>
            </li>
          )}
        </ul>
      ) : (
        <AddFactorPanel
          key={adding}
          kind={adding}
          onCancel={closeAdd}
          onAdded={(label) => {
            closeAdd();
            setStatus(t('factors.added', { label }));
            load();
          }}
        />
      )}
      {list !== null && <RecoveryCodesSection left={list.recoveryCodesLeft} onRegenerated={load} />}
      {removing !== null && (
        <ConfirmDialog
          title={t('factors.removeTitle', { label: removing.label })}
          text={t('factors.removeText')}
          confirmLabel={t('factors.remove')}
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
