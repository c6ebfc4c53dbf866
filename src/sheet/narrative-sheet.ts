import type { NarrativeSection } from '../core/narrative';
import { wrappedRowHeight, type LayoutCell, type SheetLayout } from './grid';

/** The report's headings and paragraphs down column A, wrapped, for a host that cannot download. */
export function layoutNarrative(sections: readonly NarrativeSection[], name: string): SheetLayout {
  const rows: LayoutCell[][] = [];
  const heights = new Map<number, number>();
  const put = (value: string, style: LayoutCell['style']) => {
    rows.push([{ value, style }]);
    // about 95 characters a line in a 100-wide column of 12 pt text
    heights.set(rows.length - 1, wrappedRowHeight(Math.ceil(value.length / 95), 16));
  };
  for (const s of sections) {
    put(s.heading, s.level === 3 ? 'heading2' : 'heading1');
    for (const p of s.paragraphs) put(p, 'note');
  }
  return {
    name,
    columns: [{ width: 100 }],
    rows,
    freezeRows: 0,
    headerRow: 0,
    merges: [],
    printArea: `A1:A${Math.max(rows.length, 1)}`,
    rowHeights: heights,
    rowOf: new Map(),
  };
}
