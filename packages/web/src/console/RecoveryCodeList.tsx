// Recovery codes as a list to copy down (shown once: after the first factor, or regenerated).
import { useT } from '../i18n/i18n.js';

export function RecoveryCodeList({ codes }: { codes: readonly string[] }) {
  const t = useT();
  return (
    <ol className="brigade-codes" aria-label={t('codes.list')} translate="no">
      {codes.map((code) => (
        <li key={code}>
          <code>{code}</code>
        </li>
      ))}
    </ol>
  );
}
