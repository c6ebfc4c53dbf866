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
 *
 * A batch is not a transaction, so a mark is recorded before it is painted: if the batch fails
 * partway, a follow-up read finds which cells were painted (they keep their entry, so "clear
 * marks" removes them) and which were not (forgotten). A cell painted in a failed batch has lost
 * the answer that held its own fill; clearing it leaves it without fill, and the user is told.
 * Protected sheets are never painted (Excel would refuse halfway); the check says so instead.
 */
export const MARK_COLORS = { error: '#FFC7CE', warning: '#FFEB9C' } as const;

/** A cell that has no fill reads as white; such a cell gets its fill cleared rather than painted white. */
const NO_FILL = '#FFFFFF';

/** At most this many cells are marked per check (about 0.5 KB of request each); problems beyond are still listed. */
export const MAX_MARKS = 2000;

/** What the host remembers of one marked cell. */
export interface MarkedCell {
  /** the colour it was painted */
  readonly mark: string;
  /** its own fill (null: none); undefined when it could not be read (painted in a batch that failed) */
  own: string | null | undefined;
  /** false until a sync confirmed the paint (a failed batch may or may not have applied it) */
  painted: boolean;
  /** the mark it showed before this one, if a failed batch may have left that on */
  readonly previous?: string;
}

/** sheet id → cell address → the mark and the fill the cell had before it */
export type MarkMemory = Map<string, Map<string, MarkedCell>>;

export interface MarkTarget {
  readonly sheetId: string;
  readonly cell: string;
  readonly severity: Problem['severity'];
}

/** A cell of a sheet, by the sheet's id. */
export interface CellRef {
  readonly sheetId: string;
  readonly cell: string;
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

const sameFill = (current: string | null, own: string | null | undefined): boolean => (current ?? NO_FILL).toUpperCase() === (own ?? NO_FILL).toUpperCase();

/** Queues giving a cell its own fill back (no fill when it had none, or when its own is unknown). */
function queueRestoreCell(sheet: Excel.Worksheet, cell: string, marked: MarkedCell): void {
  const range = sheet.getRange(cell);
  if (marked.own === null || marked.own === undefined || marked.own.toUpperCase() === NO_FILL) range.format.fill.clear();
  else range.format.fill.color = marked.own;
}

/** Queues giving back their own fill to the remembered cells of these sheets (the caller forgets them once synced). */
export function queueRestore(memory: MarkMemory, sheets: ReadonlyMap<string, Excel.Worksheet>): CellRef[] {
  const queued: CellRef[] = [];
  for (const [sheetId, cells] of memory) {
    const sheet = sheets.get(sheetId);
    if (!sheet) continue;
    for (const [cell, marked] of cells) {
      queueRestoreCell(sheet, cell, marked);
      queued.push({ sheetId, cell });
    }
  }
  return queued;
}

/** What marking queued: the cells it touched, and what to record once its batch has succeeded. */
export interface QueuedMarking {
  /** every cell given back its fill or painted, to look at again if the batch fails */
  readonly touched: readonly CellRef[];
  /** after a successful sync: the earlier marks forgotten, the own fills read remembered; how many cells are marked */
  readonly confirm: () => number;
}

/**
 * Queues, for the given sheets, taking off their earlier marks and painting the new ones, and
 * records the new marks in memory before anything is painted. A cell marked before and marked
 * again keeps the own fill remembered then; any other cell's fill is read in this batch, queued
 * before its paint, so Excel returns the colour it had.
 */
export function queueMarking(
  memory: MarkMemory,
  sheetIds: readonly string[],
  targets: readonly MarkTarget[],
  sheets: ReadonlyMap<string, Excel.Worksheet>,
): QueuedMarking {
  const touched: CellRef[] = [];
  const targetKeys = new Set(targets.map((t) => `${t.sheetId}!${t.cell}`));
  const stale: CellRef[] = [];
  for (const sheetId of sheetIds) {
    const sheet = sheets.get(sheetId);
    const cells = memory.get(sheetId);
    if (!sheet || !cells) continue;
    for (const [cell, marked] of cells) {
      if (targetKeys.has(`${sheetId}!${cell}`)) continue; // painted again below; its own fill is already known
      queueRestoreCell(sheet, cell, marked);
      stale.push({ sheetId, cell });
    }
  }
  touched.push(...stale);

  const reads: { target: MarkTarget; fill: Excel.RangeFill }[] = [];
  for (const target of targets) {
    const sheet = sheets.get(target.sheetId);
    if (!sheet) continue;
    let cells = memory.get(target.sheetId);
    if (!cells) memory.set(target.sheetId, (cells = new Map<string, MarkedCell>()));
    const earlier = cells.get(target.cell);
    if (!earlier) {
      // Read through one proxy and paint through another: the read is queued first, so it gets the
      // colour from before the mark, and no local copy of the new colour can stand in for it.
      const fill = sheet.getRange(target.cell).format.fill;
      fill.load('color');
      reads.push({ target, fill });
    }
    const mark = MARK_COLORS[target.severity];
    sheet.getRange(target.cell).format.fill.color = mark;
    // Recorded before the sync: whatever happens to the batch, this cell is known to the host.
    const previous = earlier?.painted && earlier.mark !== mark ? { previous: earlier.mark } : {};
    cells.set(target.cell, { mark, own: earlier ? earlier.own : undefined, painted: earlier?.painted === true && earlier.mark === mark, ...previous });
    touched.push({ sheetId: target.sheetId, cell: target.cell });
  }

  return {
    touched,
    confirm: () => {
      for (const { sheetId, cell } of stale) memory.get(sheetId)?.delete(cell);
      for (const { target, fill } of reads) memory.get(target.sheetId)!.get(target.cell)!.own = fill.color ?? null;
      let marked = 0;
      for (const target of targets) {
        const entry = memory.get(target.sheetId)?.get(target.cell);
        if (entry) {
          entry.painted = true;
          marked++;
        }
      }
      for (const [sheetId, cells] of memory) if (cells.size === 0) memory.delete(sheetId);
      return marked;
    },
  };
}

/**
 * Reads what these remembered cells show now and brings the memory in line with it: a cell showing
 * its mark (or the mark it had before a failed re-check) stays remembered as painted; a cell
 * showing anything else was given back its fill, or never painted, or re-coloured by the user,
 * and is forgotten. Used after a batch that gave back or painted them failed, and before touching
 * marks a failed batch left unconfirmed. One sync, none when there is nothing to read.
 */
export async function reconcileMarks(
  context: Excel.RequestContext,
  memory: MarkMemory,
  refs: readonly CellRef[],
  sheets: ReadonlyMap<string, Excel.Worksheet>,
): Promise<void> {
  const reads = refs.flatMap((ref) => {
    const sheet = sheets.get(ref.sheetId);
    const marked = memory.get(ref.sheetId)?.get(ref.cell);
    if (!sheet || !marked) return [];
    const fill = sheet.getRange(ref.cell).format.fill;
    fill.load('color');
    return [{ ref, marked, fill }];
  });
  if (reads.length === 0) return;
  await context.sync();
  for (const { ref, marked, fill } of reads) {
    const current = fill.color ?? null;
    const cells = memory.get(ref.sheetId)!;
    if (sameFill(current, marked.mark)) cells.set(ref.cell, { mark: marked.mark, own: marked.own, painted: true });
    else if (marked.previous !== undefined && sameFill(current, marked.previous))
      cells.set(ref.cell, { mark: marked.previous, own: marked.own, painted: true });
    else cells.delete(ref.cell);
  }
  for (const [sheetId, cells] of memory) if (cells.size === 0) memory.delete(sheetId);
}

/** Remembered cells of these sheets that a failed batch left unconfirmed. */
export function unconfirmedMarks(memory: MarkMemory, sheetIds: Iterable<string>): CellRef[] {
  const out: CellRef[] = [];
  for (const sheetId of sheetIds) for (const [cell, entry] of memory.get(sheetId) ?? []) if (!entry.painted) out.push({ sheetId, cell });
  return out;
}

/** The remembered cells of these sheets: those marked, and among them those whose own fill is unknown. */
export function remainingMarks(memory: MarkMemory, sheetIds?: ReadonlySet<string>): { marked: CellRef[]; ownUnknown: CellRef[] } {
  const marked: CellRef[] = [];
  const ownUnknown: CellRef[] = [];
  for (const [sheetId, cells] of memory) {
    if (sheetIds && !sheetIds.has(sheetId)) continue;
    for (const [cell, entry] of cells) {
      marked.push({ sheetId, cell });
      if (entry.own === undefined) ownUnknown.push({ sheetId, cell });
    }
  }
  return { marked, ownUnknown };
}
