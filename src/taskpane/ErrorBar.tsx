import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { usePane } from './context';

export function ErrorBar({ error }: { error: string | undefined }) {
  const { t } = usePane();
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle> {error} {t.errorHint}
      </MessageBarBody>
    </MessageBar>
  );
}
