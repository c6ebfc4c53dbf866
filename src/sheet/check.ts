import type { ConsolidationInput, RefusedSource } from '../core/consolidate';
import { problem, type Problem } from '../core/problems';
import { CARRIED_TEMPLATE_WORDS, SHEET_STATE_WORDS } from '../core/i18n/words';
import { TemplateRegistry } from '../core/registry';
import { templateFingerprint, templateKey, type TemplateDefiner } from '../core/model';
import { isBuiltIn } from '../core/builtins';
export type { TemplateDefiner } from '../core/model';
import { findCarriedTemplates } from './carrier';
import type { ReportMeta, UnitReport } from '../core/report';
import type { Template } from '../core/model';
import { validateReport } from '../core/validate';
import type { SheetData } from './grid';
import { findBreakdown, isAppendixSheet, readBreakdownLeaves, readSummaryLeaves, readUnitSheet } from './read';
import { LINEAGE_KEYS } from './summary';

export interface CheckedSheet {
  readonly sheet: string;
  readonly report?: UnitReport;
  readonly template?: Template;
  /** this sheet's problems: structure and values */
  readonly problems: Problem[];
  /** for a summary: the leaf units of its per-unit columns, each checked on its own */
  readonly leaves?: ConsolidationInput[];
  /** who the sheet says sent it, also when it could not be read as a report */
  readonly meta?: ReportMeta;
}

export interface CheckedWorkbook {
  /** the file's name, or the workbook's in Excel */
  readonly file: string;
  /**
   * the workbook carries a template of its own and no schema was given to check it with: check
   * it again with one (loaded only then: most files carry none)
   */
  readonly needsSchema?: true;
  /** the file could not be read at all (not .xlsx, encrypted, corrupt…) */
  readonly unreadable: boolean;
  readonly sheets: CheckedSheet[];
  /** every problem of the file, sheets included */
  readonly problems: Problem[];
}

/** Ten thousand clean units need no ten thousand empty lists. */
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/**
 * The sheets of one workbook, wherever they were read (a file, Excel) → every appendix sheet read
 * and validated. Sheets that are not appendices (no @template) are left alone.
 */

export function checkSheets(
  sheets: readonly SheetData[],
  file: string,
  registry: TemplateRegistry,
  date1904 = false,
  define?: TemplateDefiner,
): CheckedWorkbook {
  const carried = carriedTemplates(sheets, file, registry, define);
  if (carried === 'needsSchema') return { file, unreadable: false, sheets: [], problems: [], needsSchema: true };
  registry = carried.registry;
  const checked: CheckedSheet[] = [];
  for (const sheet of sheets) {
    if (!isAppendixSheet(sheet)) continue;
    const reading = readUnitSheet(sheet, registry, { file }, date1904);
    const problems = [...reading.problems];
    // A hidden appendix sheet is still a unit's report: read like any other, and said to be hidden.
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden') {
      problems.unshift(problem('warning', 'sheet.hidden', { file, sheet: sheet.name }, { sheet: sheet.name, how: SHEET_STATE_WORDS[sheet.state] }));
    }
    if (sheet.truncatedAt !== undefined) {
      problems.push(problem('warning', 'sheet.truncated', { file, sheet: sheet.name }, { sheet: sheet.name, row: sheet.truncatedAt + 1 }));
    }
    const { report, template } = reading;
    if (report && template) problems.push(...validateReport(template, report, reading.problems));
    let leafReports: UnitReport[] | undefined;
    if (report?.summary && template) {
      if (reading.keys.has(LINEAGE_KEYS.code)) leafReports = readSummaryLeaves(sheet, reading, date1904);
      else {
        const breakdown = findBreakdown(sheets, reading, sheet);
        if (breakdown) leafReports = readBreakdownLeaves(breakdown, reading, date1904);
        else {
          // Without its units a summary cannot be consolidated without risking a double count.
          problems.push(problem('error', 'sheet.breakdownMissing', { file, sheet: sheet.name }, { sheet: sheet.name }));
          leafReports = [];
        }
      }
    }
    const leaves = leafReports?.map((leaf) => ({ report: leaf, problems: validateReport(template!, leaf), via: { file, sheet: sheet.name } }));
    const meta = report?.meta ?? reading.meta;
    checked.push({
      sheet: sheet.name,
      ...(report ? { report } : {}),
      ...(template ? { template } : {}),
      problems,
      ...(leaves ? { leaves } : {}),
      ...(meta ? { meta } : {}),
    });
  }
  const problems = [...carried.problems, ...(checked.length === 0 ? [problem('error', 'file.noAppendix', { file })] : checked.flatMap((s) => s.problems))];
  return { file, unreadable: false, sheets: checked, problems };
}

