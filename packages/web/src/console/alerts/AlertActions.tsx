// The two actions of a supervisor alert: read the conversation, or dismiss the alert. Each button
// names what it is about for screen readers (several alerts may be on the page at once).
export function AlertActions({
  open,
  dismiss,
  onOpen,
  onDismiss,
}: {
  open: { text: string; label: string };
  dismiss: { text: string; label: string };
  onOpen(): void;
  onDismiss(): void;
}) {
  return (
    <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-mt-1w">
      <li>
        <button type="button" className="fr-btn" aria-label={open.label} onClick={onOpen}>
          {open.text}
        </button>
      </li>
      <li>
        <button type="button" className="fr-btn fr-btn--secondary" aria-label={dismiss.label} onClick={onDismiss}>
          {dismiss.text}
        </button>
      </li>
    </ul>
  );
}
