/// <reference types="office-js" />
import type { RawCell } from '../core/values';
import { COL, columnName, type SheetData } from '../sheet/grid';
import { isAppendixSheet } from '../sheet/read';
import { isDateFormatCode } from '../core/numfmt';
import { isPayloadTooLarge } from './payload';

/** A worksheet as listed: enough to choose what to read, and to find it again by id. */
export interface SheetEntry {
  readonly name: string;
  readonly id: string;
  readonly visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  /** Review → Protect Sheet: Excel refuses any change to it, so it is named, never half written */
  readonly protected: boolean;
}

export interface SheetList {
  /** the workbook's name, or the reader's words for "this workbook" when Excel has none */
  readonly file: string;
  readonly sheets: readonly SheetEntry[];
  readonly activeId: string;
  /** Review → Protect Workbook: no sheet can be added, deleted or renamed */
  readonly structureProtected: boolean;
}

/**
 * Queues the list of worksheets (with their protection: ExcelApi 1.2), the workbook's name and
 * structure protection (1.7) and the active sheet; read it after the sync.
 */
export function queueSheetList(context: Excel.RequestContext, unnamed: string): () => SheetList {
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/id,items/visibility,items/protection/protected');
  const active = worksheets.getActiveWorksheet();
  active.load('id');
  context.workbook.load('name');
  const structure = context.workbook.protection;
  structure.load('protected');
  return () => ({
    file: context.workbook.name || unnamed,
    sheets: worksheets.items.map((ws) => ({
      name: ws.name,
      id: ws.id,
      visibility: ws.visibility,
      protected: ws.protection.protected,
    })),
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- read after the caller's sync
    activeId: active.id,
    structureProtected: structure.protected,
  });
}

/**
 * What is read of a sheet in the first pass. Readers need column A (the keys), D (the values) and,
 * for a summary, F onwards (one column per unit); labels, units and notes (B, C, E) are the bulk of
 * a sheet's text and are not needed, so they are not fetched. Each window is bounded so that one
 * sheet, even a large data sheet that is no appendix at all, cannot fill a response on its own.
 */
export const KEY_ROWS = 2000;
export const WIDE_ROWS = 300;
export const WIDE_COLUMNS = 250;
const FIRST_WIDE = COL.note + 1;
const WINDOWS = {
  keys: `A1:A${KEY_ROWS}`,
  values: `D1:D${KEY_ROWS}`,
  wide: `${columnName(FIRST_WIDE)}1:${columnName(FIRST_WIDE + WIDE_COLUMNS - 1)}${WIDE_ROWS}`,
};
/** Cells fetched per sync when reading what lies outside the windows (large appendices only). */
const REST_CELLS_PER_SYNC = 60_000;

/** How much of a sheet larger than the windows to read: nothing more, columns A and D, or every column readers use. */
export type Wanted = 'windows' | 'keysAndValues' | 'whole';

/** An appendix is read whole; any other sheet is left at its windows. */
export const appendixWhole = (sheet: SheetData): Wanted => (isAppendixSheet(sheet) ? 'whole' : 'windows');

export interface SheetTarget {
  readonly entry: SheetEntry;
  readonly sheet: Excel.Worksheet;
}

interface Rect {
  readonly r0: number;
  readonly c0: number;
  readonly r1: number;
  readonly c1: number;
}

/**
 * The sheets' cells as the core reads them (SheetData): one sync for every sheet's windows,
 * whatever their number; more only when Excel finds a response too large (the batch is halved) or
 * when a sheet is larger than the windows and `wanted` asks for more of it: all its columns (an
 * appendix, whose per-unit columns count), or only A and D (enough to find marker rows).
 */
