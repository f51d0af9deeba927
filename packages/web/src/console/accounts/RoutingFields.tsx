// Account forms: how the person handles conversations — how many at once, which topics (minors
// only once trained), which service (or all).
import { MAX_CAPACITY, TOPICS } from '@brigade/protocol';
import { ChoiceGroup } from '../../dsfr/ChoiceGroup.js';
import { SelectField } from '../../dsfr/SelectField.js';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import type { FieldErrors } from '../field-errors.js';
import { useServices } from '../routing/use-services.js';
import type { RoutingValues } from './routing-values.js';

export function RoutingFields({
  values,
  errors,
  onChange,
  idPrefix,
}: {
  values: RoutingValues;
  errors: FieldErrors;
  onChange(values: RoutingValues): void;
  /** Keeps the radio and checkbox names unique when two forms are on the page. */
  idPrefix: string;
}) {
  const t = useT();
  const services = useServices();
  return (
    <div className="brigade-routing-fields fr-mb-3w">
      <h3 className="fr-h6 fr-mb-1w">{t('staff.routing.title')}</h3>
      <p className="fr-text--sm">{t('staff.routing.intro')}</p>
      <TextField
        label={t('staff.capacity')}
        hint={t('staff.capacity.hint')}
        error={errors.capacity ? t('staff.capacity.error') : null}
        className="brigade-capacity"
        input={{
          name: `${idPrefix}-capacity`,
          type: 'number',
          inputMode: 'numeric',
          min: 1,
          max: MAX_CAPACITY,
          step: 1,
          value: values.capacity,
          onChange: (e) => onChange({ ...values, capacity: e.target.value }),
        }}
      />
      <ChoiceGroup
        type="checkbox"
        legend={t('staff.topics')}
        hint={t('staff.topics.hint')}
        name={`${idPrefix}-topics`}
        choices={TOPICS.map((topic) => ({
          value: topic,
          label: t(`topicShort.${topic}`),
          ...(topic === 'minors' ? { hint: t('staff.topics.minorsHint') } : {}),
        }))}
        selected={values.topics}
        onToggle={(topic, checked) =>
          onChange({ ...values, topics: checked ? [...values.topics, topic] : values.topics.filter((x) => x !== topic) })
        }
        error={errors.topics ? t('staff.topics.error') : null}
      />
      <SelectField
        label={t('staff.service')}
        hint={t('staff.service.hint')}
        placeholder={t('staff.service.all')}
        placeholderSelectable
        options={(services.list ?? []).map((s) => ({ value: s.id, label: s.name }))}
        value={values.serviceId}
        onChange={(serviceId) => onChange({ ...values, serviceId })}
        error={errors.serviceId ? t('error.service/not_found') : null}
      />
    </div>
  );
}
