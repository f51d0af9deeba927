// The conversations this operator holds: a list of buttons (aria-current marks the open one),
// with an unread dot, so switching between several chats works from the keyboard. When one leaves
// (transferred, back in the queue), a status message says so.
import type { Ref } from 'react';
import { useT } from '../i18n/i18n.js';
import type { ConversationState } from '../realtime/conversation-state.js';
import { StatusAlert } from '../shared/StatusAlert.js';

export interface HeldConversation {
  state: ConversationState;
  unread: boolean;
}

export function MyConversations({
  conversations,
  selectedId,
  onSelect,
  notice,
  headingRef,
}: {
  conversations: readonly HeldConversation[];
  selectedId: string | null;
  onSelect(conversationId: string): void;
  /** Why a conversation just left the list (null: nothing to say). */
  notice: string | null;
  /** Focus lands here when the open conversation leaves the list. */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  const t = useT();
  return (
    <section className="brigade-panel" aria-labelledby="mine-title">
      <h2 id="mine-title" ref={headingRef} tabIndex={-1} className="fr-h5 fr-mb-2w brigade-focus-target">
        {t('mine.title')}
      </h2>
      <StatusAlert text={notice} />
      {conversations.length === 0 ? (
        <p className="fr-text--sm">{t('mine.empty')}</p>
      ) : (
        <ul className="fr-raw-list brigade-mine">
          {conversations.map(({ state, unread }) => {
            const view = state.view;
            const selected = state.conversationId === selectedId;
            return (
              <li key={state.conversationId}>
                <button
                  type="button"
                  className={selected ? 'brigade-mine__item brigade-mine__item--selected' : 'brigade-mine__item'}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onSelect(state.conversationId)}
                >
                  <span className="brigade-mine__title">
                    {view?.danger === true && <span className="fr-badge fr-badge--error fr-badge--sm fr-mr-1w">{t('badge.danger')}</span>}
                    {view !== null ? t(`topic.${view.topic}`) : t('common.loading')}
                  </span>
                  <span className="brigade-mine__meta fr-text--xs">
                    {view !== null && 'postalCode' in view ? view.postalCode : ''}
                    {view?.status === 'closed' && <> · {t('mine.closed')}</>}
                  </span>
                  {unread && (
                    <span className="brigade-mine__unread">
                      <span className="fr-sr-only">{t('mine.unread')}</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
