// "Confirm it is you": the second factor again, before a sensitive action is retried.
import { useEffect, useState } from 'react';
import { Dialog } from '../../dsfr/Dialog.js';
import { useT } from '../../i18n/i18n.js';
import { listFactors } from '../account/account-api.js';
import { methodsOf } from '../factors/methods.js';
import { SecondFactorForm } from '../factors/SecondFactorForm.js';
import type { SecondFactorMethod } from '../staff-session.js';

/** If the account's factors cannot be listed, every method is offered (the server decides). */
const ALL_METHODS: readonly SecondFactorMethod[] = ['webauthn', 'totp', 'recovery'];

export function StepUpDialog({ onVerified, onCancel }: { onVerified(): void; onCancel(): void }) {
  const t = useT();
  const [methods, setMethods] = useState<readonly SecondFactorMethod[] | null>(null);

  useEffect(() => {
    let live = true;
    listFactors().then(
      (list) => live && setMethods(methodsOf(list)),
      () => live && setMethods(ALL_METHODS),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <Dialog title={t('stepUp.title')} closeLabel={t('common.close')} onClose={onCancel}>
      <p>{t('stepUp.intro')}</p>
      {methods === null ? <p>{t('common.loading')}</p> : <SecondFactorForm methods={methods} onVerified={onVerified} />}
      <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm fr-mt-2w" onClick={onCancel}>
        {t('stepUp.cancel')}
      </button>
    </Dialog>
  );
}
