// The waiting alert's sound: a beep when a conversation arrives, repeated while they wait, unless
// the person muted it.
import { useEffect, useRef, useState } from 'react';
import { Beeper } from './beeper.js';
import { beepDue, type LastBeep } from './waiting-alert.js';

const CHECK_MS = 5000;

export function useAlertSound(count: number, enabled: boolean): void {
  const [beeper] = useState(() => new Beeper());
  const last = useRef<LastBeep>({ at: null, count: 0 });

  useEffect(() => {
    const unlock = () => beeper.unlock();
    document.addEventListener('pointerdown', unlock);
    document.addEventListener('keydown', unlock);
    return () => {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
      beeper.close();
    };
  }, [beeper]);

  useEffect(() => {
    const check = () => {
      const now = Date.now();
      if (enabled && beepDue(last.current, count, now)) {
        beeper.beep();
        last.current = { at: now, count };
      } else {
        last.current = { ...last.current, count };
      }
    };
    check();
    if (!enabled || count === 0) return;
    const timer = setInterval(check, CHECK_MS);
    return () => clearInterval(timer);
  }, [beeper, count, enabled]);
}
