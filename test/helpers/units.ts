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
    if (options.insertNoteAfter === row.code)
      rows.push([null, 'Ghi chú thêm của đơn vị: số liệu tính đến hết quý III'], [null, null, null, null, 'dòng trống chèn thêm']);
  }
  return rows;
}

/** CT37 unit i's figures: blanks, zeros and x mixed in, every ≤ and ≥ rule kept (a valid unit). */
export function ct37FiguresOf(i: number, countCodes: readonly string[]): Record<string, Figure> {
  const f: Record<string, Figure> = {};
  countCodes.forEach((code, k) => {
    const v = (i * 31 + k * 17) % 23;
    f[code] = v === 0 ? null : v === 1 ? 0 : v === 2 ? 'x' : v * 3;
  });
  for (const [a, b] of [
    ['3.1.a', '3.1.b'],
    ['3.2.a', '3.2.b'],
    ['4.3.a', '4.3.b'],
    ['4.4.a', '4.4.b'],
    ['4.5.a', '4.5.b'],
    ['3.4', '3.3'],
  ] as const) {
    if (typeof f[a] === 'number' && typeof f[b] === 'number' && f[a]! > f[b]!) f[a] = f[b]!;
  }
  // a ratio's two sides are reported together: a half-filled pair is an error
  for (const [a, b] of [
    ['3.1.a', '3.1.b'],
    ['3.2.a', '3.2.b'],
    ['4.3.a', '4.3.b'],
    ['4.4.a', '4.4.b'],
    ['4.5.a', '4.5.b'],
  ] as const) {
    if (typeof f[a] === 'number' && typeof f[b] !== 'number') f[a] = f[b] ?? null;
    if (typeof f[b] === 'number' && typeof f[a] !== 'number') f[b] = f[a] ?? null;
  }
  for (const [more, fewer] of [
    ['4.1.2', '4.1.1'],
    ['4.1.4', '4.1.3'],
    ['4.1.6', '4.1.5'],
    ['4.1.8', '4.1.7'],
  ] as const) {
    if (typeof f[more] === 'number' && typeof f[fewer] === 'number' && f[more]! < f[fewer]!) f[more] = f[fewer]!;
  }
  f['3.5'] = i % 4 === 0 ? null : 60 + (i % 40);
  return f;
}
