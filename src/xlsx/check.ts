import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { UnitReport } from '../core/report';
import type { Template } from '../core/template';
import { validateReport } from '../core/validate';
import { isAppendixSheet, readUnitSheet } from '../sheet/read';
import { readXlsx, type ReadLimits } from './read';

export interface CheckedSheet {
  readonly sheet: string;
  readonly report?: UnitReport;
  readonly template?: Template;
  /** this sheet's problems: structure and values */
  readonly problems: Problem[];
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
  const sheets: CheckedSheet[] = [];
  for (const sheet of read.workbook.sheets) {
    if (!isAppendixSheet(sheet)) continue;
    const reading = readUnitSheet(sheet, registry, { file }, read.workbook.date1904);
    const problems = [...reading.problems];
    if (reading.report && reading.template) problems.push(...validateReport(reading.template, reading.report));
    sheets.push({
      sheet: sheet.name,
      ...(reading.report ? { report: reading.report } : {}),
      ...(reading.template ? { template: reading.template } : {}),
      problems,
    });
  }
  const problems = sheets.length === 0 ? [problem('error', 'file.noAppendix', { file })] : sheets.flatMap((s) => s.problems);
  return { file, unreadable: false, sheets, problems };
}
