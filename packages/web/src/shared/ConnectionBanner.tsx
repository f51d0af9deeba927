// Tells people, calmly, that the link dropped and that messages will leave once it is back.
export function ConnectionBanner({ offline, text }: { offline: boolean; text: string }) {
  return (
    <div role="status" className="brigade-connection">
      {offline && (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
          <p>{text}</p>
        </div>
      )}
    </div>
  );
}
