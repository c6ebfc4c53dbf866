import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, ProgressBar } from '@fluentui/react-components';
import { useState } from 'react';
import type { ConsolidateResult, PickedFile } from '../app/host';
import { ErrorBar } from './ErrorBar';
import { FilePicker } from './FilePicker';
import { ProblemList } from './ProblemList';
import { saveDownload } from './download';
import { useHost, usePane } from './context';
import { useAction } from './useAction';

export function ConsolidateTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const excel = host.mode === 'excel';
  const [includeWorkbook, setIncludeWorkbook] = useState(true);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [roster, setRoster] = useState<PickedFile[]>([]);
  const [unit, setUnit] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [includeInvalid, setIncludeInvalid] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [result, setResult] = useState<ConsolidateResult>();
  const { busy, error, run } = useAction();

  const consolidate = async () => {
    setResult(undefined);
    setProgress(undefined);
    const r = await run(() =>
      host.consolidate(
        {
          includeWorkbook: excel && includeWorkbook,
          files,
          includeInvalid,
          ...(roster[0] ? { roster: new TextDecoder().decode(roster[0].bytes) } : {}),
          meta: { ...(unit.trim() ? { unit: unit.trim() } : {}), ...(unitCode.trim() ? { unitCode: unitCode.trim() } : {}) },
          lang,
        },
        (done, total) => setProgress({ done, total }),
      ),
    );
    if (!r) return;
    setResult(r);
    if (r.download) saveDownload(r.download);
  };
  const nothingToDo = !(excel && includeWorkbook) && files.length === 0;

  return (
    <div className="tab">
      {excel ? <Checkbox checked={includeWorkbook} onChange={(_, d) => setIncludeWorkbook(d.checked === true)} label={t.includeWorkbook} /> : null}
      <FilePicker label={t.addFiles} accept=".xlsx" multiple files={files} onChange={setFiles} />
      <FilePicker label={t.roster} accept=".csv,text/csv" files={roster} onChange={setRoster} />
      <Field label={t.consolidatingBody}>
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} />
      </Field>
      <Field label={t.consolidatingCode}>
        <Input value={unitCode} onChange={(_, d) => setUnitCode(d.value)} />
      </Field>
      <Checkbox checked={includeInvalid} onChange={(_, d) => setIncludeInvalid(d.checked === true)} label={t.includeInvalid} />
      <Button appearance="primary" onClick={() => void consolidate()} disabled={busy || nothingToDo}>
        {t.consolidateButton}
      </Button>
      {busy && progress ? (
        <Field validationMessage={t.consolidating(progress.done, progress.total)} validationState="none">
          <ProgressBar value={progress.total ? progress.done / progress.total : undefined} />
        </Field>
      ) : null}
      {result ? (
        <MessageBar intent={result.summary ? (result.problems.some((p) => p.severity === 'error') ? 'warning' : 'success') : 'error'}>
          <MessageBarBody>
            {result.summary ? (excel ? t.consolidatedExcel(result.summary.included.length, result.name ?? '') : t.consolidatedFile(result.summary.included.length)) : t.nothingConsolidated}{' '}
            {result.download ? (
              <Button appearance="transparent" size="small" onClick={() => saveDownload(result.download!)}>
                {t.download(result.download.fileName)}
              </Button>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <ErrorBar error={error} />
      {result ? <ProblemList problems={result.problems} {...(host.selectProblem ? { onSelect: (p) => void run(() => host.selectProblem!(p)) } : {})} /> : null}
    </div>
  );
}
