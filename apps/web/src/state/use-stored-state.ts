import { useCallback, useState } from 'react';

/**
 * A string kept in localStorage (the API key, the last view), so it survives reloads. Storage can
 * be unavailable (private modes, blocked cookies): the value then lives for the page only.
 */
export function useStoredState(key: string, initial: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => {
    try {
      return window.localStorage.getItem(key) ?? initial;
    } catch {
      return initial;
    }
  });
  const store = useCallback(
    (next: string) => {
      setValue(next);
      try {
        if (next === '') window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        // storage unavailable: keep the in-memory value
      }
    },
    [key],
  );
  return [value, store];
}
