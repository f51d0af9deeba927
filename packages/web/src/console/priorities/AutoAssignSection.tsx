// Administrators: whether the server also hands waiting conversations out by itself, explained,
// as a switch that applies at once (`PUT /api/routing-mode`). The result is announced; a failure
// is shown and the switch goes back to the state the server holds.
import { routingModeSchema } from '@brigade/protocol';
import { useEffect, useState } from 'react';
import { Toggle } from '../../dsfr/Toggle.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { StatusAlert } from '../../shared/StatusAlert.js';
import { routingMode, useRoutingMode } from '../routing/routing-mode.js';
import { useStepUp } from '../step-up/StepUpProvider.js';

export function AutoAssignSection() {
  const t = useT();
  const stepUp = useStepUp();
  const mode = useRoutingMode();
  /** The state being saved (shown meanwhile), null when nothing is. */
  const [saving, setSaving] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    routingMode.refresh().catch((e: unknown) => setError(e));
  }, []);

  const change = (autoAssign: boolean) => {
    if (saving !== null) return;
    setSaving(autoAssign);
    setError(null);
    setStatus(null);
    stepUp(() => api('PUT', '/api/routing-mode', { body: { autoAssign }, schema: routingModeSchema })).then(
      (answer) => {
        routingMode.remember(answer);
        setSaving(null);
        setStatus(t(answer.autoAssign ? 'autoAssign.savedOn' : 'autoAssign.savedOff'));
      },
      (e: unknown) => {
        setSaving(null);
        setError(e);
      },
    );
  };

  const checked = saving ?? mode?.autoAssign ?? false;
  return (
    <section aria-labelledby="auto-assign-title" className="fr-mt-6w">
      <h2 id="auto-assign-title" className="fr-h5">
        {t('autoAssign.title')}
      </h2>
      <p className="fr-mb-1w">{t('autoAssign.intro')}</p>
      <ul className="fr-mb-3w">
        <li>{t('autoAssign.rule.who')}</li>
        <li>{t('autoAssign.rule.load')}</li>
        <li>{t('autoAssign.rule.take')}</li>
      </ul>
      <StatusAlert text={status} />
      <ErrorAlert error={error} />
      {mode === null && saving === null ? (
        error === null && <p>{t('common.loading')}</p>
      ) : (
        <Toggle
          label={t('autoAssign.label')}
          hint={t(checked ? 'autoAssign.hint.on' : 'autoAssign.hint.off')}
          checked={checked}
          onChange={change}
        />
      )}
    </section>
  );
}
