import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { usePane } from './context';

export function ErrorBar({ error }: { error: string | undefined }) {
  const { t } = usePane();
  if (!error) return null;
  return (
    // read out by the pane's assertive live region when it appears (see Outcome), not by a role
    <MessageBar intent="error">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle> {error} {t.errorHint}
      </MessageBarBody>
    </MessageBar>
  );
}
