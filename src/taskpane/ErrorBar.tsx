import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useHost, usePane } from './context';
import type { ActionError } from './useAction';

export function ErrorBar({ error }: { error: ActionError | undefined }) {
  const { t } = usePane();
  const host = useHost();
  if (!error) return null;
  const hint = host.mode === 'file' ? t.errorHintFile : t.errorHint;
  return (
    // read out by the pane's assertive live region when it appears (see Outcome), not by a role
    <MessageBar intent="error">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle>{' '}
        {error.kind === 'user' ? (
          <>
            {error.message} {hint}
          </>
        ) : (
          <>
            {t.internalError} {t.internalDetail} <code>{error.detail}</code> {hint}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
