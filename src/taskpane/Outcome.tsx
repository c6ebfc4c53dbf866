import { useEffect, useRef, type ReactNode } from 'react';
import { useAnnounce } from './context';

/**
 * Where an action's result is shown (its message bars). Each time `shown` changes (after an
 * action), the result takes the focus, is scrolled into view and is read out: politely, or
 * assertively when `urgent` (an error), so it is seen and heard wherever the user was.
 */
export function Outcome({ shown, urgent, children }: { shown: number; urgent: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const announce = useAnnounce();
  useEffect(() => {
    const element = ref.current;
    if (shown === 0 || !element) return;
    const text = (element.textContent ?? '').trim();
    if (!text) return;
    element.focus({ preventScroll: true });
    // jsdom (the unit tests) has no scrollIntoView; every browser the pane runs in has
    const scroll = (): void => {
      if (typeof element.scrollIntoView === 'function') element.scrollIntoView({ block: 'nearest' });
    };
    scroll();
    announce(text, urgent);
    // Fluent's message bars grow in as they appear: once grown, the result is brought into view again
    const settled = setTimeout(() => {
      if (document.activeElement === element) scroll();
    }, 300);
    return () => clearTimeout(settled);
    // only a new action moves the focus, not a re-render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown]);
  return (
    <div ref={ref} tabIndex={-1} className="outcome" data-testid="outcome">
      {children}
    </div>
  );
}
