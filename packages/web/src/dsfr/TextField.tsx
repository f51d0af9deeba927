// DSFR text input with label, hint and error message wired for assistive technology.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { FieldFrame } from './FieldFrame.js';

export interface TextFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Error message; its presence puts the field in error. */
  error?: string | null;
  className?: string;
  input: InputHTMLAttributes<HTMLInputElement>;
}

export function TextField({ label, hint, error, className, input }: TextFieldProps) {
  const generatedId = useId();
  return (
    <FieldFrame id={input.id ?? `field-${generatedId}`} label={label} hint={hint} error={error} className={className}>
      {(control) => <input type="text" {...input} {...control} />}
    </FieldFrame>
  );
}
