// An API or realtime failure shown as a DSFR alert, translated from its error code.
import { Alert } from '../dsfr/Alert.js';
import { useT } from '../i18n/i18n.js';
import { errorText } from './error-text.js';

export function ErrorAlert({ error, title, className }: { error: unknown; title?: string; className?: string }) {
  const t = useT();
  if (error === null || error === undefined) return null;
  return (
    <Alert
      className={className ?? 'fr-mb-3w'}
      severity="error"
      role="alert"
      as="h2"
      title={title ?? t('error.title')}
      description={errorText(t, error)}
    />
  );
}
