import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import type { PickedFile } from '../app/host';
import { parseRosterBytes } from '../app/roster';
import { safeFileName } from '../app/file-host';
import { formatProblem } from '../core/i18n/messages';
import type { Problem } from '../core/problems';
import { FilePicker } from './FilePicker';
import { formatDateVi } from '../core/dates';
import { DateField, useDateText } from './DateField';
import { useEffect, useMemo, useRef, useState } from 'react';
import { builtInRegistry } from '../core/builtins';
import { localize, templateKey, type Template } from '../core/model';
import { defineLoaded, loadTemplateFile, type LoadedTemplate } from '../app/load-template';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { saveDownload } from './download';
import { useHost, usePane, useTabShown } from './context';
import { useAction } from './useAction';

export function InsertTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const builtIns = useMemo(() => builtInRegistry().list(), []);
  // templates the user loaded (a .json or a design workbook), kept by the workbook or the browser
  const [loaded, setLoaded] = useState<LoadedTemplate[]>([]);
  const templates = useMemo(() => [...builtIns, ...loaded.map((l) => l.template)], [builtIns, loaded]);
  const [key, setKey] = useState(templateKey(builtIns[0]!));
  const template = templates.find((x) => templateKey(x) === key) ?? builtIns[0]!;
  const isLoaded = (x: Template) => loaded.some((l) => l.template === x);
  const [templateFile, setTemplateFile] = useState<PickedFile[]>([]);
  const [loadNote, setLoadNote] = useState<{ ok: boolean; text: string }>();
  const loading = useAction();
  const shownTab = useTabShown();
  const askedKept = useRef(false);
  useEffect(() => {
    if (!shownTab || askedKept.current) return;
    askedKept.current = true;
    void host.rememberedTemplates().then(
      async (kept) => {
        const defined = await Promise.all(kept.map((input) => defineLoaded(input)));
        setLoaded(defined.flatMap((d) => (d.loaded ? [d.loaded] : [])));
      },
      // nothing kept, or it cannot be read: only the built-in templates
      () => undefined,
    );
  }, [host, shownTab]);
  const loadTemplate = async (picked: PickedFile[]) => {
    setTemplateFile(picked);
    setLoadNote(undefined);
    const file = picked[0];
    if (!file) return;
    const outcome = await loading.run(() => loadTemplateFile(file));
    if (!outcome) return;
    if (outcome.issues) setLoadNote({ ok: false, text: localize(outcome.issues, lang) });
    else if (outcome.loaded) {
      const next = [...loaded.filter((l) => templateKey(l.template) !== templateKey(outcome.loaded!.template)), outcome.loaded];
      setLoaded(next);
      pickTemplate(outcome.loaded.template);
      await loading.run(() => host.rememberTemplates(next.map((l) => l.input)));
      setLoadNote({ ok: true, text: t.templateLoaded(localize(outcome.loaded.template.title, lang), templateKey(outcome.loaded.template)) });
    }
    loading.reveal();
  };
  const pickTemplate = (next: Template) => {
    setKey(templateKey(next));
    fromDate.setText(next.defaultPeriod ? formatDateVi(next.defaultPeriod.from) : '');
    toDate.setText(next.defaultPeriod ? formatDateVi(next.defaultPeriod.to) : '');
  };
  const [unit, setUnit] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const fromDate = useDateText(template.defaultPeriod?.from);
  const toDate = useDateText(template.defaultPeriod?.to);
  const [from, to] = [fromDate.iso, toDate.iso];
  const [done, setDone] = useState<string>();
  const { busy, error, run, shown, reveal } = useAction();
  const periodWrong = from !== '' && to !== '' && from > to;
  const datesInvalid = fromDate.invalid || toDate.invalid;
  const why = useDisabledReason(periodWrong || datesInvalid ? t.fixDates : undefined);

  // The whole set for the roster's units, one protected workbook each, as one .zip (both hosts).
  const [roster, setRoster] = useState<PickedFile[]>([]);
  const deadlineDate = useDateText(undefined);
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState<{ text: string; problems: readonly Problem[] }>();
  const sending = useAction();
  const setWrong = periodWrong || datesInvalid || !from || !to || deadlineDate.invalid;
  const sendWhy = useDisabledReason(!host.canDownload ? t.noDownloadSet : !roster[0] ? t.needRoster : setWrong ? t.fixDates : undefined);
  const distribute = async () => {
    setSent(undefined);
    const picked = roster[0];
    if (!picked) return;
    const outcome = await sending.run(async () => {
      const reading = await parseRosterBytes(picked.bytes, picked.name);
      if (!reading.entries) return { text: '', problems: reading.problems };
      const { distributionZip } = await import('../app/distribute');
      const zip = await distributionZip(template, reading.entries, {
        from,
        to,
        ...(deadlineDate.iso ? { deadline: deadlineDate.iso } : {}),
        ...(password ? { password } : {}),
        lang,
      });
      const fileName = `${safeFileName(`phu-luc-${template.id}-${from}-${to}`)}.zip`;
      saveDownload({ fileName, mimeType: 'application/zip', bytes: zip.bytes });
      return { text: t.distributed(zip.plan.files.length, fileName), problems: reading.problems };
    });
    if (!outcome) return;
    setSent(outcome);
    sending.reveal();
  };

  const submit = async () => {
    setDone(undefined);
    const result = await run(() =>
      host.insert({
        templateId: template.id,
        templateVersion: template.version,
        ...(isLoaded(template) ? { template } : {}),
        meta: {
          ...(unit.trim() ? { unit: unit.trim() } : {}),
          ...(unitCode.trim() ? { unitCode: unitCode.trim() } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        },
        lang,
      }),
    );
    if (!result) return;
    if (result.download) saveDownload(result.download);
    setDone(host.mode === 'excel' ? t.inserted(result.name) : t.created(result.name));
    reveal();
  };

  return (
    <form
      className="tab"
      onSubmit={(e) => {
        e.preventDefault();
        // Enter in a field submits the form even while the button is only marked disabled
        if (!(busy || periodWrong || datesInvalid)) void submit();
      }}
    >
      <Field label={t.template}>
        <Select value={key} onChange={(_, d) => pickTemplate(templates.find((x) => templateKey(x) === d.value)!)}>
          {templates.map((x) => (
            <option key={templateKey(x)} value={templateKey(x)}>
              {isLoaded(x) ? t.loadedTemplate(localize(x.title, lang)) : localize(x.title, lang)}
            </option>
          ))}
        </Select>
      </Field>
      <FilePicker label={t.loadTemplate} accept=".json,application/json,.xlsx,.ods" files={templateFile} onChange={(picked) => void loadTemplate(picked)} />
      <Outcome shown={loading.shown} urgent={loading.error !== undefined || loadNote?.ok === false}>
        {loadNote ? (
          <MessageBar intent={loadNote.ok ? 'success' : 'error'}>
            <MessageBarBody>{loadNote.text}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorBar error={loading.error} />
      </Outcome>
      <Field label={t.unit}>
        <Input value={unit} onChange={(_, d) => setUnit(d.value)} />
      </Field>
      <Field label={t.unitCode}>
        <Input value={unitCode} onChange={(_, d) => setUnitCode(d.value)} />
      </Field>
      <div className="row">
        <DateField label={t.from} date={fromDate} />
        <DateField label={t.to} date={toDate} validationMessage={periodWrong ? t.periodOrder : undefined} />
      </div>
      <Button appearance="primary" type="submit" disabledFocusable={busy || periodWrong || datesInvalid} {...why.describedBy}>
        {host.mode === 'excel' ? t.insertButtonExcel : t.insertButtonFile}
      </Button>
      {why.hint}
      <Outcome shown={shown} urgent={error !== undefined}>
        {done ? (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorBar error={error} />
      </Outcome>
      <fieldset className="report-header">
        <legend>{t.distributeTitle}</legend>
        <Caption1>{t.distributeHint}</Caption1>
        <FilePicker label={t.distributeRoster} accept=".csv,text/csv,.xlsx,.ods" files={roster} onChange={setRoster} />
        <div className="row">
          <DateField label={t.deadline} date={deadlineDate} />
          <Field label={t.password}>
            <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="new-password" />
          </Field>
        </div>
        <Button
          type="button"
          onClick={() => void distribute()}
          disabledFocusable={sending.busy || !host.canDownload || !roster[0] || setWrong}
          {...sendWhy.describedBy}
        >
          {t.distributeButton}
        </Button>
        {sendWhy.hint}
        <Outcome shown={sending.shown} urgent={sending.error !== undefined || (sent !== undefined && !sent.text)}>
          {sent?.text ? (
            <MessageBar intent={sent.problems.length > 0 ? 'warning' : 'success'}>
              <MessageBarBody>{sent.text}</MessageBarBody>
            </MessageBar>
          ) : null}
          {sent && sent.problems.length > 0 ? (
            <MessageBar intent={sent.text ? 'warning' : 'error'}>
              <MessageBarBody>{sent.problems.map((p) => formatProblem(p, lang, t.problemHow)).join(' ')}</MessageBarBody>
            </MessageBar>
          ) : null}
          <ErrorBar error={sending.error} />
        </Outcome>
      </fieldset>
    </form>
  );
}
