// DSFR modal markup on a native <dialog> opened with showModal(): the browser keeps focus inside,
// makes the rest of the page inert and reports Escape; no DSFR JavaScript. Rendered only while
// open: mounting opens it, unmounting closes it and gives focus back to where it was.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: ReactNode;
  /** Text of the DSFR close button (e.g. "Fermer"). */
  closeLabel: string;
  /** Escape, the close button: the owner decides (usually unmounts the dialog). */
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom (DSFR modal footer). */
  footer?: ReactNode;
}

export function Dialog({ title, closeLabel, onClose, children, footer }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = `dialog-${useId().replace(/:/g, '')}-title`;

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    // The title first (as every step of the console does): announced, and Tab continues from it.
    heading.current?.focus();
    return () => {
      if (element.open) element.close();
      if (previous?.isConnected === true) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="fr-modal fr-modal--opened brigade-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="fr-container fr-container--fluid fr-container-md">
        <div className="fr-grid-row fr-grid-row--center">
          <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
            <div className="fr-modal__body">
              <div className="fr-modal__header">
                <button type="button" className="fr-btn--close fr-btn" onClick={onClose}>
                  {closeLabel}
                </button>
              </div>
              <div className="fr-modal__content">
                <h1 id={titleId} ref={heading} tabIndex={-1} className="fr-modal__title">
                  {title}
                </h1>
                {children}
              </div>
              {footer !== undefined && <div className="fr-modal__footer">{footer}</div>}
            </div>
          </div>
        </div>
      </div>
    </dialog>
  );
}
