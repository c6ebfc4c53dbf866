import { columnName, type LayoutCell, type SheetLayout } from './grid';
import { NUMBER_FORMATS } from './styles';

export type TableRecord = readonly (string | number | null)[];

/**
 * A plain table sheet: a header row, then one row per record, each made when it is written;
 * every value written as data.
 */
export function tableSheet(
  name: string,
  headers: readonly string[],
  widths: readonly number[],
  records: { count: number; record(i: number): TableRecord },
): SheetLayout {
  const cell = (v: string | number | null): LayoutCell => ({ value: v, style: 'note', ...(typeof v === 'string' ? { numFmt: NUMBER_FORMATS.text } : {}) });
  return {
    name,
    columns: widths.map((width) => ({ width })),
    rows: [headers.map((h): LayoutCell => ({ value: h, style: 'header' }))],
    moreRows: { count: records.count, row: (i) => records.record(i).map(cell) },
    freezeRows: 1,
    headerRow: 0,
    merges: [],
    printArea: `A1:${columnName(headers.length - 1)}${records.count + 1}`,
    rowHeights: new Map(),
    rowOf: new Map(),
  };
}
