// A success message in a status region that is always present, so that its appearance is
// announced by screen readers without moving focus.
import { Alert } from '../dsfr/Alert.js';

export function StatusAlert({ text }: { text: string | null }) {
  return <div role="status">{text !== null && <Alert className="fr-mb-3w" severity="success" small description={text} />}</div>;
}
