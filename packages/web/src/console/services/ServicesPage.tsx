// Admin: the services (platforms) and the postal codes each covers. Create, rename, delete a
// service; import its coverage from a CSV file; read that coverage with commune names.
import { serviceListSchema, serviceRemovalSchema, serviceResponseSchema, type ServiceView } from '@brigade/protocol';
import { useCallback, useEffect, useState } from 'react';
import { Table } from '../../dsfr/Table.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import { CoverageImportForm } from './CoverageImportForm.js';
import { CoveragePanel } from './CoveragePanel.js';
import { ServiceNameForm } from './ServiceNameForm.js';
import { rememberServices } from './service-names.js';

/** The one panel open under the list, for one service. */
type Panel = { kind: 'coverage' | 'import' | 'rename'; service: ServiceView } | null;

export function ServicesPage() {
  const t = useT();
  const [services, setServices] = useState<readonly ServiceView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [deleting, setDeleting] = useState<ServiceView | null>(null);

  const load = useCallback(() => {
    api('GET', '/api/services', { schema: serviceListSchema }).then(
      (answer) => {
        setServices(answer.services);
        rememberServices(answer.services);
      },
      (e: unknown) => setError(e),
    );
  }, []);
  useEffect(load, [load]);

  /** Back to the button that opened a panel, once the panel is gone. */
  const focusRowButton = (kind: string, serviceId: string) =>
    requestAnimationFrame(() => document.getElementById(`service-${kind}-${serviceId}`)?.focus());

  const closePanel = () => {
    if (panel !== null) focusRowButton(panel.kind, panel.service.id);
    setPanel(null);
  };

  const open = (kind: NonNullable<Panel>['kind'], service: ServiceView) => {
    setStatus(null);
    setError(null);
    setPanel({ kind, service });
  };

  const remove = (service: ServiceView) => {
    setDeleting(null);
    setError(null);
    setStatus(null);
    api('DELETE', `/api/services/${service.id}`, { schema: serviceRemovalSchema }).then(
      (removal) => {
        if (panel?.service.id === service.id) setPanel(null);
        setStatus(t('services.deleted', { name: service.name, ...removal }));
        load();
        requestAnimationFrame(() => document.getElementById('services-title')?.focus());
      },
      (e: unknown) => setError(e),
    );
  };

  return (
    <div className="brigade-services">
      <h1 id="services-title" tabIndex={-1} className="fr-h3">
        {t('services.title')}
      </h1>
      <p>{t('services.intro')}</p>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      <section aria-labelledby="create-service-title" className="brigade-narrow fr-mb-6w">
        <h2 id="create-service-title" className="fr-h5">
          {t('services.create')}
        </h2>
        <ServiceNameForm
          label={t('services.name')}
          submitLabel={t('services.create.submit')}
          send={(name) => api('POST', '/api/services', { body: { name }, schema: serviceResponseSchema }).then((r) => r.service)}
          onDone={(service) => {
            setStatus(t('services.created', { name: service.name }));
            load();
          }}
        />
      </section>
      {services === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : services.length === 0 ? (
        <p>{t('services.none')}</p>
      ) : (
        <Table
          caption={t('services.caption', { count: services.length })}
          head={
            <>
              <th scope="col">{t('services.name')}</th>
              <th scope="col">{t('services.postalCodeCount')}</th>
              <th scope="col">{t('common.actions')}</th>
            </>
          }
        >
          {services.map((service) => (
            <tr key={service.id}>
              <td>{service.name}</td>
              <td>{service.postalCodeCount}</td>
              <td>
                <div className="brigade-row-actions">
                  <button
                    id={`service-coverage-${service.id}`}
                    type="button"
                    className="fr-btn fr-btn--tertiary fr-btn--sm"
                    aria-label={t('services.coverageLabel', { name: service.name })}
                    onClick={() => open('coverage', service)}
                  >
                    {t('services.coverage')}
                  </button>
                  <button
                    id={`service-import-${service.id}`}
                    type="button"
                    className="fr-btn fr-btn--tertiary fr-btn--sm"
                    aria-label={t('services.importLabel', { name: service.name })}
                    onClick={() => open('import', service)}
                  >
                    {t('services.import')}
                  </button>
                  <button
                    id={`service-rename-${service.id}`}
                    type="button"
                    className="fr-btn fr-btn--tertiary fr-btn--sm"
                    aria-label={t('services.renameLabel', { name: service.name })}
                    onClick={() => open('rename', service)}
                  >
                    {t('services.rename')}
                  </button>
                  <button
                    type="button"
                    className="fr-btn fr-btn--tertiary fr-btn--sm"
                    aria-label={t('services.deleteLabel', { name: service.name })}
                    onClick={() => setDeleting(service)}
                  >
                    {t('services.delete')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {panel?.kind === 'coverage' && <CoveragePanel key={panel.service.id} service={panel.service} onClose={closePanel} />}
      {panel?.kind === 'import' && (
        <CoverageImportForm
          key={panel.service.id}
          service={panel.service}
          onCancel={closePanel}
          onImported={(summary) => {
            const { service } = panel;
            setPanel(null);
            setStatus(summary);
            load();
            focusRowButton('coverage', service.id);
          }}
        />
      )}
      {panel?.kind === 'rename' && (
        <section aria-labelledby="rename-service-title" className="brigade-panel brigade-narrow">
          <h2 id="rename-service-title" className="fr-h5">
            {t('services.renameTitle', { name: panel.service.name })}
          </h2>
          <ServiceNameForm
            key={panel.service.id}
            label={t('services.rename.field')}
            initial={panel.service.name}
            focus
            submitLabel={t('services.rename.submit')}
            send={(name) => api('PATCH', `/api/services/${panel.service.id}`, { body: { name }, schema: serviceResponseSchema }).then((r) => r.service)}
            onDone={(service) => {
              setStatus(t('services.renamed', { from: panel.service.name, to: service.name }));
              closePanel();
              load();
            }}
            onCancel={closePanel}
          />
        </section>
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={t('services.deleteTitle', { name: deleting.name })}
          text={t('services.deleteText', { count: deleting.postalCodeCount })}
          confirmLabel={t('services.delete')}
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}

