/// <reference types="office-js" />
import type { Problem } from '../core/problems';
import { parseA1 } from '../sheet/grid';

/**
 * Marks on problem cells: the cell's fill turns light red (error) or light yellow (warning).
 *
 * Reversible by memory: each marked cell's own fill is read in the very batch that marks it (the
 * load is queued before the new colour, so Excel returns the colour the cell had), and kept in the
 * host's memory, by sheet id (a renamed sheet is still found), until the marks are cleared or the
 * same sheet is checked again. Nothing is written into the workbook besides the colours, so a
 * workbook saved with marks holds no trace of the add-in. The price: marks left when the task pane
 * is closed cannot be cleared by it later (the colours stay until the cells are re-filled by hand).
 */
export const MARK_COLORS = { error: '#FFC7CE', warning: '#FFEB9C' } as const;

/** A cell that has no fill reads as white; such a cell gets its fill cleared rather than painted white. */
const NO_FILL = '#FFFFFF';

/** At most this many cells are marked per check (about 0.5 KB of request each); problems beyond are still listed. */
export const MAX_MARKS = 2000;

/** sheet id → cell address → the fill the cell had before it was marked */
export type MarkMemory = Map<string, Map<string, string | null>>;

export interface MarkTarget {
  readonly sheetId: string;
  readonly cell: string;
  readonly severity: Problem['severity'];
}

/** The cells to mark: one per sheet and cell, an error winning over a warning, in sheet then row order. */
export function markTargets(problems: readonly Problem[], sheetIdOf: (name: string) => string | undefined): MarkTarget[] {
  const byCell = new Map<string, MarkTarget>();
  for (const p of problems) {
    const { sheet, cell } = p.where;
    const sheetId = sheet === undefined ? undefined : sheetIdOf(sheet);
    if (sheetId === undefined || cell === undefined || !/^[A-Z]{1,3}\d+$/.test(cell)) continue;
    const key = `${sheetId}!${cell}`;
    const found = byCell.get(key);
    if (!found || (found.severity === 'warning' && p.severity === 'error')) byCell.set(key, { sheetId, cell, severity: p.severity });
  }
  const order = (t: MarkTarget): number => parseA1(t.cell).row;
  return [...byCell.values()].sort((a, b) => a.sheetId.localeCompare(b.sheetId) || order(a) - order(b) || a.cell.localeCompare(b.cell)).slice(0, MAX_MARKS);
}

/** Queues giving back their own fill to the remembered cells of these sheets (the caller forgets them). */
export function queueRestore(memory: MarkMemory, sheets: ReadonlyMap<string, Excel.Worksheet>): void {
  for (const [sheetId, cells] of memory) {
    const sheet = sheets.get(sheetId);
    if (!sheet) continue;
    for (const [cell, fill] of cells) {
      const range = sheet.getRange(cell);
      if (fill === null || fill.toUpperCase() === NO_FILL) range.format.fill.clear();
      else range.format.fill.color = fill;
    }
  }
}

/**
 * Queues reading each target's fill and then painting it. The sheets' earlier marks must have been
 * restored earlier in the same batch, so what is read is the cell's own fill. After the sync, the
 * result gives the fills read, to remember.
 */
export function queueMarks(targets: readonly MarkTarget[], sheets: ReadonlyMap<string, Excel.Worksheet>): () => MarkMemory {
  const queued = targets.flatMap((target) => {
    const sheet = sheets.get(target.sheetId);
    if (!sheet) return [];
    // Read through one proxy and paint through another: the read is queued first, so it gets the
    // colour from before the mark, and no local copy of the new colour can stand in for it.
    const fill = sheet.getRange(target.cell).format.fill;
    fill.load('color');
    sheet.getRange(target.cell).format.fill.color = MARK_COLORS[target.severity];
    return [{ target, fill }];
  });
  return () => {
    const read: MarkMemory = new Map();
    for (const { target, fill } of queued) {
      let cells = read.get(target.sheetId);
      if (!cells) read.set(target.sheetId, (cells = new Map()));
      cells.set(target.cell, fill.color ?? null);
    }
    return read;
  };
}
