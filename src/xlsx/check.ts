import { problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { checkSheets, type CheckedWorkbook, type TemplateDefiner } from '../sheet/check';
import type { ReadLimits } from './read';
import { readWorkbook } from './workbook';

export { consolidationInputs, type CheckedSheet, type CheckedWorkbook } from '../sheet/check';

/**
 * Bytes of one workbook (.xlsx or .ods, told apart by content) → every appendix sheet in it read
 * and validated. Never throws on what a file holds: a file that is not a workbook is one problem,
 * and other files are still read.
 */
export function checkWorkbook(bytes: Uint8Array, file: string, registry: TemplateRegistry, limits?: ReadLimits, define?: TemplateDefiner): CheckedWorkbook {
  // only the cells a report is read from: keys and values (and whole sheets where figures are elsewhere)
  const read = readWorkbook(bytes, limits, 'appendix');
  if (!read.ok) return { file, unreadable: true, sheets: [], problems: [problem('error', read.rule, { file }, read.params)] };
  return checkSheets(read.workbook.sheets, file, registry, read.workbook.date1904, define);
}