export async function readSheets(
  context: Excel.RequestContext,
  targets: readonly SheetTarget[],
  wanted: (partial: SheetData) => Wanted,
  /** queues more to read of a sheet in the same batch; the caller reads it once this returns */
  alsoRead?: (target: SheetTarget) => void,
): Promise<SheetData[]> {
  const grids = new Map<string, Grid>();
  const used = new Map<string, Rect | undefined>();
  await syncInHalves(context, targets, (batch) => {
    const reads = batch.map((target) => {
      alsoRead?.(target);
      return { target, ...queueWindows(target.sheet) };
    });
    return () => {
      for (const { target, usedRange, keys, values, wide } of reads) {
        const grid = new Grid();
        grid.put(keys, KEYS_LOAD);
        grid.put(values, VALUES_LOAD);
        grid.put(wide, WIDE_LOAD);
        grids.set(target.entry.id, grid);
        used.set(target.entry.id, usedRange.rowCount * usedRange.columnCount === 0 ? undefined : rectOf(usedRange));
      }
    };
  });

  // What lies outside the windows, for the sheets that need it whole.
  const rest: { target: SheetTarget; rect: Rect; formulas: boolean }[] = [];
  for (const target of targets) {
    const rect = used.get(target.entry.id);
    const outside = rect ? outsideWindows(rect) : [];
    const want = outside.length === 0 ? 'windows' : wanted(toSheetData(target.entry, grids.get(target.entry.id)!));
    if (want === 'windows') continue;
    for (const part of outside) {
      if (want === 'keysAndValues' && !part.keysOrValues) continue;
      for (const piece of splitRows(part.rect, REST_CELLS_PER_SYNC)) rest.push({ target, rect: piece, formulas: part.formulas });
    }
  }
  const batches: (typeof rest)[] = [];
  let cells = Infinity;
  for (const read of rest) {
    const size = (read.rect.r1 - read.rect.r0 + 1) * (read.rect.c1 - read.rect.c0 + 1);
    if (cells + size > REST_CELLS_PER_SYNC) {
      batches.push([]);
      cells = 0;
    }
    batches[batches.length - 1]!.push(read);
    cells += size;
  }
  for (const batch of batches) {
    await syncInHalves(context, batch, (reads) => {
      const ranges = reads.map((read) => {
        const range = read.target.sheet.getRange(rectAddress(read.rect));
        const what = read.formulas ? VALUES_LOAD : WIDE_LOAD;
        // eslint-disable-next-line office-addins/no-empty-load -- the properties are named, in a constant
        range.load(what.properties);
        return { read, range, what };
      });
      return () => {
        for (const { read, range, what } of ranges) grids.get(read.target.entry.id)!.put(range, what);
      };
    });
  }
  return targets.map((target) => toSheetData(target.entry, grids.get(target.entry.id)!));
}

function queueWindows(sheet: Excel.Worksheet) {
  // getUsedRange (not …OrNullObject) gives A1 on an empty sheet, so the intersections below always have a range to start from.
  const usedRange = sheet.getUsedRange(true);
  usedRange.load('rowIndex,columnIndex,rowCount,columnCount');
  const keys = usedRange.getIntersectionOrNullObject(WINDOWS.keys);
  // eslint-disable-next-line office-addins/no-empty-load -- the properties are named, in a constant
  keys.load(KEYS_LOAD.properties);
  const values = usedRange.getIntersectionOrNullObject(WINDOWS.values);
  // eslint-disable-next-line office-addins/no-empty-load -- the properties are named, in a constant
  values.load(VALUES_LOAD.properties);
  const wide = usedRange.getIntersectionOrNullObject(WINDOWS.wide);
  // eslint-disable-next-line office-addins/no-empty-load -- the properties are named, in a constant
  wide.load(WIDE_LOAD.properties);
  return { usedRange, keys, values, wide };
}

/** Syncs what `queue` queued for the items; if Excel finds it too large, does the same in two halves. */
export async function syncInHalves<T>(context: Excel.RequestContext, items: readonly T[], queue: (items: readonly T[]) => () => void): Promise<void> {
  if (items.length === 0) return;
  const collect = queue(items);
  try {
    await context.sync();
  } catch (error) {
    if (!isPayloadTooLarge(error) || items.length === 1) throw error;
    const middle = Math.ceil(items.length / 2);
    await syncInHalves(context, items.slice(0, middle), queue);
    await syncInHalves(context, items.slice(middle), queue);
    return;
  }
  collect();
}

const rectOf = (range: Excel.Range): Rect => ({
  r0: range.rowIndex,
  c0: range.columnIndex,
  r1: range.rowIndex + range.rowCount - 1,
  c1: range.columnIndex + range.columnCount - 1,
});

const rectAddress = (rect: Rect): string => `${columnName(rect.c0)}${rect.r0 + 1}:${columnName(rect.c1)}${rect.r1 + 1}`;

