// Gives every console page `useStepUp()`: wrap a sensitive call in it, and if the server asks for a
// recent second factor, the step-up dialog opens; once verified, the call runs again by itself.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import type { Guard } from '../factors/guard.js';
import { runWithStepUp } from './step-up.js';
import { StepUpDialog } from './StepUpDialog.js';

const StepUpContext = createContext<Guard>((action) => action());

export function StepUpProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState<{ settle(verified: boolean): void } | null>(null);
  // Several calls refused at once share one dialog.
  const pending = useRef<Promise<boolean> | null>(null);

  const confirm = useCallback((): Promise<boolean> => {
    if (pending.current !== null) return pending.current;
    const answer = new Promise<boolean>((resolve) => {
      setAsking({
        settle(verified) {
          pending.current = null;
          setAsking(null);
          resolve(verified);
        },
      });
    });
    pending.current = answer;
    return answer;
  }, []);

  const stepUp = useCallback<Guard>((action) => runWithStepUp(action, confirm), [confirm]);

  return (
    <StepUpContext.Provider value={stepUp}>
      {children}
      {asking !== null && <StepUpDialog onVerified={() => asking.settle(true)} onCancel={() => asking.settle(false)} />}
    </StepUpContext.Provider>
  );
}

export function useStepUp(): Guard {
  return useContext(StepUpContext);
}
