// While conversations wait, the tab title carries their count and alternates with the alert, so
// an operator on another tab or window sees it too.
import { useEffect } from 'react';
import { waitingTitle } from './waiting-alert.js';

const BLINK_MS = 2000;

export function useTitleBadge(count: number, base: string, alert: string): void {
  useEffect(() => {
    if (count === 0) {
      document.title = base;
      return;
    }
    let phase = true;
    const apply = () => {
      document.title = waitingTitle(base, alert, count, phase);
      phase = !phase;
    };
    apply();
    const timer = setInterval(apply, BLINK_MS);
    return () => {
      clearInterval(timer);
      document.title = base;
    };
  }, [count, base, alert]);
}
