// Follows the device's light/dark preference without react-dsfr's `startReactDsfr`, which
// persists the scheme in localStorage: the citizen page must leave nothing behind.
export function followSystemColorScheme(): void {
  const root = document.documentElement;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    root.setAttribute('data-fr-scheme', 'system');
    root.setAttribute('data-fr-theme', query.matches ? 'dark' : 'light');
  };
  apply();
  query.addEventListener('change', apply);
}
