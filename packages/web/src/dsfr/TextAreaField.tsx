// DSFR textarea with label, hint and error message wired for assistive technology.
import { useId, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { FieldFrame } from './FieldFrame.js';

export interface TextAreaFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Error message; its presence puts the field in error. */
  error?: string | null;
  className?: string;
  textarea: TextareaHTMLAttributes<HTMLTextAreaElement>;
}

export function TextAreaField({ label, hint, error, className, textarea }: TextAreaFieldProps) {
  const generatedId = useId();
  return (
    <FieldFrame id={textarea.id ?? `textarea-${generatedId.replace(/:/g, '')}`} label={label} hint={hint} error={error} className={className}>
      {(control) => <textarea rows={3} {...textarea} {...control} />}
    </FieldFrame>
  );
}
