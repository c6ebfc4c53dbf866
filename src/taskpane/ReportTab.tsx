import { Body1, Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Subtitle2 } from '@fluentui/react-components';
import { useState } from 'react';
import type { PickedFile } from '../app/host';
import type { NarrativeInput } from '../app/narrative';
import { renderNarrative, narrativeText, type NarrativeSection } from '../core/narrative';
import { ErrorBar } from './ErrorBar';
import { Outcome } from './Outcome';
import { useDisabledReason } from './DisabledReason';
import { FilePicker } from './FilePicker';
import { ProblemList } from './ProblemList';
import { saveDownload } from './download';
import { useHost, usePane } from './context';
import { DateField, todayInVietnam, useDateText } from './DateField';
import { useAction } from './useAction';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** HTML for pasting into Word: headings bold, paragraphs justified, Times New Roman 14. */
function narrativeHtml(sections: readonly NarrativeSection[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = sections
    .map((s) => `<p style="font-weight:${s.level <= 2 ? 'bold' : 'normal'};font-style:${s.level === 3 ? 'italic' : 'normal'}">${esc(s.heading)}</p>${s.paragraphs.map((p) => `<p style="text-align:justify;text-indent:1cm">${esc(p)}</p>`).join('')}`)
    .join('');
  return `<div style="font-family:'Times New Roman';font-size:14pt">${body}</div>`;
}

export function ReportTab() {
  const host = useHost();
  const { t, lang } = usePane();
  const [file, setFile] = useState<PickedFile[]>([]);
  const [input, setInput] = useState<NarrativeInput>();
  const [body, setBody] = useState('');
  const [place, setPlace] = useState('');
  const reportDate = useDateText(todayInVietnam());
  const date = reportDate.iso;
  const [number, setNumber] = useState('');
  const [party, setParty] = useState(false);
  const [note, setNote] = useState<string>();
  const { busy, error, run, shown, reveal } = useAction();
  const excel = host.mode === 'excel';
  const why = useDisabledReason(!excel && file.length === 0 ? t.needFile : undefined);
  const sections = input?.source ? renderNarrative(input.source, lang) : undefined;

  const load = async () => {
    setNote(undefined);
    const r = await run(() => host.narrativeInput(file[0] ? { file: file[0] } : {}));
    if (r) {
      setInput(r);
      if (!body && r.meta.unit) setBody(r.meta.unit);
      reveal();
    }
  };

  const copy = async () => {
    if (!sections) return;
    const text = narrativeText(sections);
    await run(async () => {
      const clipboard = navigator.clipboard;
      if (clipboard && 'write' in clipboard && typeof ClipboardItem !== 'undefined') {
        await clipboard.write([new ClipboardItem({ 'text/html': new Blob([narrativeHtml(sections)], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]);
      } else if (clipboard) await clipboard.writeText(text);
      else throw new Error(t.copyUnavailable);
      setNote(t.copied);
      reveal();
    });
  };

  const docx = async () => {
    if (!input?.source || !sections) return;
    const source = input.source;
    await run(async () => {
      const { writeReportDocx } = await import('../app/report-module');
      const header = { ...(body.trim() ? { body: body.trim() } : {}), ...(place.trim() ? { place: place.trim() } : {}), ...(date ? { date } : {}), ...(number.trim() ? { number: number.trim() } : {}), ...(party ? { party } : {}) };
      const bytes = await writeReportDocx(source, sections, header, input.meta, lang);
      saveDownload({ fileName: `bao-cao-${source.template.id}.docx`, mimeType: DOCX_MIME, bytes });
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
      {excel ? <Body1>{t.reportFromWorkbook}</Body1> : <FilePicker label={t.reportPick} accept=".xlsx" files={file} onChange={setFile} />}
      <Button appearance="primary" onClick={() => void load()} disabled={busy || (!excel && file.length === 0)} {...why.describedBy}>
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
      {sections ? (
        <>
          <div className="row">
            <Button onClick={() => void copy()} disabled={busy}>
              {t.copy}
            </Button>
            {host.canDownload ? (
              <Button onClick={() => void docx()} disabled={busy}>
                {t.docx}
              </Button>
            ) : null}
            {host.insertNarrative ? (
              <Button onClick={() => void toSheet()} disabled={busy}>
                {t.toSheet}
              </Button>
            ) : null}
          </div>
          {!host.canDownload ? <Body1>{t.noDownload}</Body1> : null}
          <details>
            <summary>{t.docxHeader}</summary>
            <div className="tab">
              <Field label={t.issuingBody}>
                <Input value={body} onChange={(_, d) => setBody(d.value)} />
              </Field>
              <Checkbox checked={party} onChange={(_, d) => setParty(d.checked === true)} label={t.partyBody} />
              <Field label={t.place}>
                <Input value={place} onChange={(_, d) => setPlace(d.value)} />
              </Field>
              <div className="row">
                <DateField label={t.reportDate} date={reportDate} />
                <Field label={t.docNumber}>
                  <Input value={number} onChange={(_, d) => setNumber(d.value)} placeholder="15/BC-BDV" />
                </Field>
              </div>
            </div>
          </details>
          <article className="preview" aria-label={t.preview}>
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
      {input ? <ProblemList problems={input.problems} /> : null}
    </div>
  );
}
