import { Body1, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, Subtitle2, Textarea } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { WORKBOOK_TYPES, type PickedFile, type RememberedHeader } from '../app/host';
import type { NarrativeInput } from '../app/narrative';
import { renderNarrative, narrativeText, type NarrativeSection } from '../core/narrative';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { FilePicker } from './FilePicker';
import { ProblemList } from './ProblemList';
import { saveDownload } from './download';
import { useHandover, useHost, usePane, useTabShown } from './context';
import { DateField, todayInVietnam, useDateText } from './DateField';
import { useAction } from './useAction';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** HTML for pasting into Word: headings bold, paragraphs justified, Times New Roman 14. */
function narrativeHtml(sections: readonly NarrativeSection[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = sections
    .map(
      (s) =>
        `<p style="font-weight:${s.level <= 2 ? 'bold' : 'normal'};font-style:${s.level === 3 ? 'italic' : 'normal'}">${esc(s.heading)}</p>${s.paragraphs.map((p) => `<p style="text-align:justify;text-indent:1cm">${esc(p)}</p>`).join('')}`,
    )
    .join('');
  return `<div style="font-family:'Times New Roman';font-size:14pt">${body}</div>`;
}

export function ReportTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const [file, setFile] = useState<PickedFile[]>([]);
  const [input, setInput] = useState<NarrativeInput>();
  const [body, setBody] = useState('');
  const [parentBody, setParentBody] = useState('');
  const [place, setPlace] = useState('');
  const reportDate = useDateText(todayInVietnam());
  const date = reportDate.iso;
  const [number, setNumber] = useState('');
  const [party, setParty] = useState(false);
  const [recipients, setRecipients] = useState('');
  const [signerAuthority, setSignerAuthority] = useState('');
  const [signerTitle, setSignerTitle] = useState('');
  const [signer, setSigner] = useState('');
  const [previous, setPrevious] = useState<PickedFile[]>([]);
  const [note, setNote] = useState<string>();
  const { busy, error, run, shown, reveal } = useAction();
  const excel = host.mode === 'excel';
  const why = useDisabledReason(!excel && file.length === 0 ? t.needFile : undefined);
  const sections = input?.source ? renderNarrative(input.source, lang) : undefined;
  const { reportRequest } = useHandover();

  // The header as this workbook (Excel) or this browser (file mode) last had it; what the user
  // has typed meanwhile wins.
  // Asked the first time the tab is shown, not when the pane starts: no Excel batch for a tab never opened.
  const shownTab = useTabShown();
  const asked = useRef(false);
  useEffect(() => {
    if (!shownTab || asked.current) return;
    asked.current = true;
    void host.rememberedHeader().then(
      (kept) => {
        if (!kept) return;
        const keep = (set: (f: (old: string) => string) => void, value: string | undefined) => value && set((old) => old || value);
        keep(setBody, kept.body);
        keep(setParentBody, kept.parentBody);
        keep(setPlace, kept.place);
        keep(setNumber, kept.number);
        keep(setRecipients, kept.recipients?.join('\n'));
        keep(setSignerAuthority, kept.signerAuthority);
        keep(setSignerTitle, kept.signerTitle);
        keep(setSigner, kept.signer);
        if (kept.party) setParty(true);
      },
      // nothing remembered is no error: the fields are simply blank
      () => undefined,
    );
  }, [host, shownTab]);

  const load = async (from: PickedFile | undefined = file[0]) => {
    setNote(undefined);
    const r = await run(() => host.narrativeInput({ ...(from ? { file: from } : {}), ...(previous[0] ? { previous: previous[0] } : {}) }));
    if (r) {
      setInput(r);
      if (!body && r.meta.unit) setBody(r.meta.unit);
      reveal();
    }
  };

  // "Viết báo cáo từ bản tổng hợp này" on the Tổng hợp tab: the summary just made, written at once.
  const handled = useRef(0);
  const loadLatest = useRef(load);
  loadLatest.current = load;
  useEffect(() => {
    if (!reportRequest || reportRequest.seq === handled.current) return;
    handled.current = reportRequest.seq;
    if (reportRequest.summary) setFile([reportRequest.summary]);
    void loadLatest.current(reportRequest.summary);
  }, [reportRequest]);

  const copy = async () => {
    if (!sections) return;
    const text = narrativeText(sections);
    await run(async () => {
      const clipboard = navigator.clipboard;
      if (clipboard && 'write' in clipboard && typeof ClipboardItem !== 'undefined') {
        await clipboard.write([
          new ClipboardItem({
            'text/html': new Blob([narrativeHtml(sections)], { type: 'text/html' }),
            'text/plain': new Blob([text], { type: 'text/plain' }),
          }),
        ]);
      } else if (clipboard) await clipboard.writeText(text);
      else throw new Error(t.copyUnavailable);
      setNote(t.copied);
      reveal();
    });
  };

  const recipientList = recipients
    .split(/\r?\n/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const kept = (): RememberedHeader => ({
    ...(body.trim() ? { body: body.trim() } : {}),
    ...(parentBody.trim() ? { parentBody: parentBody.trim() } : {}),
    ...(place.trim() ? { place: place.trim() } : {}),
    ...(number.trim() ? { number: number.trim() } : {}),
    ...(party ? { party } : {}),
    ...(recipientList.length > 0 ? { recipients: recipientList } : {}),
    ...(signerAuthority.trim() ? { signerAuthority: signerAuthority.trim() } : {}),
    ...(signerTitle.trim() ? { signerTitle: signerTitle.trim() } : {}),
    ...(signer.trim() ? { signer: signer.trim() } : {}),
  });

  const docx = async () => {
    if (!input?.source || !sections) return;
    const source = input.source;
    await run(async () => {
      const { writeReportDocx } = await import('../app/report-module');
      const header = { ...kept(), ...(date ? { date } : {}) };
      const bytes = await writeReportDocx(source, sections, header, input.meta, lang);
      saveDownload({ fileName: `bao-cao-${source.template.id}.docx`, mimeType: DOCX_MIME, bytes });
      // the header used is the one to offer next time
      await host.rememberHeader(kept());
      setNote(t.docxReady);
      reveal();
    });
  };

  const toSheet = async () => {
    if (!sections || !host.insertNarrative) return;
    const r = await run(() => host.insertNarrative!(sections, lang));
    if (!r) return;
    setNote(t.narrativeInserted(r.name));
    reveal();
  };

  return (
    <div className="tab">
      <fieldset className="report-header">
        <legend>{t.reportHeader}</legend>
        <Field label={t.issuingBody}>
          <Input value={body} onChange={(_, d) => setBody(d.value)} />
        </Field>
        <Field label={t.parentBody}>
          <Input value={parentBody} onChange={(_, d) => setParentBody(d.value)} />
        </Field>
        <Checkbox checked={party} onChange={(_, d) => setParty(d.checked === true)} label={t.partyBody} />
        <div className="row">
          <Field label={t.docNumber}>
            <Input value={number} onChange={(_, d) => setNumber(d.value)} placeholder="15/BC-BDV" />
          </Field>
          <Field label={t.place}>
            <Input value={place} onChange={(_, d) => setPlace(d.value)} />
          </Field>
        </div>
        <DateField label={t.reportDate} date={reportDate} />
        <Field label={t.recipients}>
          <Textarea value={recipients} onChange={(_, d) => setRecipients(d.value)} rows={3} resize="vertical" />
        </Field>
        <Field label={t.signerAuthority}>
          <Input value={signerAuthority} onChange={(_, d) => setSignerAuthority(d.value)} />
        </Field>
        <div className="row">
          <Field label={t.signerTitle}>
            <Input value={signerTitle} onChange={(_, d) => setSignerTitle(d.value)} />
          </Field>
          <Field label={t.signer}>
            <Input value={signer} onChange={(_, d) => setSigner(d.value)} />
          </Field>
        </div>
        <Caption1>{t.headerRemembered}</Caption1>
      </fieldset>
      {excel ? <Body1>{t.reportFromWorkbook}</Body1> : <FilePicker label={t.reportPick} accept={WORKBOOK_TYPES} files={file} onChange={setFile} dropTarget />}
      <FilePicker label={t.previousPick} accept={WORKBOOK_TYPES} files={previous} onChange={setPrevious} />
      <Button appearance="primary" onClick={() => void load()} disabledFocusable={busy || (!excel && file.length === 0)} {...why.describedBy}>
        {t.reportLoad}
      </Button>
      {why.hint}
      <Outcome shown={shown} urgent={error !== undefined || (input !== undefined && !input.source)}>
        <ErrorBar error={error} />
        {input && !input.source ? (
          <MessageBar intent="error">
            <MessageBarBody>{t.reportNoSource}</MessageBarBody>
          </MessageBar>
        ) : null}
        {sections && !error ? (
          <MessageBar intent="success">
            <MessageBarBody>{note ?? t.reportWritten}</MessageBarBody>
          </MessageBar>
        ) : null}
      </Outcome>
      {/* the data's problems before the text they affect */}
      {input ? <ProblemList problems={input.problems} /> : null}
      {sections ? (
        <>
          <div className="row">
            {host.canDownload ? (
              <Button appearance="primary" onClick={() => void docx()} disabledFocusable={busy}>
                {t.docx}
              </Button>
            ) : null}
            <Button onClick={() => void copy()} disabledFocusable={busy}>
              {t.copy}
            </Button>
            {host.insertNarrative ? (
              <Button onClick={() => void toSheet()} disabledFocusable={busy}>
                {t.toSheet}
              </Button>
            ) : null}
          </div>
          {!host.canDownload ? <Body1>{t.noDownload}</Body1> : null}
          {/* focusable, so the keyboard can scroll a long preview */}
          <article className="preview" aria-label={t.preview} tabIndex={0}>
            {sections.map((s, i) => (
              <section key={i}>
                {s.level === 1 ? <Subtitle2 as="h2">{s.heading}</Subtitle2> : <h3 className={`level${s.level}`}>{s.heading}</h3>}
                {s.paragraphs.map((p, j) => (
                  <p key={j}>{p}</p>
                ))}
              </section>
            ))}
          </article>
        </>
      ) : null}
    </div>
  );
}
