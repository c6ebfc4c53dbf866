import { Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, ProgressBar } from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import { WORKBOOK_TYPES, type ConsolidateResult, type PickedFile, type StatusResult } from '../app/host';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { FilePicker } from './FilePicker';
import { ProblemList } from './ProblemList';
import { saveDownload } from './download';
import { useHandover, useHost, usePane } from './context';
import { useAction } from './useAction';
import { DateField, todayInVietnam, useDateText } from './DateField';
import { StatusView } from './StatusView';
import { formatProblem } from '../core/i18n/messages';
import { parseRosterBytes, type RosterReading } from '../app/roster';
import { errorsByFile } from './ProblemList';

export function ConsolidateTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const excel = host.mode === 'excel';
  const [includeWorkbook, setIncludeWorkbook] = useState(true);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [roster, setRoster] = useState<PickedFile[]>([]);
  const [previous, setPrevious] = useState<PickedFile[]>([]);
  // the picked roster read at once, so a wrong file is seen before consolidating, not after
  const [rosterReading, setRosterReading] = useState<{ file: PickedFile; reading: RosterReading }>();
  const latestRoster = useRef<PickedFile>();
  const [unit, setUnit] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [includeInvalid, setIncludeInvalid] = useState(false);
  const fromDate = useDateText(undefined);
  const toDate = useDateText(undefined);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [result, setResult] = useState<ConsolidateResult>();
  const deadlineDate = useDateText(undefined);
  const [statusResult, setStatusResult] = useState<StatusResult>();
  const statusAction = useAction();
  const { busy, error, run, shown, reveal } = useAction();
  const handover = useHandover();
  const fileErrors = useMemo(() => errorsByFile(result?.problems ?? []), [result]);

  // The period typed as people write dates; both or neither.
  const [fromIso, toIso] = [fromDate.iso, toDate.iso];
  const periodError = fromDate.invalid || toDate.invalid ? t.dateInvalid : !fromIso !== !toIso ? t.periodIncomplete : undefined;

  const pickRoster = async (picked: PickedFile[]) => {
    setRoster(picked);
    setRosterReading(undefined);
    const file = picked[0];
    latestRoster.current = file;
    if (!file) return;
    const reading = await parseRosterBytes(file.bytes, file.name);
    // a roster picked again meanwhile wins over this one
    if (latestRoster.current === file) setRosterReading({ file, reading });
  };

  const consolidate = async () => {
    setResult(undefined);
    setProgress(undefined);
    const r = await run(() =>
      host.consolidate(
        {
          includeWorkbook: excel && includeWorkbook,
          files,
          includeInvalid,
          ...(roster[0] ? { roster: roster[0] } : {}),
          ...(previous[0] ? { previous: previous[0] } : {}),
          meta: { ...(unit.trim() ? { unit: unit.trim() } : {}), ...(unitCode.trim() ? { unitCode: unitCode.trim() } : {}) },
          ...(fromIso && toIso ? { period: { from: fromIso, to: toIso } } : {}),
          lang,
        },
        (done, total) => setProgress({ done, total }),
      ),
    );
    if (!r) return;
    setResult(r);
    reveal();
    if (r.download) saveDownload(r.download);
  };
  const showStatus = async () => {
    setStatusResult(undefined);
    if (!roster[0]) return;
    const r = await statusAction.run(() =>
      host.status({
        includeWorkbook: excel && includeWorkbook,
        files,
        roster: roster[0]!,
        today: todayInVietnam(),
        ...(deadlineDate.iso ? { deadline: deadlineDate.iso } : {}),
        ...(fromIso && toIso ? { period: { from: fromIso, to: toIso } } : {}),
        lang,
      }),
    );
    if (!r) return;
    setStatusResult(r);
    statusAction.reveal();
  };
  const noSource = !(excel && includeWorkbook) && files.length === 0;
  const nothingToDo = noSource || periodError !== undefined;
  const statusWhy = useDisabledReason(!roster[0] ? t.needRoster : deadlineDate.invalid ? t.dateInvalid : undefined);
  const why = useDisabledReason(noSource ? (excel ? t.needSource : t.needFiles) : periodError !== undefined ? t.fixPeriod : undefined);
  const count = (status: string) => result?.summary?.units.filter((u) => u.status === status).length ?? 0;

  return (
    <div className="tab">
      {excel ? <Checkbox checked={includeWorkbook} onChange={(_, d) => setIncludeWorkbook(d.checked === true)} label={t.includeWorkbook} /> : null}
      <FilePicker label={t.addFiles} accept={WORKBOOK_TYPES} multiple files={files} onChange={setFiles} errorsByFile={fileErrors} dropTarget={!excel} />
      <FilePicker label={t.roster} accept=".csv,text/csv,.xlsx,.ods" files={roster} onChange={(picked) => void pickRoster(picked)} />
      {rosterReading && rosterReading.file === roster[0] ? (
        <div className="roster-summary" role="status">
          {rosterReading.reading.entries ? <Caption1 block>{t.rosterUnits(rosterReading.reading.entries.length)}</Caption1> : null}
          {rosterReading.reading.problems.map((p, i) => (
            <Caption1 block key={i}>
              {formatProblem(p, lang, t.problemHow)}
            </Caption1>
          ))}
        </div>
      ) : null}
      <FilePicker label={t.previousPick} accept={WORKBOOK_TYPES} files={previous} onChange={setPrevious} />
      <Field label={t.consolidatingBody}>
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} />
      </Field>
      <Field label={t.consolidatingCode}>
        <Input value={unitCode} onChange={(_, d) => setUnitCode(d.value)} />
      </Field>
      <div className="period">
        <Field label={t.periodFrom} {...(periodError ? { validationMessage: periodError, validationState: 'error' as const } : { hint: t.periodHint })}>
          <Input value={fromDate.text} placeholder="01/01/2023" onChange={(_, d) => fromDate.setText(d.value)} />
        </Field>
        <Field label={t.periodTo}>
          <Input value={toDate.text} placeholder="30/09/2023" onChange={(_, d) => toDate.setText(d.value)} />
        </Field>
      </div>
      <DateField label={t.deadline} date={deadlineDate} />
      <Button onClick={() => void showStatus()} disabledFocusable={statusAction.busy || !roster[0] || deadlineDate.invalid} {...statusWhy.describedBy}>
        {t.statusButton}
      </Button>
      {statusWhy.hint}
      <Outcome shown={statusAction.shown} urgent={statusAction.error !== undefined || (statusResult !== undefined && !statusResult.status)}>
        {statusResult?.status ? <StatusView status={statusResult.status} contactHeaders={statusResult.contactHeaders} /> : null}
        {statusResult && !statusResult.status ? (
          <MessageBar intent="error">
            <MessageBarBody>{statusResult.problems.map((p) => formatProblem(p, lang, t.problemHow)).join(' ')}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorBar error={statusAction.error} />
      </Outcome>
      <Checkbox checked={includeInvalid} onChange={(_, d) => setIncludeInvalid(d.checked === true)} label={t.includeInvalid} />
      {/* focusable while disabled, so the keyboard reaches it and hears why it cannot be pressed */}
      <Button appearance="primary" onClick={() => void consolidate()} disabledFocusable={busy || nothingToDo} {...why.describedBy}>
        {t.consolidateButton}
      </Button>
      {why.hint}
      {busy && progress ? (
        <Field validationMessage={t.consolidating(progress.done, progress.total)} validationState="none">
          <ProgressBar value={progress.total ? progress.done / progress.total : undefined} />
        </Field>
      ) : null}
      <Outcome shown={shown} urgent={error !== undefined || (result !== undefined && !result.summary)}>
        {result ? (
          <MessageBar intent={result.summary ? (result.problems.some((p) => p.severity === 'error') ? 'warning' : 'success') : 'error'}>
            <MessageBarBody>
              {result.summary
                ? `${excel ? t.consolidatedExcel(count('included'), result.summary.units.length, result.name ?? '') : t.consolidatedFile(count('included'), result.summary.units.length)} ${t.unitCounts(count('excluded'), count('missing'))}`
                : t.nothingConsolidated}{' '}
              {result.download ? (
                <Button appearance="transparent" size="small" onClick={() => saveDownload(result.download!)}>
                  {t.download(result.download.fileName)}
                </Button>
              ) : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {result?.summary ? (
          <Button onClick={() => handover.openReport(result.download ? { name: result.download.fileName, bytes: result.download.bytes } : undefined)}>
            {t.reportFromSummary}
          </Button>
        ) : null}
        <ErrorBar error={error} />
      </Outcome>
      {result ? <ProblemList problems={result.problems} {...(host.selectProblem ? { onSelect: (p) => void run(() => host.selectProblem!(p)) } : {})} /> : null}
    </div>
  );
}
