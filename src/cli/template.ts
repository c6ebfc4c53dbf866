import { promises as fs } from 'node:fs';
import { formatProblem } from '../core/i18n/messages';
import { TEMPLATE_CLI, templateMessage, templatePlace } from '../core/i18n/template-messages';
import { UI } from '../core/i18n/ui';
import { templateKey, type Lang } from '../core/model';
import { problem } from '../core/problems';
import type { TemplateInput } from '../core/template';
import { checkTemplate, parseTemplateText } from '../core/template-check';
import ct37 from '../core/templates/ct37.json';
import selfInspection from '../core/templates/tu-kiem-tra-dan-chu.json';
import { layoutAuthoringSheet } from '../sheet/authoring';
import { findAuthoringHeader, templateFromAuthoring } from '../sheet/from-authoring';
import { writeSheetsXlsx } from '../xlsx/write-sheets';
import { readWorkbook } from '../xlsx/workbook';
import { EXIT, type Io } from './io';
import { fileReason, OutputExistsError, UsageError, writeAtomically } from './files';
import { useNodeZlib } from './zlib';

/** The built-in templates as written (not normalised): the authoring sheet shows what the file says. */
const BUILT_IN_SOURCES: readonly TemplateInput[] = [ct37 as TemplateInput, selfInspection as TemplateInput];

async function readText(file: string, lang: Lang): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(TEMPLATE_CLI[lang].notFound(file));
    throw new UsageError(TEMPLATE_CLI[lang].cannotRead(file, fileReason(e, lang)));
  }
}

async function writeOutput(file: string, bytes: Uint8Array, force: boolean, lang: Lang): Promise<void> {
  try {
    await writeAtomically(file, bytes, force, lang);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(UI[lang].fileExists(file));
    throw e;
  }
}

/** phuluc template check FILE.json: every problem with its JSON path; 0 valid, 1 problems, 2 usage. */
export async function templateCheckCommand(file: string, opts: { lang: Lang; json?: boolean }, io: Io): Promise<number> {
  const text = await readText(file, opts.lang);
  const parsed = parseTemplateText(text);
  const list = parsed.ok ? (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) : [];
  const issues = parsed.ok
    ? list.flatMap((t, i) =>
        checkTemplate(t).map((issue) => (Array.isArray(parsed.value) ? { ...issue, path: `[${i}]${issue.path ? `.${issue.path}` : ''}` } : issue)),
      )
    : [parsed.issue];
  if (opts.json) {
    const out = { valid: issues.length === 0, issues: issues.map((i) => ({ path: i.path, rule: i.rule, message: templateMessage(i, opts.lang) })) };
    io.out(`${JSON.stringify(out, null, 2)}\n`);
  } else if (issues.length === 0) {
    const keys = list.map((t) => templateKey(t as { id: string; version: number })).join(', ');
    io.out(`${TEMPLATE_CLI[opts.lang].valid(file, keys)}\n`);
  } else {
    for (const i of issues) io.out(`  ${templatePlace(i.path, opts.lang)}: ${templateMessage(i, opts.lang)}\n`);
    io.out(`${TEMPLATE_CLI[opts.lang].invalid(file, issues.length)}\n`);
  }
  return issues.length === 0 ? EXIT.ok : EXIT.problems;
}

export interface TemplateSheetOptions {
  template?: string;
  templateFile?: string;
  output: string;
  force?: boolean;
  lang: Lang;
}

/** phuluc template sheet: the authoring workbook, empty or holding a template. */
export async function templateSheetCommand(opts: TemplateSheetOptions, io: Io): Promise<number> {
  const lang = opts.lang;
  if (!/\.xlsx$/i.test(opts.output)) throw new UsageError(UI[lang].outputNotXlsx(opts.output));
  let template: TemplateInput | undefined;
  if (opts.templateFile) {
    const parsed = parseTemplateText(await readText(opts.templateFile, lang));
    if (!parsed.ok) throw new UsageError(`${opts.templateFile}: ${templateMessage(parsed.issue, lang)}`);
    const list = (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) as TemplateInput[];
    const wanted = opts.template?.trim().toLowerCase();
    template = wanted ? list.find((t) => t && (t.id === wanted || templateKey(t) === wanted)) : list[0];
    if (!template) throw new UsageError(TEMPLATE_CLI[lang].noTemplateInFile(opts.templateFile, opts.template ?? ''));
    if (checkTemplate(template).length > 0) throw new UsageError(TEMPLATE_CLI[lang].notValidForSheet(opts.templateFile));
  } else if (opts.template) {
    const wanted = opts.template.trim().toLowerCase();
    const matches = BUILT_IN_SOURCES.filter((t) => t.id === wanted || templateKey(t) === wanted);
    template = matches.sort((a, b) => b.version - a.version)[0];
    if (!template) {
      throw new UsageError(UI[lang].noTemplate(opts.template, BUILT_IN_SOURCES.map(templateKey).join(', ')));
    }
  }
  const bytes = await writeSheetsXlsx([layoutAuthoringSheet(template)], { lang: 'vi' });
  await writeOutput(opts.output, bytes, opts.force === true, lang);
  const t = TEMPLATE_CLI[lang];
  io.out(`${t.sheetWritten(opts.output, template ? t.fromTemplate(templateKey(template)) : t.emptySheet)}\n`);
  return EXIT.ok;
}

/** phuluc template from-sheet: the authoring workbook → a template JSON, checked; 0 written, 1 problems, 2 usage. */
export async function templateFromSheetCommand(file: string, opts: { output: string; force?: boolean; lang: Lang; json?: boolean }, io: Io): Promise<number> {
  useNodeZlib();
  const lang = opts.lang;
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(TEMPLATE_CLI[lang].notFound(file));
    throw new UsageError(TEMPLATE_CLI[lang].cannotRead(file, fileReason(e, lang)));
  }
  const read = readWorkbook(bytes);
  if (!read.ok) throw new UsageError(`${file}: ${formatProblem(problem('error', read.rule, { file }, read.params), lang)}`);
  const sheet = read.workbook.sheets.find((s) => findAuthoringHeader(s) !== undefined);
  if (!sheet) {
    io.err(`${TEMPLATE_CLI[lang].noDesignSheet(file)}\n`);
    return EXIT.problems;
  }
  const result = templateFromAuthoring(sheet, { date1904: read.workbook.date1904 === true });
  const issues = result.issues.map((i) => ({ sheet: sheet.name, cell: i.cell, rule: i.rule, message: templateMessage(i, lang) }));
  if (opts.json) io.out(`${JSON.stringify({ valid: issues.length === 0, issues }, null, 2)}\n`);
  if (!result.template) {
    if (!opts.json) {
      for (const i of issues) io.out(`  ${i.sheet}!${i.cell}: ${i.message}\n`);
      io.out(`${TEMPLATE_CLI[lang].invalid(file, issues.length)}\n`);
    }
    return EXIT.problems;
  }
  await writeOutput(opts.output, new TextEncoder().encode(`${JSON.stringify(result.template, null, 2)}\n`), opts.force === true, lang);
  if (!opts.json) io.out(`${TEMPLATE_CLI[lang].jsonWritten(opts.output, templateKey(result.template))}\n`);
  return EXIT.ok;
}
