// DSFR select with label and error message.
import { useId, type ReactNode } from 'react';

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
  const hasError = error !== undefined && error !== null && error !== '';
  return (
    <div className={['fr-select-group', hasError ? 'fr-select-group--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint !== undefined && <span className="fr-hint-text">{hint}</span>}
      </label>
      <select
        id={id}
        className={['fr-select', hasError ? 'fr-select--error' : ''].filter(Boolean).join(' ')}
        value={value}
        aria-invalid={hasError ? true : undefined}
        aria-describedby={hasError ? `${id}-error` : undefined}
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
      {hasError && (
        <p id={`${id}-error`} className="fr-error-text">
          {error}
        </p>
      )}
    </div>
  );
}
