// Where quick exit sends people: an ordinary, busy site that raises no question if seen.
// A deployment may choose another one with <meta name="brigade-exit-url" content="https://…">
// in index.html (read once; only https URLs are accepted).
export const DEFAULT_EXIT_URL = 'https://www.google.fr/';

export function exitDestination(doc: Pick<Document, 'querySelector'> = document): string {
  const meta = doc.querySelector('meta[name="brigade-exit-url"]');
  const content = meta?.getAttribute('content')?.trim() ?? '';
  try {
    const url = new URL(content);
    return url.protocol === 'https:' ? url.href : DEFAULT_EXIT_URL;
  } catch {
    return DEFAULT_EXIT_URL;
  }
}
