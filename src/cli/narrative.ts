import { promises as fs } from 'node:fs';
import { withCarriedTemplates } from '../app/carried';
import { narrativeText, renderNarrative } from '../core/narrative';
import type { Lang } from '../core/model';
import { narrativeInputOf } from '../app/narrative';
import { reportMarkdown, writeReportDocx, type ReportHeader } from '../docx/report';
import { checkWorkbook } from '../xlsx/check';
import { EXIT, isoOption, loadRegistry, problemJson, type Io } from './common';
import { fileReason, OutputExistsError, UsageError, writeAtomically } from './files';
import { previousFromFile } from './inputs';
import { UI } from '../core/i18n/ui';

export interface NarrativeCliOptions {
  output?: string;
  body?: string;
  parentBody?: string;
  party?: boolean;
  place?: string;
  date?: string;
  number?: string;
  /** "Thường trực Tỉnh ủy;Các đồng chí Ủy viên BTV;Lưu VP" */
  recipients?: string;
  signerAuthority?: string;
  signerTitle?: string;
  signer?: string;
  /** an earlier summary or appendix: each sentence then says how its figures moved */
  previous?: string;
  force?: boolean;
  lang: Lang;
  templateFile?: string[];
}

/** phuluc narrative INPUT.xlsx: the report's sentences with the figures, as text, Markdown or .docx. */
export async function narrativeCommand(input: string, opts: NarrativeCliOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const output = opts.output;
  if (output && !/\.(docx|md)$/i.test(output)) throw new UsageError(ui.outputNotDocxMd(output));
  const date = isoOption('date', opts.date, opts.lang);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(input);
  } catch (e) {
    io.err(`phuluc: ${input}: ${fileReason(e, opts.lang)}\n`);
    return EXIT.usage;
  }
  const previous = opts.previous ? await previousFromFile(opts.previous, registry, opts.lang) : undefined;
  const checked = await withCarriedTemplates((define) => checkWorkbook(bytes, input, registry, undefined, define));
  const read = narrativeInputOf(checked, registry, previous?.previous);
  const { source, meta } = read;
  const problems = [...(previous?.problems ?? []), ...read.problems];
  for (const p of problems) {
    const m = problemJson(p, opts.lang);
    io.err(`${[m.file, m.sheet, m.cell].filter(Boolean).join(' › ')}: ${ui.severity[p.severity]}: ${m.message}\n`);
  }
  if (!source) return EXIT.usage;
  const sections = renderNarrative(source, opts.lang);
  if (!output) {
    io.out(`${narrativeText(sections)}\n`);
    return EXIT.ok;
  }
  const recipients = (opts.recipients ?? '')
    .split(';')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  const header: ReportHeader = {
    ...(opts.body ? { body: opts.body } : meta.unit ? { body: meta.unit } : {}),
    ...(opts.parentBody ? { parentBody: opts.parentBody } : {}),
    ...(opts.party ? { party: true } : {}),
    ...(opts.place ? { place: opts.place } : {}),
    ...(date ? { date } : {}),
    ...(opts.number ? { number: opts.number } : {}),
    ...(recipients.length > 0 ? { recipients } : {}),
    ...(opts.signerAuthority?.trim() ? { signerAuthority: opts.signerAuthority.trim() } : {}),
    ...(opts.signerTitle?.trim() ? { signerTitle: opts.signerTitle.trim() } : {}),
    ...(opts.signer?.trim() ? { signer: opts.signer.trim() } : {}),
  };
  const data = /\.md$/i.test(output)
    ? new TextEncoder().encode(reportMarkdown(source, sections, opts.lang, header, meta))
    : await writeReportDocx(source, sections, header, meta, opts.lang);
  try {
    await writeAtomically(output, data, opts.force === true, opts.lang);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(ui.fileExists(output));
    throw e;
  }
  io.out(`${ui.written(output, `${source.template.id}@${source.template.version}`)}\n`);
  return EXIT.ok;
}
