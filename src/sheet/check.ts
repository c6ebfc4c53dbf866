import type { ConsolidationInput, RefusedSource } from '../core/consolidate';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
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
  /** the file could not be read at all (not .xlsx, encrypted, corrupt…) */
  readonly unreadable: boolean;
  readonly sheets: CheckedSheet[];
  /** every problem of the file, sheets included */
  readonly problems: Problem[];
}

/** Ten thousand clean units need no ten thousand empty lists. */
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

const HIDDEN = {
  hidden: { vi: 'ẩn', en: 'hidden' },
  veryHidden: { vi: 'ẩn sâu (chỉ hiện lại được bằng VBA)', en: 'very hidden (only VBA can show it again)' },
} as const;

/**
 * The sheets of one workbook, wherever they were read (a file, Excel) → every appendix sheet read
 * and validated. Sheets that are not appendices (no @template) are left alone.
 */
export function checkSheets(sheets: readonly SheetData[], file: string, registry: TemplateRegistry, date1904 = false): CheckedWorkbook {
  const checked: CheckedSheet[] = [];
  for (const sheet of sheets) {
    if (!isAppendixSheet(sheet)) continue;
    const reading = readUnitSheet(sheet, registry, { file }, date1904);
    const problems = [...reading.problems];
    // A hidden appendix sheet is still a unit's report: read like any other, and said to be hidden.
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden') {
      problems.unshift(problem('warning', 'sheet.hidden', { file, sheet: sheet.name }, { sheet: sheet.name, how: HIDDEN[sheet.state] }));
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
    checked.push({ sheet: sheet.name, ...(report ? { report } : {}), ...(template ? { template } : {}), problems, ...(leaves ? { leaves } : {}), ...(meta ? { meta } : {}) });
  }
  const problems = checked.length === 0 ? [problem('error', 'file.noAppendix', { file })] : checked.flatMap((s) => s.problems);
  return { file, unreadable: false, sheets: checked, problems };
}

/**
 * A checked workbook → what consolidation takes: each unit sheet as one input, each summary as
 * its leaves (so nobody inside it is counted twice), and the problems that stop a sheet from
 * being an input at all.
 */
export function consolidationInputs(checked: CheckedWorkbook): { inputs: ConsolidationInput[]; problems: Problem[]; refused: RefusedSource[] } {
  if (checked.unreadable || checked.sheets.length === 0) {
    return { inputs: [], problems: checked.problems, refused: [{ source: { file: checked.file }, problems: checked.problems }] };
  }
  const inputs: ConsolidationInput[] = [];
  const problems: Problem[] = [];
  const refused: RefusedSource[] = [];
  for (const sheet of checked.sheets) {
    if (sheet.leaves) {
      // The summary's own structure problems still count; its figures are its leaves'.
      problems.push(...sheet.problems.filter((p) => p.rule.startsWith('sheet.') || p.rule.startsWith('file.')));
      inputs.push(...sheet.leaves);
      if (sheet.leaves.length === 0) refused.push({ source: { file: checked.file, sheet: sheet.sheet }, ...(sheet.meta ? { meta: sheet.meta } : {}), problems: sheet.problems });
    } else if (sheet.report) inputs.push({ report: sheet.report, problems: sheet.problems.length > 0 ? sheet.problems : NO_PROBLEMS });
    else {
      problems.push(...sheet.problems);
      refused.push({ source: { file: checked.file, sheet: sheet.sheet }, ...(sheet.meta ? { meta: sheet.meta } : {}), problems: sheet.problems });
    }
  }
  return { inputs, problems, refused };
}
