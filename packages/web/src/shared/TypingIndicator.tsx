// "… is typing": a polite live region that always exists, so screen readers notice its changes.
export function TypingIndicator({ text }: { text: string | null }) {
  return (
    <p className="brigade-typing fr-text--sm fr-mb-1w" aria-live="polite">
      {text ?? ''}
    </p>
  );
}
