// DSFR alert markup. (react-dsfr's components pull its whole colour table into the bundle,
// ~60 kB minified: too much for a page opened on a phone at 3 a.m., so the few we need are
// written here against the same DSFR CSS.)
import type { ReactNode } from 'react';

export interface AlertProps {
  severity: 'info' | 'success' | 'warning' | 'error';
  title?: ReactNode;
  description?: ReactNode;
  /** Heading level of the title (DSFR default: h3). */
  as?: 'h2' | 'h3' | 'h4';
  small?: boolean;
  role?: 'alert' | 'status';
  className?: string;
}

export function Alert({ severity, title, description, as: Heading = 'h3', small = false, role, className }: AlertProps) {
  const classes = ['fr-alert', `fr-alert--${severity}`, small ? 'fr-alert--sm' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div className={classes} role={role}>
      {title !== undefined && <Heading className="fr-alert__title">{title}</Heading>}
      {description !== undefined && <p>{description}</p>}
    </div>
  );
}
