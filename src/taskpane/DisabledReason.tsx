import { Caption1 } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';

/**
 * Why a button cannot be pressed, said below it and tied to it (aria-describedby), so a disabled
 * button is never a riddle. No reason, no text (and nothing while an action merely runs).
 */
export function useDisabledReason(reason: string | undefined): { describedBy: { 'aria-describedby'?: string }; hint: ReactNode } {
  const id = useId();
  if (!reason) return { describedBy: {}, hint: null };
  return {
    describedBy: { 'aria-describedby': id },
    hint: (
      <Caption1 id={id} className="disabled-reason">
        {reason}
      </Caption1>
    ),
  };
}
