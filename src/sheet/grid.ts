import type { RawCell } from '../core/values';
import { MisuseError } from '../core/errors';

/**
 * The layout contract (DESIGN §4), shared by every adapter:
 *   A key (`@template`, `@unit`, …, or the indicator code) · B label · C unit · D value · E note.
 * Readers find rows by the key in column A, never by row number.
 */
export const COL = { key: 0, label: 1, unit: 2, value: 3, note: 4 } as const;
export const COLUMN_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const META_KEYS = { template: '@template', unit: '@unit', unitCode: '@unitCode', from: '@from', to: '@to' } as const;

/**
 * Column A keys of sheets whose figures are not all in column D: a summary's per-unit breakdown
 * (@codes) and the per-unit columns of the layout before 2026-12 (@lineage). A reader that reads
 * only columns A and D reads these sheets whole.
 */
export const WIDE_SHEET_KEYS: ReadonlySet<string> = new Set(['@codes', '@lineage', '@previousFrom', '@previousTo']);

/** A summary compared with the same period before: its period in these metadata rows, its figures in column G. */
export const PREVIOUS_KEYS = { from: '@previousFrom', to: '@previousTo' } as const;

/** 0-based column → letters (0 → A, 27 → AB). */
export function columnName(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new MisuseError(`bad column index ${index}`);
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = COLUMN_LETTERS[r] + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel's tallest row, in points (Excel specifications and limits); a taller one is refused, and with it the whole batch. */
export const MAX_ROW_HEIGHT = 409;

/** The height of a row of wrapped text: its lines, within Excel's limit (the text beyond is still in the cell). */
export const wrappedRowHeight = (lines: number, linePoints: number): number => Math.min(MAX_ROW_HEIGHT, Math.max(1, lines) * linePoints + 2);

/** 0-based row and column → "D12". */
export const a1 = (row: number, col: number): string => `${columnName(col)}${row + 1}`;

/** "D12" → 0-based {row, col}. */
export function parseA1(ref: string): { row: number; col: number } {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref.toUpperCase());
  if (!m) throw new MisuseError(`bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export type StyleId =
  | 'title'
  | 'subtitle'
  | 'source'
  | 'key'
  | 'metaLabel'
  | 'metaValue'
  | 'header'
  | 'heading1'
  | 'heading2'
  | 'label'
  | 'unit'
  | 'input'
  | 'computed'
  | 'note'
  | 'legend';

/** What an input cell accepts, turned into the spreadsheet's own data validation by each writer. */
export type InputCheck =
  | { readonly type: 'count' }
  | { readonly type: 'decimal'; readonly min?: number; readonly max?: number }
  | { readonly type: 'yesno' }
  | { readonly type: 'date' }
  /** one of a list of words (the authoring sheet's kinds, yes/no) */
  | { readonly type: 'list'; readonly items: readonly string[]; readonly title: string; readonly message: string }
  /** any check as a formula, `{cell}` standing for the checked cell (a text's length, a whole number) */
  | { readonly type: 'formula'; readonly formula: string; readonly title: string; readonly message: string };

export interface LayoutCell {
  /** text is always written as text, never as a formula */
  readonly value?: string | number | null;
  /** written as a date (value is an ISO date) */
  readonly date?: boolean;
  /** without the leading "=" */
  readonly formula?: string;
  readonly style?: StyleId;
  readonly numFmt?: string;
  readonly check?: InputCheck;
  /** left editable when the sheet is protected (a unit's input and note cells) */
  readonly unlocked?: true;
}

export interface SheetLayout {
  readonly name: string;
  readonly columns: readonly { readonly width: number }[];
  /** rows[r][c], 0-based */
  readonly rows: readonly (readonly (LayoutCell | undefined)[])[];
  /** rows above this (0-based) stay in view */
  readonly freezeRows: number;
  /** columns left of this (0-based) stay in view; none by default */
  readonly freezeColumns?: number;
  /** a range the user may sort and filter (A1, header row first) */
  readonly autoFilter?: string;
  /** printed across the page (a wide table) */
  readonly landscape?: boolean;
  /** 0-based row of the column headers, repeated on each printed page */
  readonly headerRow: number;
  /** merged ranges, A1 style ("B1:E1") */
  readonly merges: readonly string[];
  /** what is printed, A1 style ("B1:E60") */
  readonly printArea: string;
  /** row heights in points, by 0-based row, where text wraps (no program fits merged or wrapped rows reliably on opening) */
  readonly rowHeights: ReadonlyMap<number, number>;
  /** 0-based row of each indicator code */
  readonly rowOf: ReadonlyMap<string, number>;
  /**
   * rows made only when written, after `rows`: a table of thousands of units is never held whole
   * (the per-unit breakdown, the list of units)
   */
  readonly moreRows?: LazyRows;
  /**
   * the sheet is protected: only cells marked `unlocked` may be edited (rows may still be inserted
   * for a unit's explanations); no password when none is given
   */
  readonly protection?: { readonly password?: string };
  /** not shown in the program's list of sheets: 'veryHidden' cannot be unhidden from the menus */
  readonly hidden?: 'hidden' | 'veryHidden';
}

/** Cached results of a sheet's formulas by A1 cell, so any reader sees values before recalculating. */
export interface FormulaResults {
  get(cell: string): number | string | undefined;
}

export interface LazyRows {
  readonly count: number;
  row(index: number): readonly (LayoutCell | undefined)[];
}

/** Every row of a layout, made ones and lazy ones, with its 0-based index. */
export function* layoutRows(layout: SheetLayout): Generator<[number, readonly (LayoutCell | undefined)[]]> {
  yield* layout.rows.entries();
  const more = layout.moreRows;
  if (more) for (let i = 0; i < more.count; i++) yield [layout.rows.length + i, more.row(i)];
}

export const rowCount = (layout: SheetLayout): number => layout.rows.length + (layout.moreRows?.count ?? 0);

/** The layout with every row made, for writers that need them all at once (the Excel host). */
export function materialize(layout: SheetLayout): SheetLayout {
  if (!layout.moreRows) return layout;
  const { moreRows: _lazy, ...rest } = layout;
  return { ...rest, rows: [...layoutRows(layout)].map(([, cells]) => cells) };
}

/** A sheet as read back: values only, whoever wrote it. */
export interface SheetData {
  readonly name: string;
  readonly state?: 'visible' | 'hidden' | 'veryHidden';
  /** rows[r][c], 0-based; holes are empty cells */
  readonly rows: readonly (readonly (RawCell | undefined)[] | undefined)[];
  /** merged ranges, A1 style ("C10:D11"), where the reader knows them: a merge shows its first cell's value only */
  readonly merges?: readonly string[];
  /** the reader stopped here (a cell budget ran out): rows from this 0-based one on were not read */
  readonly truncatedAt?: number;
}

export interface WorkbookData {
  readonly sheets: readonly SheetData[];
  /** dates in the workbook count from 1904 (old Mac files) */
  readonly date1904?: boolean;
}
