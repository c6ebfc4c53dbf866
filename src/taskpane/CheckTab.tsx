import { Button, MessageBar, MessageBarBody, Radio, RadioGroup, Field } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { WORKBOOK_TYPES, type CheckResult, type PickedFile } from '../app/host';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { FilePicker } from './FilePicker';
import { errorsByFile, ProblemList } from './ProblemList';
import { useHost, usePane } from './context';
import { useAction } from './useAction';

export function CheckTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const [scope, setScope] = useState<'active' | 'all'>('all');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [result, setResult] = useState<CheckResult>();
  const [note, setNote] = useState<string>();
  const { busy, error, run, shown, reveal } = useAction();
  const excel = host.mode === 'excel';
  const fileErrors = useMemo(() => errorsByFile(result?.problems ?? []), [result]);

  const check = async () => {
    setNote(undefined);
    const r = await run(() => host.check({ scope: excel ? scope : 'files', files, lang }));
    if (!r) return;
    setResult(r);
    reveal();
  };
  const why = useDisabledReason(!excel && files.length === 0 ? t.needFiles : undefined);
  const errors = result?.problems.filter((p) => p.severity === 'error').length ?? 0;

  return (
    <div className="tab">
      {excel ? (
        <Field label={t.checkScope}>
          <RadioGroup value={scope} onChange={(_, d) => setScope(d.value as 'active' | 'all')}>
            <Radio value="active" label={t.checkActive} />
            <Radio value="all" label={t.checkAll} />
          </RadioGroup>
        </Field>
      ) : (
        <FilePicker label={t.pickFiles} accept={WORKBOOK_TYPES} multiple files={files} onChange={setFiles} errorsByFile={fileErrors} dropTarget />
      )}
      <div className="row">
        <Button appearance="primary" onClick={() => void check()} disabledFocusable={busy || (!excel && files.length === 0)} {...why.describedBy}>
          {t.checkButton}
        </Button>
        {excel && host.clearMarks ? (
          <Button
            onClick={() =>
              void run(async () => {
                await host.clearMarks!();
                setNote(t.marksCleared);
                reveal();
              })
            }
            disabledFocusable={busy}
          >
            {t.clearMarks}
          </Button>
        ) : null}
      </div>
      {why.hint}
      <Outcome shown={shown} urgent={error !== undefined}>
        {/* marks cleared: the note replaces the check's summary, whose "cells marked" no longer holds */}
        {result && !note ? (
          <MessageBar intent={errors > 0 ? 'warning' : 'success'}>
            <MessageBarBody>
              {t.checked(result.sheets, errors, result.problems.length - errors)} {excel && result.marked > 0 ? t.marked(result.marked) : ''}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {note ? (
          <MessageBar intent="info">
            <MessageBarBody>{note}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorBar error={error} />
      </Outcome>
      {result ? <ProblemList problems={result.problems} {...(host.selectProblem ? { onSelect: (p) => void run(() => host.selectProblem!(p)) } : {})} /> : null}
    </div>
  );
}
