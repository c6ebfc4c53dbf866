import type { Template } from '../../src/core/template';
import type { ForeignCell } from './foreign';

/** A figure as a unit types it: a number, blank (null), or x. */
export type Figure = number | 'x' | null;

/** The rows of a unit's appendix sheet as a person fills it in another program: A–E by key. */
export function unitRows(
  template: Template,
  meta: { unit?: string; unitCode?: string; from?: string; to?: string },
  figures: Record<string, Figure | string>,
  options: { insertNoteAfter?: string } = {},
): ForeignCell[][] {
  const rows: ForeignCell[][] = [
    [null, 'PHỤ LỤC'],
    ['@template', 'Mẫu', null, `${template.id}@${template.version}`],
    ['@unit', 'Đơn vị', null, meta.unit ?? null],
    ['@unitCode', 'Mã', null, meta.unitCode ?? null],
    ['@from', 'Từ ngày', null, meta.from ?? null],
    ['@to', 'Đến ngày', null, meta.to ?? null],
    [],
    ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'],
  ];
  for (const row of template.rows) {
    const f = figures[row.code];
    rows.push([row.code, row.label.vi, row.unit?.vi ?? null, row.kind === 'ratio' || row.kind === 'heading' ? null : (f ?? null)]);
    if (options.insertNoteAfter === row.code) rows.push([null, 'Ghi chú thêm của đơn vị: số liệu tính đến hết quý III'], [null, null, null, null, 'dòng trống chèn thêm']);
  }
  return rows;
}
