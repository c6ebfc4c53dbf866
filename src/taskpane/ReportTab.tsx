import { Body1 } from '@fluentui/react-components';
import { usePane } from './context';

export function ReportTab() {
  const { t } = usePane();
  return (
    <div className="tab">
      <Body1>{t.reportComing}</Body1>
    </div>
  );
}
