import type { ConsolidationInput } from '../core/consolidate';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { UnitReport } from '../core/report';
import type { Template } from '../core/template';
import { validateReport } from '../core/validate';
import { isAppendixSheet, readSummaryLeaves, readUnitSheet } from '../sheet/read';
import { readXlsx, type ReadLimits } from './read';

export interface CheckedSheet {
  readonly sheet: string;
  readonly report?: UnitReport;
  readonly template?: Template;
  /** this sheet's problems: structure and values */
  readonly problems: Problem[];
  /** for a summary: the leaf units of its per-unit columns, each checked on its own */
  readonly leaves?: ConsolidationInput[];
}

export interface CheckedWorkbook {
  readonly file: string;
  /** the file could not be read at all (not .xlsx, encrypted, corrupt…) */
  readonly unreadable: boolean;
  readonly sheets: CheckedSheet[];
  /** every problem of the file, sheets included */
  readonly problems: Problem[];
}

/**
 * Bytes of one workbook → every appendix sheet in it read and validated. Never throws on what a
 * file holds: a file that is not a workbook is one problem, and other sheets are still read.
 */
export function checkWorkbook(bytes: Uint8Array, file: string, registry: TemplateRegistry, limits?: ReadLimits): CheckedWorkbook {
  const read = readXlsx(bytes, limits);
  if (!read.ok) {
    const p = problem('error', read.rule, { file }, read.params);
    return { file, unreadable: true, sheets: [], problems: [p] };
  }
  const { date1904 } = read.workbook;
  const sheets: CheckedSheet[] = [];
  for (const sheet of read.workbook.sheets) {
    if (!isAppendixSheet(sheet)) continue;
    const reading = readUnitSheet(sheet, registry, { file }, date1904);
    const problems = [...reading.problems];
    const { report, template } = reading;
    if (report && template) problems.push(...validateReport(template, report));
    const leaves =
      report?.summary && template
        ? readSummaryLeaves(sheet, reading, date1904).map((leaf) => ({
            report: leaf,
            problems: validateReport(template, leaf),
            via: { file, sheet: sheet.name },
          }))
        : undefined;
    sheets.push({ sheet: sheet.name, ...(report ? { report } : {}), ...(template ? { template } : {}), problems, ...(leaves ? { leaves } : {}) });
  }
  const problems = sheets.length === 0 ? [problem('error', 'file.noAppendix', { file })] : sheets.flatMap((s) => s.problems);
  return { file, unreadable: false, sheets, problems };
}

/**
 * A checked workbook → what consolidation takes: each unit sheet as one input, each summary as
 * its leaves (so nobody inside it is counted twice), and the problems that stop a sheet from
 * being an input at all.
 */
export function consolidationInputs(checked: CheckedWorkbook): { inputs: ConsolidationInput[]; problems: Problem[] } {
  if (checked.unreadable) return { inputs: [], problems: checked.problems };
  if (checked.sheets.length === 0) return { inputs: [], problems: checked.problems };
  const inputs: ConsolidationInput[] = [];
  const problems: Problem[] = [];
  for (const sheet of checked.sheets) {
    if (sheet.leaves) {
      // The summary's own structure problems still count; its figures are its leaves'.
      problems.push(...sheet.problems.filter((p) => p.rule.startsWith('sheet.') || p.rule.startsWith('file.')));
      inputs.push(...sheet.leaves);
    } else if (sheet.report) inputs.push({ report: sheet.report, problems: sheet.problems });
    else problems.push(...sheet.problems);
  }
  return { inputs, problems };
}