function intersect(a: Rect, b: Rect): Rect | undefined {
  const r = { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
  return r.r0 <= r.r1 && r.c0 <= r.c1 ? r : undefined;
}

const LAST_ROW = 1_048_575;
const LAST_COLUMN = 16_383;

/** The parts of the used range that readers need and the windows left out. */
function outsideWindows(used: Rect): { rect: Rect; formulas: boolean; keysOrValues: boolean }[] {
  const wideEnd = FIRST_WIDE + WIDE_COLUMNS - 1;
  const candidates = [
    { rect: { r0: KEY_ROWS, c0: COL.key, r1: LAST_ROW, c1: COL.key }, formulas: false, keysOrValues: true },
    { rect: { r0: KEY_ROWS, c0: COL.value, r1: LAST_ROW, c1: COL.value }, formulas: true, keysOrValues: true },
    { rect: { r0: WIDE_ROWS, c0: FIRST_WIDE, r1: LAST_ROW, c1: wideEnd }, formulas: false, keysOrValues: false },
    { rect: { r0: 0, c0: wideEnd + 1, r1: LAST_ROW, c1: LAST_COLUMN }, formulas: false, keysOrValues: false },
  ];
  return candidates.flatMap((candidate) => {
    const part = intersect(candidate.rect, used);
    return part ? [{ ...candidate, rect: part }] : [];
  });
}

function splitRows(rect: Rect, maxCells: number): Rect[] {
  const width = rect.c1 - rect.c0 + 1;
  const rows = Math.max(1, Math.floor(maxCells / width));
  const out: Rect[] = [];
  for (let r = rect.r0; r <= rect.r1; r += rows) out.push({ ...rect, r0: r, r1: Math.min(rect.r1, r + rows - 1) });
  return out;
}

/**
 * What is loaded of each kind of range: keys need no formats (a key is text or a number); values
 * need formulas (a typed-over ratio is reported) and formats (a date typed as a figure is reported).
 */
interface LoadSet {
  readonly properties: string;
  readonly formulas: boolean;
  readonly numberFormat: boolean;
}
const KEYS_LOAD: LoadSet = { properties: 'rowIndex,columnIndex,values,valueTypes', formulas: false, numberFormat: false };
const VALUES_LOAD: LoadSet = { properties: 'rowIndex,columnIndex,values,valueTypes,formulas,numberFormat', formulas: true, numberFormat: true };
const WIDE_LOAD: LoadSet = { properties: 'rowIndex,columnIndex,values,valueTypes,numberFormat', formulas: false, numberFormat: true };

/** Cells gathered from several reads of one sheet, by 0-based row and column. */
class Grid {
  readonly rows: (RawCell | undefined)[][] = [];

  put(range: Excel.Range, loaded: LoadSet): void {
    if (range.isNullObject) return;
    const { rowIndex, columnIndex, values, valueTypes } = range;
    const numberFormat = loaded.numberFormat ? (range.numberFormat as unknown[][]) : undefined;
    const formulas = loaded.formulas ? (range.formulas as unknown[][]) : undefined;
    values.forEach((row, i) => {
      row.forEach((value, j) => {
        const cell = rawCell(value, valueTypes[i]?.[j], formulas?.[i]?.[j], numberFormat?.[i]?.[j]);
        if (cell) (this.rows[rowIndex + i] ??= [])[columnIndex + j] = cell;
      });
    });
  }
}

/**
 * One cell as Excel gives it → as the core reads it. Excel gives errors as their text ("#DIV/0!"),
 * an empty cell as "", a date as a number whose format shows a date; a formula is told from text
 * that looks like one by its value differing from its formula.
 */
export function rawCell(value: unknown, valueType: unknown, formula: unknown, numberFormat: unknown): RawCell | undefined {
  const formulaText = typeof formula === 'string' && formula.startsWith('=') && formula !== value ? formula.slice(1) : undefined;
  const withFormula = (cell: RawCell): RawCell => (formulaText === undefined ? cell : { ...cell, formula: formulaText });
  if (valueType === 'Error') return withFormula({ value: String(value), type: 'error' });
  if (value === '' || value === null || value === undefined) return formulaText === undefined ? undefined : { value: null, formula: formulaText };
  if (typeof value === 'number') return withFormula(typeof numberFormat === 'string' && isDateFormatCode(numberFormat) ? { value, type: 'date' } : { value });
  if (typeof value === 'boolean' || typeof value === 'string') return withFormula({ value });
  return withFormula({ value: JSON.stringify(value) ?? '' });
}

const STATE = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' } as const;

function toSheetData(entry: SheetEntry, grid: Grid): SheetData {
  return { name: entry.name, state: STATE[entry.visibility] ?? 'visible', rows: grid.rows };
}
