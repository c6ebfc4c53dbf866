import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import { reasonCategory } from '../core/problems';
import type { SubmissionRow, SubmissionStatus } from '../core/status';
import type { SheetLayout } from './grid';
import { tableSheet, type TableRecord } from './table';

/**
 * The list a secretariat chases units with: missing and held back first, each with why, how late,
 * and the roster's contact columns (e-mail, telephone…) at the right.
 */
export function layoutStatus(status: SubmissionStatus, contactHeaders: readonly string[], lang: Lang): SheetLayout {
  const ui = UI[lang];
  const why = (row: SubmissionRow): string =>
    [...new Set(row.reasons.map((r) => ui.reason[reasonCategory(r)])), ...row.flags.map((f) => ui.unitFlag[f])].join('; ');
  const record = (row: SubmissionRow, i: number): TableRecord => [
    i + 1,
    row.unitCode ?? null,
    row.unit ?? null,
    ui.unitStatus[row.status],
    why(row) || null,
    row.status === 'missing' ? null : row.errors,
    row.status === 'missing' ? null : row.warnings,
    row.daysLate,
    [row.file, row.sheet].filter(Boolean).join(' › ') || null,
    ...row.contacts.map((c) => c || null),
  ];
  const layout = tableSheet(ui.statusSheet, [...ui.statusHeaders, ...contactHeaders], [6, 12, 32, 22, 36, 8, 8, 10, 36, ...contactHeaders.map(() => 24)], {
    count: status.rows.length,
    record: (i) => record(status.rows[i]!, i),
  });
  return { ...layout, landscape: true };
}
