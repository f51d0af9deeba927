// DSFR select with label and error message.
import { useId, type ReactNode } from 'react';
import { FieldFrame } from './FieldFrame.js';

export interface SelectFieldProps<V extends string> {
  label: ReactNode;
  /** First, empty option ("Choose…"); omitted when the select always has a value. */
  placeholder?: string;
  /** The empty option can be chosen back (e.g. "All"), instead of being a prompt only. */
  placeholderSelectable?: boolean;
  /** A disabled option is listed but cannot be chosen (say why in its label). */
  options: readonly { value: V; label: string; disabled?: boolean }[];
  value: V | '';
  onChange(value: V | ''): void;
  error?: string | null;
  className?: string;
  hint?: ReactNode;
}

export function SelectField<V extends string>({
  label,
  placeholder,
  placeholderSelectable = false,
  options,
  value,
  onChange,
  error,
  className,
  hint,
}: SelectFieldProps<V>) {
  const id = `select-${useId().replace(/:/g, '')}`;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className} kind="select">
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(event) => {
            const next = options.find((o) => o.value === event.target.value && o.disabled !== true);
            onChange(next === undefined ? '' : next.value);
          }}
        >
          {placeholder !== undefined && (
            <option value="" disabled={!placeholderSelectable}>
              {placeholder}
            </option>
          )}
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
