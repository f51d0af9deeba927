// Recovery codes, shown once right after the first factor is enrolled.
import { useT } from '../i18n/i18n.js';
import { useFocusOnMount } from '../shared/use-focus-on-mount.js';
import { RecoveryCodeList } from './RecoveryCodeList.js';

export function RecoveryCodesPage({ codes, onContinue }: { codes: readonly string[]; onContinue(): void }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="brigade-narrow">
      <h1 ref={heading} tabIndex={-1} className="fr-h3">
        {t('codes.title')}
      </h1>
      <p>{t('codes.intro')}</p>
      <RecoveryCodeList codes={codes} />
      <button type="button" className="fr-btn" onClick={onContinue}>
        {t('codes.continue')}
      </button>
    </div>
  );
}
