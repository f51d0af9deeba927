// The fields shared by first-administrator setup and account creation.
import { TextField } from '../dsfr/TextField.js';
import { useT } from '../i18n/i18n.js';
import type { FieldErrors } from './field-errors.js';

export interface StaffFieldValues {
  username: string;
  password: string;
  rank: string;
  firstName: string;
}

export const emptyStaffFields: StaffFieldValues = { username: '', password: '', rank: '', firstName: '' };

export function StaffFields({
  values,
  errors,
  onChange,
}: {
  values: StaffFieldValues;
  errors: FieldErrors;
  onChange(values: StaffFieldValues): void;
}) {
  const t = useT();
  const set = (field: keyof StaffFieldValues) => (event: { target: { value: string } }) =>
    onChange({ ...values, [field]: event.target.value });
  return (
    <>
      <TextField
        label={t('staff.rank')}
        hint={t('staff.rank.hint')}
        error={errors.rank ? t('common.required') : null}
        input={{ name: 'rank', value: values.rank, onChange: set('rank'), autoComplete: 'off', maxLength: 60 }}
      />
      <TextField
        label={t('staff.firstName')}
        error={errors.firstName ? t('common.required') : null}
        input={{ name: 'firstName', value: values.firstName, onChange: set('firstName'), autoComplete: 'off', maxLength: 60 }}
      />
      <TextField
        label={t('login.username')}
        hint={t('staff.username.hint')}
        error={errors.username ? t('staff.username.hint') : null}
        input={{
          name: 'username',
          value: values.username,
          onChange: set('username'),
          autoComplete: 'off',
          autoCapitalize: 'none',
          spellCheck: false,
          maxLength: 63,
        }}
      />
      <TextField
        label={t('login.password')}
        hint={t('staff.password.hint')}
        error={errors.password ? t('staff.password.hint') : null}
        input={{ name: 'password', type: 'password', value: values.password, onChange: set('password'), autoComplete: 'new-password' }}
      />
    </>
  );
}
