// The holder's ways to hand a conversation on: back to the queue (after a confirmation) or a
// transfer (a dialog). On success the conversation leaves "my conversations", which says so.
import type { TransferTarget } from '@brigade/protocol';
import { useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import { ErrorAlert } from '../../shared/ErrorAlert.js';
import { ConfirmDialog } from '../ConfirmDialog.js';
import type { Routed } from '../routing/routing-rules.js';
import { TransferDialog } from './TransferDialog.js';

export function HeldConversationActions({
  conversation,
  selfId,
  onRelease,
  onTransfer,
}: {
  conversation: Routed;
  selfId: string;
  onRelease(): Promise<void>;
  onTransfer(target: TransferTarget): Promise<void>;
}) {
  const t = useT();
  const [open, setOpen] = useState<'release' | 'transfer' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const release = () => {
    setOpen(null);
    setError(null);
    onRelease().catch((e: unknown) => setError(e));
  };

  return (
    <div className="brigade-held-actions fr-mb-2w">
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm" aria-label={t('pane.actions')}>
        <li>
          <button
            type="button"
            className="fr-btn fr-btn--secondary"
            onClick={() => {
              setError(null);
              setOpen('transfer');
            }}
          >
            {t('transfer.button')}
          </button>
        </li>
        <li>
          <button type="button" className="fr-btn fr-btn--tertiary" onClick={() => setOpen('release')}>
            {t('release.button')}
          </button>
        </li>
      </ul>
      <ErrorAlert error={error} />
      {open === 'release' && (
        <ConfirmDialog
          title={t('release.title')}
          text={t('release.text')}
          confirmLabel={t('release.button')}
          onConfirm={release}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === 'transfer' && (
        <TransferDialog conversation={conversation} selfId={selfId} onTransfer={onTransfer} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}
