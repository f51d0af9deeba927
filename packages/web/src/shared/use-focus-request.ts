// Focus an element after the next render: when the control a person used disappears (a panel
// closes, a list is replaced), focus goes somewhere sensible instead of falling to the page.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export function useFocusRequest<T extends HTMLElement>(): [RefObject<T | null>, () => void] {
  const ref = useRef<T>(null);
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests > 0) ref.current?.focus();
  }, [requests]);
  const request = useCallback(() => setRequests((n) => n + 1), []);
  return [ref, request];
}
