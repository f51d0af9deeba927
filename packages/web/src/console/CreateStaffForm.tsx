// Admin: create a staff account, with how it handles conversations (checked with the protocol's
// schema before sending).
import { createStaffRequestSchema, ROLES, type Role, type StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { Alert } from '../dsfr/Alert.js';
import { ChoiceGroup } from '../dsfr/ChoiceGroup.js';
import { useT } from '../i18n/i18n.js';
import { api } from '../shared/api.js';
import { ErrorAlert } from '../shared/ErrorAlert.js';
import { defaultRouting, missingTopics, routingBody, type RoutingValues } from './accounts/routing-values.js';
import { RoutingFields } from './accounts/RoutingFields.js';
import { fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from './field-errors.js';
import { staffResponseSchema } from './staff-session.js';
import { emptyStaffFields, StaffFields, type StaffFieldValues } from './StaffFields.js';


export function CreateStaffForm({ onCreated }: { onCreated(staff: StaffAccount): void }) {
  const t = useT();
  const [values, setValues] = useState<StaffFieldValues>(emptyStaffFields);
  const [roles, setRoles] = useState<Role[]>(['operator']);
  const [routing, setRouting] = useState<RoutingValues>(defaultRouting);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setCreated(null);
    const parsed = createStaffRequestSchema.safeParse({ ...values, roles, ...routingBody(routing) });
    const noTopic = missingTopics(roles, routing);
    if (!parsed.success || noTopic) {
      setErrors({ ...(parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues)), ...(noTopic ? { topics: true } : {}) });
      setError(null);
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const { staff } = await api('POST', '/api/staff', { body: parsed.data, schema: staffResponseSchema });
      setValues(emptyStaffFields);
      setRoles(['operator']);
      setRouting(defaultRouting);
      setCreated(staff.username);
      onCreated(staff);
    } catch (e) {
      setErrors(fieldErrorsFromApi(e));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="create-staff-title" className="brigade-narrow">
      <h2 id="create-staff-title" className="fr-h5">
        {t('accounts.create')}
      </h2>
      <div role="status">
        {created !== null && <Alert className="fr-mb-3w" severity="success" small description={t('accounts.created', { username: created })} />}
      </div>
      {Object.keys(errors).length > 0 && <Alert className="fr-mb-3w" severity="error" small role="alert" description={t('staff.invalid')} />}
      <ErrorAlert error={error} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <StaffFields values={values} errors={errors} onChange={setValues} />
        <ChoiceGroup
          type="checkbox"
          legend={t('accounts.roles')}
          name="roles"
          choices={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          selected={roles}
          onToggle={(role, checked) => setRoles((current) => (checked ? [...current, role] : current.filter((r) => r !== role)))}
          error={errors.roles ? t('roles.error') : null}
        />
        <RoutingFields idPrefix="create" values={routing} errors={errors} onChange={setRouting} />
        <button type="submit" className="fr-btn">
          {t('accounts.createSubmit')}
        </button>
      </form>
    </section>
  );
}
