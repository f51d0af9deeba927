// Moves keyboard and screen-reader focus to a new step's heading, so the change of step is
// announced and Tab continues from there (RGAA 7.1 / WCAG 2.4.3).
import { useEffect, useRef } from 'react';

export function useFocusOnMount<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [enabled]);
  return ref;
}