/**
 * The templates a workbook carries, checked, added to those known: a carried template the
 * registry already has under the same id@version must be the same one (else an error naming
 * both); one that is not valid is an error, and its sheets are read as of an unknown template.
 */
function carriedTemplates(
  sheets: readonly SheetData[],
  file: string,
  registry: TemplateRegistry,
  define: TemplateDefiner | undefined,
): 'needsSchema' | { registry: TemplateRegistry; problems: Problem[] } {
  const found = findCarriedTemplates(sheets);
  if (found.length === 0) return { registry, problems: [] };
  if (!define) return 'needsSchema';
  const problems: Problem[] = [];
  const added: Template[] = [];
  for (const c of found) {
    const where = { file, sheet: c.sheet };
    if (c.tooLarge) {
      problems.push(problem('error', 'sheet.templateCarriedInvalid', where, { reason: CARRIED_TEMPLATE_WORDS.tooLarge }));
      continue;
    }
    let input: unknown;
    try {
      input = JSON.parse(c.json);
    } catch {
      // a carried text that is not JSON is the file's problem, said as such
      problems.push(problem('error', 'sheet.templateCarriedInvalid', where, { reason: CARRIED_TEMPLATE_WORDS.notJson }));
      continue;
    }
    const defined = define(input);
    if ('issues' in defined) {
      problems.push(problem('error', 'sheet.templateCarriedInvalid', where, { reason: defined.issues }));
      continue;
    }
    const { template } = defined;
    const known = registry.get(template.id, template.version);
    if (known) {
      if (templateFingerprint(known) !== templateFingerprint(template)) {
        problems.push(problem('error', 'sheet.templateConflict', where, { template: templateKey(template), file }));
      }
      continue;
    }
    if (!added.some((t) => templateKey(t) === templateKey(template))) added.push(template);
  }
  return { registry: added.length > 0 ? new TemplateRegistry([...registry.list(), ...added]) : registry, problems };
}

/**
 * A checked workbook → what consolidation takes: each unit sheet as one input, each summary as
 * its leaves (so nobody inside it is counted twice), and the problems that stop a sheet from
 * being an input at all.
 */
export function consolidationInputs(checked: CheckedWorkbook): {
  inputs: ConsolidationInput[];
  problems: Problem[];
  refused: RefusedSource[];
  templates?: Template[];
} {
  if (checked.unreadable || checked.sheets.length === 0) {
    return { inputs: [], problems: checked.problems, refused: [{ source: { file: checked.file }, problems: checked.problems }] };
  }
  // the templates the sheets were read with, built-in or carried by the file: consolidation needs them
  const templates = [...new Set(checked.sheets.flatMap((s) => (s.template && !isBuiltIn(s.template) ? [s.template] : [])))];
  const inputs: ConsolidationInput[] = [];
  const problems: Problem[] = [];
  const refused: RefusedSource[] = [];
  for (const sheet of checked.sheets) {
    if (sheet.leaves) {
      // The summary's own structure problems still count; its figures are its leaves'.
      problems.push(...sheet.problems.filter((p) => p.rule.startsWith('sheet.') || p.rule.startsWith('file.')));
      inputs.push(...sheet.leaves);
      if (sheet.leaves.length === 0)
        refused.push({ source: { file: checked.file, sheet: sheet.sheet }, ...(sheet.meta ? { meta: sheet.meta } : {}), problems: sheet.problems });
    } else if (sheet.report) inputs.push({ report: sheet.report, problems: sheet.problems.length > 0 ? sheet.problems : NO_PROBLEMS });
    else {
      problems.push(...sheet.problems);
      refused.push({ source: { file: checked.file, sheet: sheet.sheet }, ...(sheet.meta ? { meta: sheet.meta } : {}), problems: sheet.problems });
    }
  }
  return { inputs, problems, refused, ...(templates.length > 0 ? { templates } : {}) };
}
