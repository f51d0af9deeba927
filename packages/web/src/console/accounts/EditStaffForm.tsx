// Admin: change an account's rank, first name, roles and how it handles conversations (a role
// change asks for a recent second factor, and ends that person's sessions so the new roles apply
// at once; a routing change applies to the next conversations).
import { ROLES, updateStaffRequestSchema, type Role, type StaffAccount } from '@brigade/protocol';
import { useState, type FormEvent } from 'react';
import { Alert } from '../../dsfr/Alert.js';
import { ChoiceGroup } from '../../dsfr/ChoiceGroup.js';
import { TextField } from '../../dsfr/TextField.js';
import { useT } from '../../i18n/i18n.js';
import { api } from '../../shared/api.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { useFocusOnMount } from '../../shared/use-focus-on-mount.js';
import { fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from '../field-errors.js';
import { staffResponseSchema } from '../staff-session.js';
import { useStepUp } from '../step-up/StepUpProvider.js';
import { missingTopics, routingBody, routingOf, type RoutingValues } from './routing-values.js';
import { RoutingFields } from './RoutingFields.js';
import { staffPatch } from './staff-patch.js';
import { FormActions } from '../../dsfr/FormActions.js';

export function EditStaffForm({
  account,
  onSaved,
  onCancel,
}: {
  account: StaffAccount;
  onSaved(staff: StaffAccount): void;
  onCancel(): void;
}) {
  const t = useT();
  const stepUp = useStepUp();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [rank, setRank] = useState(account.rank);
  const [firstName, setFirstName] = useState(account.firstName);
  const [roles, setRoles] = useState<Role[]>([...account.roles]);
  const [routing, setRouting] = useState<RoutingValues>(() => routingOf(account));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const patch = staffPatch(account, { rank, firstName, roles, ...routingBody(routing) });
    const parsed = updateStaffRequestSchema.safeParse(patch);
    const noTopic = missingTopics(roles, routing);
    if (!parsed.success || noTopic) {
      setErrors({ ...(parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues)), ...(noTopic ? { topics: true } : {}) });
      setError(null);
      return;
    }
    setErrors({});
    setError(null);
    if (Object.keys(parsed.data).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      const { staff } = await stepUp(() => api('PATCH', `/api/staff/${account.id}`, { body: parsed.data, schema: staffResponseSchema }));
      onSaved(staff);
    } catch (e) {
      setErrors(fieldErrorsFromApi(e));
      setError(e);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="edit-staff-title" className="brigade-panel brigade-narrow">
      <h2 id="edit-staff-title" ref={heading} tabIndex={-1} className="fr-h5">
        {t('accounts.editTitle', { username: account.username })}
      </h2>
      {Object.keys(errors).length > 0 && <Alert className="fr-mb-3w" severity="error" small role="alert" description={t('staff.invalid')} />}
      <ErrorAlert error={error} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          label={t('staff.rank')}
          hint={t('staff.rank.hint')}
          error={errors.rank ? t('common.required') : null}
          input={{ name: 'rank', value: rank, onChange: (e) => setRank(e.target.value), autoComplete: 'off', maxLength: 60 }}
        />
        <TextField
          label={t('staff.firstName')}
          error={errors.firstName ? t('common.required') : null}
          input={{ name: 'firstName', value: firstName, onChange: (e) => setFirstName(e.target.value), autoComplete: 'off', maxLength: 60 }}
        />
        <ChoiceGroup
          type="checkbox"
          legend={t('accounts.roles')}
          hint={t('accounts.roles.stepUpHint')}
          name="editRoles"
          choices={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          selected={roles}
          onToggle={(role, checked) => setRoles((current) => (checked ? [...current, role] : current.filter((r) => r !== role)))}
          error={errors.roles ? t('roles.error') : null}
        />
        <RoutingFields idPrefix="edit" values={routing} errors={errors} onChange={setRouting} />
        <FormActions submitLabel={t('accounts.save')} onCancel={onCancel} />
      </form>
    </section>
  );
}
