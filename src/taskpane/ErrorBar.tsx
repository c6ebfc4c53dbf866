import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useHost, usePane } from './context';

export function ErrorBar({ error }: { error: string | undefined }) {
  const { t } = usePane();
  const host = useHost();
  if (!error) return null;
  return (
    // read out by the pane's assertive live region when it appears (see Outcome), not by a role
    <MessageBar intent="error">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle> {error} {host.mode === 'file' ? t.errorHintFile : t.errorHint}
      </MessageBarBody>
    </MessageBar>
  );
}
