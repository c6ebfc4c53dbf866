/// <reference types="office-js" />
/**
 * A strict in-memory Excel for the adapter's tests: the subset of the Excel JavaScript API that
 * src/excel uses, behaving the way Office does where it matters for batching and correctness.
 *
 *  - Proxies queue operations; nothing happens until `context.sync()`, which runs the queue in
 *    order and counts itself (`syncs`, and `syncLog`: the commands of each sync).
 *  - A batch is not a transaction: Excel applies the queued commands in order until one fails;
 *    those before it stay applied, and nothing loaded in that batch comes back. `failAt(n, k)`
 *    makes the nth sync from now fail at its command k (k at or past the end: every command
 *    applied, the answer lost), to test what an action leaves behind.
 *  - Reading a property that was not `load()`ed and synced throws PropertyNotLoaded; `items` of a
 *    collection too. A load counts only once its whole batch has succeeded.
 *  - A 2-D write whose shape differs from its range fails the sync (InvalidArgument); a null in
 *    the array leaves that cell alone, as in Office.
 *  - Strings written to a cell are read the way Excel reads typing in any locale: "=…" becomes a
 *    formula, "12", "1 1/2", "9/2023", "7:30", "$5" a number or a date, "TRUE" a boolean, "'x"
 *    the text x; unless the cell's number format is text ("@").
 *  - A formula keeps its references by sheet, as Excel does: renaming a sheet rewrites the
 *    formulas that name it; deleting it turns them into #REF! for good (a sheet added later
 *    under the same name does not mend them). A formula that is one reference (`='Tổng hợp'!D20`)
 *    is computed after every sync; any other formula keeps the value a test seeded ("" if none).
 *  - Protection: a protected sheet refuses every change to its cells, formats, charts and layout
 *    (AccessDenied); a workbook whose structure is protected refuses adding, deleting and
 *    renaming sheets. Both are readable (`protection.protected`).
 *  - Clearing: Range.clear removes contents and/or formats only; data validation, merges,
 *    conditional formats, charts, row heights and frozen panes stay until removed by their own
 *    API (the stricter reading of the documentation).
 *  - Excel's limits: sheet names (31 characters, none of \ / ? * [ ] :, no quote at either end,
 *    not "History", unique without regard to case), row height ≤ 409 points, column width ≤ 255
 *    characters, 5,000,000 cells per read.
 *  - API from a requirement set the fake host lacks fails the sync (ApiNotFound).
 *  - A request or a response over the payload limit (5 MB, as Excel on the web) fails the sync
 *    before anything is applied.
 *  - Operations still queued when `run`'s batch returns are an error (they would be lost).
 */
import type { ExcelEnvironment } from '../../src/excel/host';

export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

export type Scalar = string | number | boolean;

export interface Border {
  style?: string;
  color?: string;
  weight?: string;
}

export interface FakeCell {
  /** '' = empty */
  value: Scalar;
  /** with its "=" */
  formula?: string;
  /** the ids of the sheets the formula names: Excel follows a sheet, not its name */
  sheetRefs?: string[];
  /** the value is an error (#NAME?, #DIV/0!…) */
  error?: boolean;
  numberFormat: string;
  font: { name: string; size: number; bold: boolean; italic: boolean; color: string };
  /** null = no fill */
  fill: string | null;
  horizontalAlignment: string;
  verticalAlignment: string;
  wrapText: boolean;
  borders: { top?: Border; bottom?: Border; left?: Border; right?: Border };
  validation?: { rule?: Excel.DataValidationRule; errorAlert?: Excel.DataValidationErrorAlert; prompt?: Excel.DataValidationPrompt; ignoreBlanks?: boolean };
}

export interface PageSetup {
  paperSize?: string;
  orientation?: string;
  centerHorizontally?: boolean;
  zoom?: Excel.PageLayoutZoomOptions;
  printArea?: string;
  printTitleRows?: string;
  margins?: { unit: string; options: Excel.PageLayoutMarginOptions };
  centerFooter?: string;
}

interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const MAX_ROW = 1_048_575;
const MAX_COL = 16_383;
/** Excel's largest row height, in points (Excel specifications and limits). */
export const MAX_ROW_POINTS = 409;

function colName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
const colIndex = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** "A1", "A1:C3", "$A$1:$C$3", "D:D", "3:5" → a rectangle (0-based). */
export function parseAddress(address: string): Rect {
  const bare = address.replace(/\$/g, '').replace(/^.*!/, '').toUpperCase();
  const [from, to = from] = bare.split(':') as [string, string?];
  const point = (ref: string, end: boolean): { r: number; c: number } => {
    let m = /^([A-Z]{1,3})(\d+)$/.exec(ref);
    if (m) return { r: Number(m[2]) - 1, c: colIndex(m[1]!) };
    m = /^([A-Z]{1,3})$/.exec(ref);
    if (m) return { r: end ? MAX_ROW : 0, c: colIndex(m[1]!) };
    m = /^(\d+)$/.exec(ref);
    if (m) return { r: Number(m[1]) - 1, c: end ? MAX_COL : 0 };
    throw new FakeOfficeError('InvalidArgument', `bad address ${address}`);
  };
  const a = point(from, false);
  const b = point(to!, true);
  const rect = { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), r1: Math.max(a.r, b.r), c1: Math.max(a.c, b.c) };
  if (rect.r1 > MAX_ROW || rect.c1 > MAX_COL || rect.r0 < 0 || rect.c0 < 0)
    throw new FakeOfficeError('InvalidArgument', `address out of the sheet: ${address}`);
  return rect;
}
const rectAddress = (r: Rect): string =>
  r.r0 === r.r1 && r.c0 === r.c1 ? `${colName(r.c0)}${r.r0 + 1}` : `${colName(r.c0)}${r.r0 + 1}:${colName(r.c1)}${r.r1 + 1}`;
const cellKey = (r: number, c: number): string => `${r},${c}`;
const keyPoint = (key: string): [number, number] => {
  const comma = key.indexOf(',');
  return [Number(key.slice(0, comma)), Number(key.slice(comma + 1))];
};
const cells = (rect: Rect): number => (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
const inside = (rect: Rect, r: number, c: number): boolean => rect.r0 <= r && r <= rect.r1 && rect.c0 <= c && c <= rect.c1;
const overlaps = (a: Rect, b: Rect): boolean => a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;

const ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function newCell(): FakeCell {
  return {
    value: '',
    numberFormat: 'General',
    font: { name: 'Calibri', size: 11, bold: false, italic: false, color: '#000000' },
    fill: null,
    horizontalAlignment: 'General',
    verticalAlignment: 'Bottom',
    wrapText: false,
    borders: {},
  };
}
const DEFAULT_CELL = JSON.stringify(newCell());
const FORMAT_DEFAULTS = (() => {
  const { value: _v, ...formats } = newCell();
  return formats;
})();

/** A chart on a sheet: its type, source range, title, position and category axis order. */
export interface FakeChartModel {
  readonly type: string;
  readonly source: string;
  readonly seriesBy: string;
  /** Excel names new charts "Chart 1", "Chart 2"… */
  name: string;
  title?: string;
  position?: { start: string; end: string };
  reversePlotOrder?: boolean;
}

/** One worksheet of the fake workbook: its cells and settings, for tests to look at. */
export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  readonly merges: string[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  frozenRows = 0;
  frozenColumns = 0;
  /** the range of the sheet's AutoFilter, if it has one */
  autoFilter: string | undefined;
  readonly page: PageSetup = {};
  readonly charts: FakeChartModel[] = [];
  /** ranges that carry a conditional format (the fake does not evaluate them) */
  readonly conditionalFormats: string[] = [];
  /** Review → Protect Sheet: every cell locked */
  protected = false;

  constructor(
    readonly book: FakeExcel,
    readonly id: string,
    public name: string,
    public visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible',
  ) {}

  /** The cell at an A1 address, if anything was ever written or formatted there. */
  cell(address: string): FakeCell | undefined {
    const { r0, c0 } = parseAddress(address);
    return this.cells.get(cellKey(r0, c0));
  }

  at(r: number, c: number): FakeCell | undefined {
    return this.cells.get(cellKey(r, c));
  }

  ensure(r: number, c: number): FakeCell {
    let cell = this.cells.get(cellKey(r, c));
    if (!cell) this.cells.set(cellKey(r, c), (cell = newCell()));
    return cell;
  }

  /** A user typing into a cell (a formula too): read as Excel reads typing, the cell's formats kept. */
  type(address: string, value: Scalar): void {
    const { r0, c0 } = parseAddress(address);
    const cell = this.ensure(r0, c0);
    writeTyped(cell, value);
    this.book.track(cell);
    this.book.recalculate();
  }

  /** The value as Excel would show it in `values` ('' when empty). */
  value(address: string): Scalar {
    return this.cell(address)?.value ?? '';
  }

  /** Cells with a value or a formula, or (valuesOnly false) with anything set. */
  usedRect(valuesOnly: boolean): Rect | undefined {
    let rect: Rect | undefined;
    for (const [key, cell] of this.cells) {
      if (valuesOnly && cell.value === '' && cell.formula === undefined) continue;
      const [r, c] = keyPoint(key);
      rect = rect ? { r0: Math.min(rect.r0, r), c0: Math.min(rect.c0, c), r1: Math.max(rect.r1, r), c1: Math.max(rect.c1, c) } : { r0: r, c0: c, r1: r, c1: c };
    }
    return rect;
  }

  /** Rows of values (formulas as {formula}) from A1 to the last used cell, for tests. */
  grid(): (Scalar | { formula: string })[][] {
    const used = this.usedRect(true);
    if (!used) return [];
    const out: (Scalar | { formula: string })[][] = [];
    for (let r = 0; r <= used.r1; r++) {
      const row: (Scalar | { formula: string })[] = [];
      for (let c = 0; c <= used.c1; c++) {
        const cell = this.at(r, c);
        row.push(cell?.formula !== undefined ? { formula: cell.formula } : (cell?.value ?? ''));
      }
      out.push(row);
    }
    return out;
  }

  /** Refuses a change when the sheet is protected, as Excel does. */
  guardEdit(what: string): void {
    if (this.protected) throw new FakeOfficeError('AccessDenied', `${what} on the protected sheet ${this.name}`);
  }

  /** Drops cells that hold nothing any more (what Excel would not list in a used range). */
  prune(): void {
    for (const [key, cell] of this.cells) if (JSON.stringify(cell) === DEFAULT_CELL) this.cells.delete(key);
  }
}

export interface FakeExcelOptions {
  /** the newest ExcelApi version the fake host supports; 1.9 by default */
  readonly excelApi?: string;
  /** bytes a request or a response may hold; 5 MB by default, as Excel on the web */
  readonly payloadLimit?: number;
  /** the workbook's file name ('' for a new, unsaved one) */
  readonly name?: string;
}

/** Everything a user could see of the workbook, as plain data, to compare before and after. */
export interface WorkbookSnapshot {
  readonly activeId: string;
  readonly structureProtected: boolean;
  readonly sheets: readonly unknown[];
}

/** A sheet reference inside a formula: 'quoted name'!A1 or bare_name!A1 (a range too). */
const SHEET_REFERENCE = /(?:'((?:[^']|'')+)'|([A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*))!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)/g;
/** A formula that is one cell reference, computed by the fake. */
const SINGLE_REFERENCE = /^=\s*(?:(?:'((?:[^']|'')+)'|([A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*))!)?(\$?[A-Za-z]{1,3}\$?\d+)\s*$/;

/** How Excel writes a sheet's name in a formula. */
export const quoteSheetName = (name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;

/** The fake Excel application with one workbook. */
export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  activeId: string;
  selection: { sheetId: string; address: string } | undefined;
  name: string;
  /** Review → Protect Workbook: no sheet added, deleted or renamed */
  structureProtected = false;
  /** the add-in's settings saved in the workbook (Excel.SettingCollection), as JSON round-trips them */
  readonly settings = new Map<string, unknown>();
  /** every context.sync() of every run */
  syncs = 0;
  /** how many commands each sync carried, in order */
  readonly syncLog: number[] = [];
  /** what each command of each sync was (its first argument's name: "add", "formulas", "clear"…) */
  readonly commandLog: string[][] = [];
  runs = 0;
  /** the largest request and response that went through, in bytes */
  largestRequest = 0;
  largestResponse = 0;
  readonly excelApi: string;
  payloadLimit: number;
  private nextId = 1;
  private nextChart = 1;
  private readonly failures: { sync: number; command: number }[] = [];

  constructor(options: FakeExcelOptions = {}) {
    this.excelApi = options.excelApi ?? '1.9';
    this.payloadLimit = options.payloadLimit ?? 5 * 1024 * 1024;
    this.name = options.name ?? 'Tong hop.xlsx';
    const first = this.createSheet('Sheet1');
    this.activeId = first.id;
  }

  isSetSupported(name: string, version: string): boolean {
    if (name !== 'ExcelApi') return false;
    const [maj, min] = version.split('.').map(Number) as [number, number];
    const [hasMaj, hasMin] = this.excelApi.split('.').map(Number) as [number, number];
    return hasMaj > maj || (hasMaj === maj && hasMin >= (min ?? 0));
  }

  requireSet(version: string, what: string): void {
    if (!this.isSetSupported('ExcelApi', version))
      throw new FakeOfficeError('ApiNotFound', `${what} needs ExcelApi ${version}; this host has ${this.excelApi}`);
  }

  /** The ExcelEnvironment the host takes: Excel.run on this fake. */
  environment(extra: { canDownload?: boolean } = {}): ExcelEnvironment {
    return {
      run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => this.run(batch),
      isSetSupported: (name, version) => this.isSetSupported(name, version),
      ...extra,
    };
  }

  async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.runs++;
    const context = new FakeContext(this);
    const result = await batch(context as unknown as Excel.RequestContext);
    if (context.pending() > 0) throw new Error(`fake Excel: ${context.pending()} operation(s) queued but never synced`);
    return result;
  }

  /** How many syncs an action takes. */
  async measure<T>(action: () => Promise<T>): Promise<{ result: T; syncs: number }> {
    const before = this.syncs;
    const result = await action();
    return { result, syncs: this.syncs - before };
  }

  /**
   * The `sync`th sync from now (1 = the next one) fails at its command `command` (0-based): the
   * commands before it are applied, it and the rest are not, and nothing that batch loaded comes
   * back. A command at or past the end of the batch: every command applied, and still the sync
   * rejects (the answer lost on its way back).
   */
  failAt(sync: number, command = 0): void {
    if (!Number.isInteger(sync) || sync < 1 || !Number.isInteger(command) || command < 0) throw new Error(`fake Excel: failAt(${sync}, ${command})`);
    this.failures.push({ sync: this.syncs + sync, command });
  }

  /** The command at which the sync being run must fail, if a test asked for it. */
  failureFor(sync: number): number | undefined {
    const i = this.failures.findIndex((f) => f.sync === sync);
    if (i < 0) return undefined;
    return this.failures.splice(i, 1)[0]!.command;
  }

  /** An independent copy of the workbook in this state (ids, names and counters alike), for tests that start many times from it. */
  clone(): FakeExcel {
    const copy = new FakeExcel({ excelApi: this.excelApi, payloadLimit: this.payloadLimit, name: this.name });
    copy.sheets.length = 0;
    for (const sheet of this.sheets) {
      const twin = new FakeSheet(copy, sheet.id, sheet.name, sheet.visibility);
      for (const [key, cell] of sheet.cells) twin.cells.set(key, structuredClone(cell));
      twin.merges.push(...sheet.merges);
      for (const [c, w] of sheet.columnWidths) twin.columnWidths.set(c, w);
      for (const [r, h] of sheet.rowHeights) twin.rowHeights.set(r, h);
      twin.frozenRows = sheet.frozenRows;
      twin.frozenColumns = sheet.frozenColumns;
      twin.autoFilter = sheet.autoFilter;
      Object.assign(twin.page, structuredClone(sheet.page));
      twin.charts.push(...structuredClone(sheet.charts));
      twin.conditionalFormats.push(...sheet.conditionalFormats);
      twin.protected = sheet.protected;
      copy.sheets.push(twin);
    }
    for (const [key, value] of this.settings) copy.settings.set(key, structuredClone(value));
    copy.activeId = this.activeId;
    copy.selection = this.selection && { ...this.selection };
    copy.structureProtected = this.structureProtected;
    copy.nextId = this.nextId;
    copy.nextChart = this.nextChart;
    return copy;
  }

  createSheet(name: string, visibility: FakeSheet['visibility'] = 'Visible'): FakeSheet {
    const sheet = new FakeSheet(this, `{fake-${String(this.nextId++).padStart(4, '0')}}`, name, visibility);
    this.sheets.push(sheet);
    return sheet;
  }

  chartName(): string {
    return `Chart ${this.nextChart++}`;
  }

  sheet(name: string): FakeSheet {
    const found = this.findSheet(name);
    if (!found) throw new Error(`no sheet ${name}; sheets: ${this.sheets.map((s) => s.name).join(', ')}`);
    return found;
  }

  findSheet(key: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.id === key) ?? this.sheets.find((s) => sameSheetName(s.name, key));
  }

  get active(): FakeSheet {
    return this.sheets.find((s) => s.id === this.activeId)!;
  }

  /**
   * A sheet as a file written by another program opens (strings stay strings, numbers numbers),
   * without the adapter: rows of values; {formula, value} for a formula with its cached result.
   * (FakeSheet.type is a person typing instead, read the way Excel reads typing.)
   */
  seedSheet(
    name: string,
    rows: readonly (readonly (Scalar | null | undefined | { formula: string; value?: Scalar })[])[],
    visibility: FakeSheet['visibility'] = 'Visible',
  ): FakeSheet {
    const sheet = this.findSheet(name) ?? this.createSheet(name, visibility);
    rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null || value === undefined || value === '') return;
        const cell = sheet.ensure(r, c);
        if (typeof value === 'object') {
          cell.formula = value.formula.startsWith('=') ? value.formula : `=${value.formula}`;
          cell.value = value.value ?? '';
          this.track(cell);
        } else {
          cell.value = value;
          if (typeof value === 'string' && ERRORS.has(value)) cell.error = true;
        }
      }),
    );
    this.recalculate();
    return sheet;
  }

  /** Deletes a sheet as Excel does: never the last visible one; the active sheet moves on; formulas naming it become #REF!. */
  deleteSheet(sheet: FakeSheet): void {
    if (this.structureProtected) throw new FakeOfficeError('AccessDenied', `the workbook's structure is protected: ${sheet.name} cannot be deleted`);
    const visible = this.sheets.filter((s) => s.visibility === 'Visible');
    if (sheet.visibility === 'Visible' && visible.length === 1)
      throw new FakeOfficeError('InvalidOperation', 'a workbook must keep at least one visible sheet');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    if (this.activeId === sheet.id) this.activeId = this.sheets.find((s) => s.visibility === 'Visible')!.id;
    if (this.selection?.sheetId === sheet.id) this.selection = undefined;
    for (const cell of this.formulaCells()) {
      if (!cell.sheetRefs?.includes(sheet.id)) continue;
      cell.formula = cell.formula!.replace(SHEET_REFERENCE, (all, quoted: string | undefined, bare: string | undefined, ref: string) =>
        sameSheetName(quoted?.replace(/''/g, "'") ?? bare!, sheet.name) ? `#REF!${ref}` : all,
      );
      cell.sheetRefs = cell.sheetRefs.filter((id) => id !== sheet.id);
    }
    this.recalculate();
  }

  renameSheet(sheet: FakeSheet, name: string): void {
    if (this.structureProtected) throw new FakeOfficeError('AccessDenied', `the workbook's structure is protected: ${sheet.name} cannot be renamed`);
    checkSheetName(name);
    if (this.sheets.some((s) => s !== sheet && sameSheetName(s.name, name))) throw new FakeOfficeError('ItemAlreadyExists', `a sheet named ${name} exists`);
    const old = sheet.name;
    sheet.name = name;
    // Formulas follow the sheet: their text now says the new name.
    for (const cell of this.formulaCells()) {
      if (!cell.sheetRefs?.includes(sheet.id)) continue;
      cell.formula = cell.formula!.replace(SHEET_REFERENCE, (all, quoted: string | undefined, bare: string | undefined, ref: string) =>
        sameSheetName(quoted?.replace(/''/g, "'") ?? bare!, old) ? `${quoteSheetName(name)}!${ref}` : all,
      );
    }
  }

  /** Records which sheets a formula names, as Excel binds references when a formula is entered. */
  track(cell: FakeCell): void {
    delete cell.sheetRefs;
    if (cell.formula === undefined) return;
    const ids = new Set<string>();
    for (const m of cell.formula.matchAll(SHEET_REFERENCE)) {
      const sheet = this.sheets.find((s) => sameSheetName(s.name, m[1]?.replace(/''/g, "'") ?? m[2]!));
      if (sheet) ids.add(sheet.id);
    }
    if (ids.size > 0) cell.sheetRefs = [...ids];
  }

  /** Computes the formulas the fake can: a single reference, and anything holding #REF!. */
  recalculate(): void {
    for (const sheet of this.sheets) {
      for (const cell of sheet.cells.values()) {
        if (cell.formula === undefined) continue;
        if (cell.formula.includes('#REF!')) {
          cell.value = '#REF!';
          cell.error = true;
          continue;
        }
        const m = SINGLE_REFERENCE.exec(cell.formula);
        if (!m) continue;
        const name = m[1]?.replace(/''/g, "'") ?? m[2];
        const target = name === undefined ? sheet : this.sheets.find((s) => sameSheetName(s.name, name));
        if (!target) continue;
        const { r0, c0 } = parseAddress(m[3]!);
        const source = target.at(r0, c0);
        // A reference to an empty cell shows 0.
        cell.value = source === undefined || (source.value === '' && source.formula === undefined) ? 0 : source.value;
        if (source?.error) cell.error = true;
        else delete cell.error;
      }
    }
  }

  private *formulaCells(): Generator<FakeCell> {
    for (const sheet of this.sheets) for (const cell of sheet.cells.values()) if (cell.formula !== undefined) yield cell;
  }

  /** The workbook as a user sees it (sheets in order with everything on them, the active sheet). */
  snapshot(): WorkbookSnapshot {
    const sorted = <V>(map: ReadonlyMap<number, V>): [number, V][] => [...map].sort((a, b) => a[0] - b[0]);
    return JSON.parse(
      JSON.stringify({
        activeId: this.activeId,
        structureProtected: this.structureProtected,
        sheets: this.sheets.map((s) => ({
          id: s.id,
          name: s.name,
          visibility: s.visibility,
          protected: s.protected,
          cells: [...s.cells].filter(([, cell]) => JSON.stringify(cell) !== DEFAULT_CELL).sort((a, b) => a[0].localeCompare(b[0])),
          merges: [...s.merges].sort(),
          columnWidths: sorted(s.columnWidths),
          rowHeights: sorted(s.rowHeights),
          frozenRows: s.frozenRows,
          frozenColumns: s.frozenColumns,
          autoFilter: s.autoFilter ?? null,
          page: s.page,
          charts: s.charts,
          conditionalFormats: [...s.conditionalFormats].sort(),
        })),
      }),
    ) as WorkbookSnapshot;
  }
}

/** Excel compares sheet names without regard to case. */
const sameSheetName = (a: string, b: string): boolean => a.toLocaleLowerCase() === b.toLocaleLowerCase();

function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31 || /[\\/?*[\]:]/.test(name) || name.startsWith("'") || name.endsWith("'") || sameSheetName(name, 'History')) {
    throw new FakeOfficeError('InvalidArgument', `bad sheet name "${name}"`);
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const serialOf = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / 86400000;

/**
 * What Excel makes of typed text in some locale (vi-VN reads 30/9 as a date, en-US 9/30; "1,5" is
 * 1.5 in vi-VN): the fake takes the union, so a string the adapter failed to protect is changed.
 * Undefined when every locale keeps the text.
 */
function typedNumber(t: string): { value: number; format?: string } | undefined {
  const plain = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
  if (plain.test(t)) return { value: Number(t) };
  if (/^[+-]?\d+,\d+(e[+-]?\d+)?$/i.test(t)) return { value: Number(t.replace(',', '.')) }; // vi-VN decimal comma
  if (/^[+-]?\d{1,3}([,.\s\u00a0]\d{3})+([.,]\d+)?$/.test(t)) return { value: Number(t.replace(/[,.\s\u00a0](?=\d{3}(\D|$))/g, '').replace(',', '.')) };
  const percent = /^([+-]?[\d.,]+)\s?%$/.exec(t);
  if (percent) {
    const inner = typedNumber(percent[1]!);
    if (inner) return { value: inner.value / 100, format: '0%' };
  }
  const currency = /^(?:([$€£¥₫])\s?([\d.,]+)|([\d.,]+)\s?([$€£¥₫]|đ|VND))$/i.exec(t);
  if (currency) {
    const inner = typedNumber(currency[2] ?? currency[3]!);
    if (inner) return { value: inner.value, format: '#,##0' };
  }
  const negative = /^\(([\d.,]+)\)$/.exec(t);
  if (negative) {
    const inner = typedNumber(negative[1]!);
    if (inner) return { value: -inner.value };
  }
  const fraction = /^(\d+)\s+(\d+)\/(\d+)$/.exec(t);
  if (fraction && Number(fraction[3]) > 0) return { value: Number(fraction[1]) + Number(fraction[2]) / Number(fraction[3]), format: '# ?/?' };
  const time = /^(\d{1,4}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?(?:\s*([ap])\.?m?\.?)?$/i.exec(t) ?? /^(\d{1,2})()()\s*([ap])\.?m\.?$/i.exec(t);
  if (time) {
    const hours = (Number(time[1]) % (time[4] ? 12 : Infinity)) + (time[4]?.toLowerCase() === 'p' ? 12 : 0);
    return { value: (hours * 3600 + Number(time[2] || 0) * 60 + Number(time[3] || 0)) / 86400, format: 'h:mm' };
  }
  const date = /^(\d{1,4})[-/.](\d{1,4})(?:[-/.](\d{1,4}))?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (date) {
    const [a, b, c] = [Number(date[1]), Number(date[2]), date[3] === undefined ? undefined : Number(date[3])];
    // d/m/y, m/d/y, y/m/d, m/y, d/m: whichever order makes a date.
    const candidates: [number, number, number][] =
      c === undefined
        ? [
            [2000, b, a],
            [2000, a, b],
            [b, a, 1],
            [a, b, 1],
          ]
        : [
            [c, b, a],
            [c, a, b],
            [a, b, c],
          ];
    for (const [y, m, d] of candidates) {
      const year = y < 100 ? 2000 + y : y;
      if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && year >= 1900 && year <= 9999) return { value: serialOf(year, m, d), format: 'd/m/yyyy' };
    }
  }
  const month = new RegExp(`^(\\d{1,2}[\\s./-]*)?(${MONTHS.join('|')})[a-z]*\\.?([\\s.,/-]*\\d{1,4})*$`, 'i').exec(t);
  if (month && /\d/.test(t))
    return { value: serialOf(2000, MONTHS.indexOf(month[2]!.toLowerCase()) + 1, Number(month[1]?.replace(/\D/g, '') || 1)), format: 'd-mmm' };
  return undefined;
}

/** Writes what a user or Range.values/formulas gives a cell, the way Excel reads typing. */
function writeTyped(cell: FakeCell, input: Scalar): void {
  delete cell.formula;
  delete cell.sheetRefs;
  delete cell.error;
  if (typeof input !== 'string') {
    cell.value = input;
    return;
  }
  if (cell.numberFormat === '@') {
    cell.value = input;
    return;
  }
  const s = input;
  if (s === '') {
    cell.value = '';
    return;
  }
  if (s.startsWith("'")) {
    cell.value = s.slice(1);
    return;
  }
  const t = s.trim();
  // TRUE and FALSE, and their Vietnamese names (ĐÚNG, SAI) in a vi-VN Excel
  if (/^(true|false|đúng|sai)$/i.test(t)) {
    cell.value = /^(true|đúng)$/i.test(t);
    return;
  }
  if (ERRORS.has(t.toUpperCase())) {
    cell.value = t.toUpperCase();
    cell.error = true;
    return;
  }
  if (s.startsWith('=')) {
    cell.formula = s;
    cell.value = ''; // not computed by the fake, unless it is one reference
    return;
  }
  const number = typedNumber(t);
  if (number) {
    cell.value = number.value;
    // Typing a date, a time, a percentage or an amount gives the cell that format too.
    if (number.format && cell.numberFormat === 'General') cell.numberFormat = number.format;
    return;
  }
  if (/^[+\-@]/.test(s)) {
    // Excel takes it for a formula; what follows is no valid one here.
    cell.formula = `=${s}`;
    cell.value = '#NAME?';
    cell.error = true;
    return;
  }
  cell.value = s;
}

interface Operation {
  readonly bytes: number;
  readonly run: () => void;
  readonly label: string;
}

class FakeContext {
  private queue: Operation[] = [];
  private staged: (() => void)[] = [];
  private responseBytes = 0;
  readonly workbook: FakeWorkbookProxy;

  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbookProxy(this);
  }

  pending(): number {
    return this.queue.length;
  }

  enqueue(args: unknown, run: () => void): void {
    const label = typeof args === 'object' && args !== null ? (Object.keys(args)[0] ?? '?') : String(args);
    this.queue.push({ bytes: 100 + utf8(JSON.stringify(args ?? null) ?? ''), run, label });
  }

  respond(value: unknown): void {
    this.responseBytes += utf8(JSON.stringify(value ?? null) ?? '');
  }

  /** Something loaded, visible to the add-in only if its whole batch succeeds. */
  stage(commit: () => void): void {
    this.staged.push(commit);
  }

  async sync(): Promise<void> {
    const excel = this.excel;
    excel.syncs++;
    const queue = this.queue;
    this.queue = [];
    this.staged = [];
    this.responseBytes = 0;
    excel.syncLog.push(queue.length);
    excel.commandLog.push(queue.map((op) => op.label));
    const failAt = excel.failureFor(excel.syncs);
    // A request too large is refused whole, before anything is applied.
    const request = queue.reduce((sum, op) => sum + op.bytes, 0);
    if (request > excel.payloadLimit) throw new FakeOfficeError('RequestPayloadSizeLimitExceeded', `request of ${request} bytes`);
    excel.largestRequest = Math.max(excel.largestRequest, request);
    try {
      for (const [i, op] of queue.entries()) {
        if (i === failAt) throw new FakeOfficeError('GeneralException', `simulated failure at command ${i} of ${queue.length}`);
        op.run();
      }
      if (failAt !== undefined && failAt >= queue.length) throw new FakeOfficeError('GeneralException', `simulated failure after all ${queue.length} commands`);
    } finally {
      // Whatever was applied is in the workbook, and formulas see it.
      excel.recalculate();
    }
    if (this.responseBytes > excel.payloadLimit) throw new FakeOfficeError('ResponsePayloadSizeLimitExceeded', `response of ${this.responseBytes} bytes`);
    excel.largestResponse = Math.max(excel.largestResponse, this.responseBytes);
    for (const commit of this.staged) commit();
    this.staged = [];
    await Promise.resolve();
  }
}

/** What proxies share: loaded values readable only after load + a successful sync. */
abstract class FakeProxy {
  protected readonly loaded = new Map<string, unknown>();
  constructor(readonly context: FakeContext) {}

  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) {
      throw new FakeOfficeError(
        'PropertyNotLoaded',
        `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(property) as T;
  }

  get isNullObject(): boolean {
    return this.read('isNullObject');
  }

  load(spec?: string | string[]): this {
    if (spec !== undefined && typeof spec !== 'string' && !Array.isArray(spec)) throw new Error('fake Excel: load takes a string or an array of names');
    const paths = (Array.isArray(spec) ? spec : (spec ?? '').split(',')).map((p) => p.trim()).filter(Boolean);
    this.context.enqueue({ load: paths }, () => this.loadPaths(paths.length === 0 ? [[]] : paths.map((p) => p.split('/'))));
    return this;
  }

  /** Runs at sync: every path of one load(). */
  loadPaths(paths: readonly (readonly string[])[]): void {
    for (const path of paths) this.loadPath(path);
  }

  /** Runs at sync: fills `loaded` along a path such as ["items", "name"]. */
  loadPath(path: readonly string[]): void {
    const isNull = this.resolvesToNull();
    this.setLoaded('isNullObject', isNull, false);
    if (isNull) return;
    const [head, ...rest] = path;
    if (head === undefined) {
      for (const name of this.scalars()) this.setLoaded(name, this.snapshot(name));
      return;
    }
    if (rest.length === 0 && this.scalars().includes(head)) {
      this.setLoaded(head, this.snapshot(head));
      return;
    }
    const child = this.navigate(head);
    if (!child) throw new FakeOfficeError('InvalidArgument', `cannot load "${path.join('/')}" on ${this.constructor.name}`);
    child.loadPath(rest);
  }

  protected setLoaded(name: string, value: unknown, counts = true): void {
    if (counts) this.context.respond(value);
    this.context.stage(() => this.loaded.set(name, value));
  }

  protected resolvesToNull(): boolean {
    return false;
  }
  protected scalars(): readonly string[] {
    return [];
  }
  protected snapshot(name: string): unknown {
    throw new Error(`fake Excel: no property ${name} on ${this.constructor.name}`);
  }
  protected navigate(_name: string): FakeProxy | undefined {
    return undefined;
  }
}

class FakeWorkbookProxy extends FakeProxy {
  readonly worksheets: FakeWorksheetCollection;
  constructor(context: FakeContext) {
    super(context);
    this.worksheets = new FakeWorksheetCollection(context);
  }
  get name(): string {
    return this.read('name');
  }
  private protectionProxy: FakeWorkbookProtection | undefined;
  /** the same proxy every time, as Office.js gives (what was loaded on it stays readable) */
  get protection(): FakeWorkbookProtection {
    return (this.protectionProxy ??= new FakeWorkbookProtection(this.context));
  }
  private settingsProxy: FakeSettingCollection | undefined;
  get settings(): FakeSettingCollection {
    return (this.settingsProxy ??= new FakeSettingCollection(this.context));
  }
  protected override scalars(): readonly string[] {
    return ['name'];
  }
  protected override snapshot(name: string): unknown {
    this.context.excel.requireSet('1.7', 'Workbook.name');
    if (name === 'name') return this.context.excel.name;
    return super.snapshot(name);
  }
  protected override navigate(name: string): FakeProxy | undefined {
    if (name === 'worksheets') return this.worksheets;
    if (name === 'protection') return this.protection;
    return undefined;
  }
}

/** Excel.SettingCollection (ExcelApi 1.4): the add-in's key-value pairs, kept in the workbook. */
class FakeSettingCollection extends FakeProxy {
  add(key: string, value: unknown): FakeSetting {
    if (typeof key !== 'string' || key === '') throw new FakeOfficeError('InvalidArgument', 'a setting needs a key');
    const excel = this.context.excel;
    // what Office keeps is the value as JSON: a function or a cycle cannot be stored
    const stored = JSON.stringify(value);
    if (stored === undefined) throw new FakeOfficeError('InvalidArgument', `setting ${key}: the value cannot be stored`);
    this.context.enqueue({ add: key }, () => {
      excel.requireSet('1.4', 'SettingCollection.add');
      excel.settings.set(key, JSON.parse(stored));
    });
    return new FakeSetting(this.context, key);
  }

  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key);
  }
}

class FakeSetting extends FakeProxy {
  constructor(
    context: FakeContext,
    private readonly settingKey: string,
  ) {
    super(context);
  }
  get key(): string {
    return this.read('key');
  }
  get value(): unknown {
    return this.read('value');
  }
  protected override resolvesToNull(): boolean {
    return !this.context.excel.settings.has(this.settingKey);
  }
  protected override scalars(): readonly string[] {
    return ['key', 'value'];
  }
  protected override snapshot(name: string): unknown {
    this.context.excel.requireSet('1.4', 'Setting');
    if (name === 'key') return this.settingKey;
    if (name === 'value') return JSON.parse(JSON.stringify(this.context.excel.settings.get(this.settingKey)));
    return super.snapshot(name);
  }
}

class FakeWorkbookProtection extends FakeProxy {
  get protected(): boolean {
    return this.read('protected');
  }
  protected override scalars(): readonly string[] {
    return ['protected'];
  }
  protected override snapshot(name: string): unknown {
    this.context.excel.requireSet('1.7', 'WorkbookProtection');
    if (name === 'protected') return this.context.excel.structureProtected;
    return super.snapshot(name);
  }
}

class FakeWorksheetCollection extends FakeProxy {
  get items(): FakeWorksheet[] {
    return this.read('items');
  }

  override loadPaths(paths: readonly (readonly string[])[]): void {
    this.setLoaded('isNullObject', false, false);
    const items = this.context.excel.sheets.map((sheet) => new FakeWorksheet(this.context, () => sheet, false));
    this.setLoaded('items', items, false);
    // load('name') on a collection loads the items' name, as load('items/name') does.
    for (const path of paths) for (const item of items) item.loadPath(path[0] === 'items' ? path.slice(1) : path);
  }

  override loadPath(path: readonly string[]): void {
    this.loadPaths([path]);
  }

  add(name?: string): FakeWorksheet {
    let created: FakeSheet | undefined;
    const excel = this.context.excel;
    this.context.enqueue({ add: name }, () => {
      if (excel.structureProtected) throw new FakeOfficeError('AccessDenied', "the workbook's structure is protected: no sheet can be added");
      const wanted = name ?? `Sheet${excel.sheets.length + 1}`;
      checkSheetName(wanted);
      if (excel.sheets.some((s) => sameSheetName(s.name, wanted))) {
        throw new FakeOfficeError('ItemAlreadyExists', `a sheet named ${wanted} exists`);
      }
      created = excel.createSheet(wanted);
    });
    return new FakeWorksheet(
      this.context,
      () => {
        if (!created) throw new FakeOfficeError('InvalidObjectPath', 'the new worksheet was used before it was added');
        return created;
      },
      false,
    );
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      () => {
        const sheet = this.context.excel.findSheet(key);
        if (!sheet) throw new FakeOfficeError('ItemNotFound', `no worksheet ${key}`);
        return sheet;
      },
      false,
    );
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.excel.findSheet(key), true);
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.excel.active, false);
  }
}

class FakeWorksheet extends FakeProxy {
  constructor(
    context: FakeContext,
    /** the model sheet, found when an operation runs */
    readonly resolve: () => FakeSheet | undefined,
    private readonly orNull: boolean,
  ) {
    super(context);
  }

  sheet(): FakeSheet {
    const sheet = this.resolve();
    if (!sheet) throw new FakeOfficeError(this.orNull ? 'InvalidObjectPath' : 'ItemNotFound', 'the worksheet does not exist (a null object was used)');
    if (!this.context.excel.sheets.includes(sheet)) throw new FakeOfficeError('ItemNotFound', `the worksheet ${sheet.name} was deleted`);
    return sheet;
  }

  protected override resolvesToNull(): boolean {
    if (this.orNull) return this.resolve() === undefined;
    this.sheet();
    return false;
  }
  protected override scalars(): readonly string[] {
    return ['name', 'id', 'visibility', 'position'];
  }
  protected override snapshot(name: string): unknown {
    const sheet = this.sheet();
    switch (name) {
      case 'name':
        return sheet.name;
      case 'id':
        return sheet.id;
      case 'visibility':
        return sheet.visibility;
      case 'position':
        return this.context.excel.sheets.indexOf(sheet);
    }
    return super.snapshot(name);
  }
  protected override navigate(name: string): FakeProxy | undefined {
    if (name === 'protection') return this.protection;
    if (name === 'charts') return this.charts;
    return undefined;
  }

  get name(): string {
    return this.read('name');
  }
  set name(value: string) {
    this.context.enqueue({ name: value }, () => this.context.excel.renameSheet(this.sheet(), value));
  }
  get id(): string {
    return this.read('id');
  }
  get visibility(): string {
    return this.read('visibility');
  }
  set visibility(value: string) {
    if (value !== 'Visible' && value !== 'Hidden' && value !== 'VeryHidden') throw new FakeOfficeError('InvalidArgument', `visibility ${value}`);
    this.context.enqueue({ visibility: value }, () => {
      const excel = this.context.excel;
      const sheet = this.sheet();
      // Excel keeps one visible sheet at least, and never hides the active one without moving on
      if (value !== 'Visible' && excel.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet).length === 0) {
        throw new FakeOfficeError('InvalidOperation', 'a workbook must keep at least one visible sheet');
      }
      sheet.visibility = value;
      if (excel.activeId === sheet.id && value !== 'Visible') excel.activeId = excel.sheets.find((s) => s.visibility === 'Visible')!.id;
    });
  }

  private protectionProxy: FakeWorksheetProtection | undefined;
  private chartsProxy: FakeChartCollection | undefined;
  /** the same proxy every time, as Office.js gives (what was loaded on it stays readable) */
  get protection(): FakeWorksheetProtection {
    return (this.protectionProxy ??= new FakeWorksheetProtection(this.context, this));
  }

  activate(): void {
    this.context.enqueue({ activate: true }, () => {
      const sheet = this.sheet();
      if (sheet.visibility !== 'Visible') throw new FakeOfficeError('InvalidOperation', `cannot activate hidden sheet ${sheet.name}`);
      this.context.excel.activeId = sheet.id;
    });
  }

  delete(): void {
    this.context.enqueue({ delete: true }, () => this.context.excel.deleteSheet(this.sheet()));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.context,
      () => ({ sheet: this.sheet(), rect: address === undefined ? { r0: 0, c0: 0, r1: MAX_ROW, c1: MAX_COL } : parseAddress(address) }),
      false,
    );
  }

  getUsedRange(valuesOnly = false): FakeRange {
    // On an empty sheet Excel gives A1 rather than failing.
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.sheet();
        return { sheet, rect: sheet.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
      },
      false,
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.sheet();
        const rect = sheet.usedRect(valuesOnly);
        return rect ? { sheet, rect } : undefined;
      },
      true,
    );
  }

  get freezePanes(): { freezeRows: (count: number) => void; freezeAt: (range: FakeRange | string) => void; unfreeze: () => void } {
    const change = (args: unknown, apply: (sheet: FakeSheet) => void): void =>
      this.context.enqueue(args, () => {
        this.context.excel.requireSet('1.7', 'freezePanes');
        const sheet = this.sheet();
        sheet.guardEdit('freezePanes');
        apply(sheet);
      });
    return {
      freezeRows: (count: number) =>
        change({ freezeRows: count }, (sheet) => {
          sheet.frozenRows = count;
          sheet.frozenColumns = 0;
        }),
      // the frozen panes are the rows and columns the range spans, from A1
      freezeAt: (range: FakeRange | string) =>
        change({ freezeAt: typeof range === 'string' ? range : 'range' }, (sheet) => {
          const rect = typeof range === 'string' ? parseAddress(range) : range.target().rect;
          if (rect.r0 !== 0 || rect.c0 !== 0) throw new FakeOfficeError('InvalidArgument', 'freezeAt: the frozen range starts at A1');
          sheet.frozenRows = rect.r1 + 1;
          sheet.frozenColumns = rect.c1 + 1;
        }),
      unfreeze: () =>
        change({ unfreeze: true }, (sheet) => {
          sheet.frozenRows = 0;
          sheet.frozenColumns = 0;
        }),
    };
  }

  /** Worksheet.autoFilter (ExcelApi 1.9): apply replaces the sheet's filter, remove takes it off. */
  get autoFilter(): { apply: (range: string) => void; remove: () => void } {
    const change = (args: unknown, apply: (sheet: FakeSheet) => void): void =>
      this.context.enqueue(args, () => {
        this.context.excel.requireSet('1.9', 'autoFilter');
        const sheet = this.sheet();
        sheet.guardEdit('autoFilter');
        apply(sheet);
      });
    return {
      apply: (range: string) =>
        change({ autoFilterApply: range }, (sheet) => {
          if (!/^[A-Z]{1,3}\d+:[A-Z]{1,3}\d+$/.test(range)) throw new FakeOfficeError('InvalidArgument', `autoFilter.apply: bad range ${range}`);
          sheet.autoFilter = range;
        }),
      remove: () => change({ autoFilterRemove: true }, (sheet) => (sheet.autoFilter = undefined)),
    };
  }

  get pageLayout(): FakePageLayout {
    return new FakePageLayout(this.context, this);
  }

  get charts(): FakeChartCollection {
    return (this.chartsProxy ??= new FakeChartCollection(this.context, this));
  }
}

class FakeWorksheetProtection extends FakeProxy {
  constructor(
    context: FakeContext,
    private readonly worksheet: FakeWorksheet,
  ) {
    super(context);
  }
  get protected(): boolean {
    return this.read('protected');
  }
  protected override scalars(): readonly string[] {
    return ['protected'];
  }
  protected override snapshot(name: string): unknown {
    this.context.excel.requireSet('1.2', 'WorksheetProtection');
    if (name === 'protected') return this.worksheet.sheet().protected;
    return super.snapshot(name);
  }
}

class FakeChartCollection extends FakeProxy {
  constructor(
    context: FakeContext,
    private readonly worksheet: FakeWorksheet,
  ) {
    super(context);
  }

  get items(): FakeChart[] {
    return this.read('items');
  }

  override loadPaths(paths: readonly (readonly string[])[]): void {
    this.setLoaded('isNullObject', false, false);
    const items = this.worksheet.sheet().charts.map((model) => new FakeChart(this.context, this.worksheet, () => model));
    this.setLoaded('items', items, false);
    for (const path of paths) for (const item of items) item.loadPath(path[0] === 'items' ? path.slice(1) : path);
  }

  override loadPath(path: readonly string[]): void {
    this.loadPaths([path]);
  }

  add(type: string, source: FakeRange, seriesBy = 'Auto'): FakeChart {
    let model: FakeChartModel | undefined;
    this.context.enqueue({ chart: type }, () => {
      const sheet = this.worksheet.sheet();
      sheet.guardEdit('a new chart');
      const { sheet: of, rect } = source.target();
      if (of !== sheet) throw new FakeOfficeError('InvalidArgument', "a chart's data must be on its own sheet here");
      model = { type, source: rectAddress(rect), seriesBy, name: this.context.excel.chartName() };
      sheet.charts.push(model);
    });
    return new FakeChart(this.context, this.worksheet, () => {
      if (!model) throw new FakeOfficeError('InvalidObjectPath', 'the chart was used before it was created');
      return model;
    });
  }

  getItemAt(index: number): FakeChart {
    return new FakeChart(this.context, this.worksheet, () => {
      const model = this.worksheet.sheet().charts[index];
      if (!model) throw new FakeOfficeError('ItemNotFound', `no chart at ${index}`);
      return model;
    });
  }
}

class FakeChart extends FakeProxy {
  constructor(
    context: FakeContext,
    private readonly worksheet: FakeWorksheet,
    private readonly model: () => FakeChartModel,
  ) {
    super(context);
  }

  /** The chart, still on its sheet, with the sheet open to changes. */
  private editable(): FakeChartModel {
    const model = this.model();
    const sheet = this.worksheet.sheet();
    if (!sheet.charts.includes(model)) throw new FakeOfficeError('ItemNotFound', `the chart ${model.name} was deleted`);
    sheet.guardEdit('a chart');
    return model;
  }

  protected override scalars(): readonly string[] {
    return ['name'];
  }
  protected override snapshot(name: string): unknown {
    if (name === 'name') return this.model().name;
    return super.snapshot(name);
  }
  get name(): string {
    return this.read('name');
  }

  get title(): { text: string } {
    const context = this.context;
    const editable = (): FakeChartModel => this.editable();
    return {
      get text(): string {
        throw new FakeOfficeError('PropertyNotLoaded', 'chart title text was not loaded');
      },
      set text(value: string) {
        context.enqueue({ title: value }, () => (editable().title = value));
      },
    };
  }

  get axes(): { categoryAxis: { reversePlotOrder: boolean } } {
    const context = this.context;
    const editable = (): FakeChartModel => this.editable();
    return {
      categoryAxis: {
        get reversePlotOrder(): boolean {
          throw new FakeOfficeError('PropertyNotLoaded', 'reversePlotOrder was not loaded');
        },
        set reversePlotOrder(value: boolean) {
          context.enqueue({ reversePlotOrder: value }, () => {
            context.excel.requireSet('1.7', 'ChartAxis.reversePlotOrder');
            editable().reversePlotOrder = value;
          });
        },
      },
    };
  }

  setPosition(start: string, end: string): void {
    this.context.enqueue({ setPosition: [start, end] }, () => (this.editable().position = { start, end }));
  }

  delete(): void {
    this.context.enqueue({ deleteChart: true }, () => {
      const model = this.editable();
      const charts = this.worksheet.sheet().charts;
      charts.splice(charts.indexOf(model), 1);
    });
  }
}

class FakePageLayout {
  constructor(
    private readonly context: FakeContext,
    private readonly worksheet: FakeWorksheet,
  ) {}
  private set(args: unknown, apply: (page: PageSetup) => void): void {
    this.context.enqueue(args, () => {
      this.context.excel.requireSet('1.9', 'pageLayout');
      const sheet = this.worksheet.sheet();
      sheet.guardEdit('page layout');
      apply(sheet.page);
    });
  }
  set paperSize(value: string) {
    this.set({ paperSize: value }, (p) => (p.paperSize = value));
  }
  set orientation(value: string) {
    this.set({ orientation: value }, (p) => (p.orientation = value));
  }
  set centerHorizontally(value: boolean) {
    this.set({ centerHorizontally: value }, (p) => (p.centerHorizontally = value));
  }
  set zoom(value: Excel.PageLayoutZoomOptions) {
    this.set({ zoom: value }, (p) => (p.zoom = { ...value }));
  }
  setPrintArea(area: string): void {
    this.set({ printArea: area }, (p) => {
      parseAddress(area);
      p.printArea = area;
    });
  }
  setPrintTitleRows(rows: string): void {
    this.set({ printTitleRows: rows }, (p) => {
      if (!/^\$?\d+:\$?\d+$/.test(rows)) throw new FakeOfficeError('InvalidArgument', `bad title rows ${rows}`);
      p.printTitleRows = rows;
    });
  }
  setPrintMargins(unit: string, options: Excel.PageLayoutMarginOptions): void {
    this.set({ unit, options }, (p) => (p.margins = { unit, options: { ...options } }));
  }
  get headersFooters(): { defaultForAllPages: { centerFooter: string } } {
    const set = (value: string): void => this.set({ centerFooter: value }, (p) => (p.centerFooter = value));
    return {
      defaultForAllPages: {
        get centerFooter(): string {
          throw new FakeOfficeError('PropertyNotLoaded', 'centerFooter was not loaded');
        },
        set centerFooter(value: string) {
          set(value);
        },
      },
    };
  }
}

type Resolved = { sheet: FakeSheet; rect: Rect } | undefined;

class FakeRange extends FakeProxy {
  constructor(
    context: FakeContext,
    readonly resolve: () => Resolved,
    private readonly orNull: boolean,
  ) {
    super(context);
  }

  /** while one load runs, the range it resolved (the workbook cannot change in between) */
  private resolving: Resolved | null = null;

  target(): { sheet: FakeSheet; rect: Rect } {
    const found = this.resolving ?? this.resolve();
    if (!found) throw new FakeOfficeError('InvalidObjectPath', 'a null range was used');
    return found;
  }

  override loadPaths(paths: readonly (readonly string[])[]): void {
    this.resolving = this.resolve() ?? null;
    try {
      super.loadPaths(paths);
    } finally {
      this.resolving = null;
    }
  }

  /** The range, on a sheet open to changes. */
  editable(what: string): { sheet: FakeSheet; rect: Rect } {
    const found = this.target();
    found.sheet.guardEdit(what);
    return found;
  }

  protected override resolvesToNull(): boolean {
    if (this.orNull) return (this.resolving ?? this.resolve()) === undefined;
    this.target();
    return false;
  }
  protected override scalars(): readonly string[] {
    return ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'formulas', 'numberFormat', 'valueTypes'];
  }
  protected override snapshot(name: string): unknown {
    const { sheet, rect } = this.target();
    const perCell = (f: (cell: FakeCell | undefined) => unknown): unknown[][] => {
      if (cells(rect) > 5_000_000) throw new FakeOfficeError('RangeExceedsLimit', `cannot read ${cells(rect)} cells at once`);
      const out: unknown[][] = [];
      for (let r = rect.r0; r <= rect.r1; r++) {
        const row: unknown[] = [];
        for (let c = rect.c0; c <= rect.c1; c++) row.push(f(sheet.at(r, c)));
        out.push(row);
      }
      return out;
    };
    switch (name) {
      case 'address':
        return `${quoteSheetName(sheet.name)}!${rectAddress(rect)}`;
      case 'rowIndex':
        return rect.r0;
      case 'columnIndex':
        return rect.c0;
      case 'rowCount':
        return rect.r1 - rect.r0 + 1;
      case 'columnCount':
        return rect.c1 - rect.c0 + 1;
      case 'values':
        return perCell((cell) => cell?.value ?? '');
      case 'formulas':
        return perCell((cell) => cell?.formula ?? cell?.value ?? '');
      case 'numberFormat':
        return perCell((cell) => cell?.numberFormat ?? 'General');
      case 'valueTypes':
        return perCell((cell) => {
          const value = cell?.value ?? '';
          if (cell?.error) return 'Error';
          if (value === '') return 'Empty';
          return typeof value === 'number' ? 'Double' : typeof value === 'boolean' ? 'Boolean' : 'String';
        });
    }
    return super.snapshot(name);
  }
  protected override navigate(name: string): FakeProxy | undefined {
    if (name === 'format') return this.format;
    return undefined;
  }

  get address(): string {
    return this.read('address');
  }
  get rowIndex(): number {
    return this.read('rowIndex');
  }
  get columnIndex(): number {
    return this.read('columnIndex');
  }
  get rowCount(): number {
    return this.read('rowCount');
  }
  get columnCount(): number {
    return this.read('columnCount');
  }
  get values(): unknown[][] {
    return this.read('values');
  }
  set values(input: unknown) {
    this.write('values', input);
  }
  get formulas(): unknown[][] {
    return this.read('formulas');
  }
  set formulas(input: unknown) {
    this.write('formulas', input);
  }
  get numberFormat(): unknown[][] {
    return this.read('numberFormat');
  }
  set numberFormat(input: unknown) {
    this.context.enqueue({ numberFormat: input }, () =>
      this.eachInput('numberFormat', input, (cell, value) => {
        if (typeof value !== 'string') throw new FakeOfficeError('InvalidArgument', `number format ${String(value)} is not text`);
        cell.numberFormat = value;
      }),
    );
  }
  get valueTypes(): string[][] {
    return this.read('valueTypes');
  }

  private write(property: string, input: unknown): void {
    this.context.enqueue({ [property]: input }, () =>
      this.eachInput(property, input, (cell, value) => {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
          throw new FakeOfficeError('InvalidArgument', `cannot write ${String(value)}`);
        if (typeof value === 'number' && !Number.isFinite(value)) throw new FakeOfficeError('InvalidArgument', `cannot write ${value}`);
        writeTyped(cell, value);
        this.context.excel.track(cell);
      }),
    );
  }

  /** A 2-D input of exactly the range's shape, or one value for every cell; null leaves a cell alone. */
  private eachInput(property: string, input: unknown, apply: (cell: FakeCell, value: unknown) => void): void {
    const { sheet, rect } = this.editable(property);
    const rows = rect.r1 - rect.r0 + 1;
    const columns = rect.c1 - rect.c0 + 1;
    const scalar = !Array.isArray(input);
    if (!scalar) {
      const grid = input as unknown[];
      if (grid.length !== rows || grid.some((row) => !Array.isArray(row) || row.length !== columns)) {
        const shape = `${grid.length}×${Array.isArray(grid[0]) ? (grid[0] as unknown[]).length : '?'}`;
        throw new FakeOfficeError('InvalidArgument', `${property}: a ${shape} array for the ${rows}×${columns} range ${rectAddress(rect)}`);
      }
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const value = scalar ? input : (input as unknown[][])[r]![c];
        if (value === null || value === undefined) continue;
        apply(sheet.ensure(rect.r0 + r, rect.c0 + c), value);
      }
    }
  }

  /** Runs `apply` on every cell of the range (created as needed), at sync. */
  eachCell(args: unknown, apply: (cell: FakeCell, r: number, c: number, rect: Rect) => void, requires?: string): void {
    this.context.enqueue(args, () => {
      if (requires) this.context.excel.requireSet(requires, 'this API');
      const { sheet, rect } = this.editable('a format');
      if (cells(rect) > 1_000_000) throw new FakeOfficeError('RangeExceedsLimit', `format on ${cells(rect)} cells`);
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) apply(sheet.ensure(r, c), r, c, rect);
    });
  }

  /** Runs `apply` on the cells of the range that exist, at sync (a whole sheet costs what it holds). */
  eachExistingCell(args: unknown, what: string, apply: (cell: FakeCell) => void, requires?: string): void {
    this.context.enqueue(args, () => {
      if (requires) this.context.excel.requireSet(requires, what);
      const { sheet, rect } = this.editable(what);
      for (const [key, cell] of sheet.cells) {
        const [r, c] = keyPoint(key);
        if (inside(rect, r, c)) apply(cell);
      }
      sheet.prune();
    });
  }

  /**
   * Range.clear: "All", "Contents" or "Formats". Contents are values and formulas; formats are
   * number formats, fonts, fills, borders, alignment. Data validation, merges, conditional formats
   * and charts are not touched (the fake takes the stricter reading; the add-in removes them itself).
   */
  clear(applyTo: 'All' | 'Contents' | 'Formats' = 'All'): void {
    if (!['All', 'Contents', 'Formats'].includes(applyTo)) throw new Error(`fake Excel: clear(${applyTo}) is not modelled`);
    this.eachExistingCell({ clear: applyTo }, 'clear', (cell) => {
      if (applyTo !== 'Formats') {
        cell.value = '';
        delete cell.formula;
        delete cell.sheetRefs;
        delete cell.error;
      }
      if (applyTo !== 'Contents') Object.assign(cell, structuredClone(FORMAT_DEFAULTS));
    });
  }

  unmerge(): void {
    this.context.enqueue({ unmerge: true }, () => {
      const { sheet, rect } = this.editable('unmerge');
      for (let i = sheet.merges.length - 1; i >= 0; i--) if (overlaps(parseAddress(sheet.merges[i]!), rect)) sheet.merges.splice(i, 1);
    });
  }

  getIntersectionOrNullObject(other: string): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        this.context.excel.requireSet('1.4', 'getIntersectionOrNullObject');
        const { sheet, rect } = this.target();
        const b = parseAddress(other);
        const r = { r0: Math.max(rect.r0, b.r0), c0: Math.max(rect.c0, b.c0), r1: Math.min(rect.r1, b.r1), c1: Math.min(rect.c1, b.c1) };
        return r.r0 <= r.r1 && r.c0 <= r.c1 ? { sheet, rect: r } : undefined;
      },
      true,
    );
  }

  merge(across = false): void {
    this.context.enqueue({ merge: across }, () => {
      const { sheet, rect } = this.editable('merge');
      for (const other of sheet.merges) {
        if (overlaps(parseAddress(other), rect)) throw new FakeOfficeError('MergedRangeConflict', `${rectAddress(rect)} overlaps ${other}`);
      }
      sheet.merges.push(rectAddress(rect));
    });
  }

  select(): void {
    this.context.enqueue({ select: true }, () => {
      const { sheet, rect } = this.target();
      if (sheet.id !== this.context.excel.activeId) throw new FakeOfficeError('InvalidSelection', `select on ${sheet.name}, which is not the active sheet`);
      this.context.excel.selection = { sheetId: sheet.id, address: rectAddress(rect) };
    });
  }

  get format(): FakeRangeFormat {
    return new FakeRangeFormat(this.context, this);
  }

  get dataValidation(): FakeDataValidation {
    return new FakeDataValidation(this);
  }

  get conditionalFormats(): { clearAll: () => void } {
    return {
      clearAll: () =>
        this.context.enqueue({ clearConditionalFormats: true }, () => {
          this.context.excel.requireSet('1.6', 'conditionalFormats');
          const { sheet, rect } = this.editable('conditional formats');
          for (let i = sheet.conditionalFormats.length - 1; i >= 0; i--)
            if (overlaps(parseAddress(sheet.conditionalFormats[i]!), rect)) sheet.conditionalFormats.splice(i, 1);
        }),
    };
  }
}

class FakeRangeFormat extends FakeProxy {
  constructor(
    context: FakeContext,
    readonly range: FakeRange,
  ) {
    super(context);
  }
  protected override navigate(name: string): FakeProxy | undefined {
    if (name === 'fill') return this.fill;
    return undefined;
  }
  get font(): FakeFont {
    return new FakeFont(this.range);
  }
  get fill(): FakeFill {
    return new FakeFill(this.context, this.range);
  }
  get borders(): { getItem: (index: string) => FakeBorder } {
    return { getItem: (index: string) => new FakeBorder(this.range, index) };
  }
  set horizontalAlignment(value: string) {
    this.range.eachCell({ horizontalAlignment: value }, (cell) => (cell.horizontalAlignment = value));
  }
  set verticalAlignment(value: string) {
    this.range.eachCell({ verticalAlignment: value }, (cell) => (cell.verticalAlignment = value));
  }
  set wrapText(value: boolean) {
    this.range.eachCell({ wrapText: value }, (cell) => (cell.wrapText = value));
  }
  set columnWidth(points: number) {
    this.context.enqueue({ columnWidth: points }, () => {
      const { sheet, rect } = this.range.editable('columnWidth');
      if (!(points >= 0 && points <= 255 * 7.5)) throw new FakeOfficeError('InvalidArgument', `column width ${points}`);
      for (let c = rect.c0; c <= rect.c1; c++) sheet.columnWidths.set(c, points);
    });
  }
  set rowHeight(points: number) {
    this.context.enqueue({ rowHeight: points }, () => {
      const { sheet, rect } = this.range.editable('rowHeight');
      if (!(points >= 0 && points <= MAX_ROW_POINTS))
        throw new FakeOfficeError('InvalidArgument', `row height ${points} points (Excel allows 0 to ${MAX_ROW_POINTS})`);
      for (let r = rect.r0; r <= rect.r1; r++) sheet.rowHeights.set(r, points);
    });
  }
  set useStandardHeight(value: boolean) {
    this.context.enqueue({ useStandardHeight: value }, () => {
      this.context.excel.requireSet('1.7', 'useStandardHeight');
      const { sheet, rect } = this.range.editable('useStandardHeight');
      // Only true does anything (the documentation says so).
      if (value) for (const r of [...sheet.rowHeights.keys()]) if (rect.r0 <= r && r <= rect.r1) sheet.rowHeights.delete(r);
    });
  }
  set useStandardWidth(value: boolean) {
    this.context.enqueue({ useStandardWidth: value }, () => {
      this.context.excel.requireSet('1.7', 'useStandardWidth');
      const { sheet, rect } = this.range.editable('useStandardWidth');
      if (value) for (const c of [...sheet.columnWidths.keys()]) if (rect.c0 <= c && c <= rect.c1) sheet.columnWidths.delete(c);
    });
  }
}

class FakeFont {
  constructor(private readonly range: FakeRange) {}
  set name(value: string) {
    this.range.eachCell({ font: { name: value } }, (cell) => (cell.font.name = value));
  }
  set size(value: number) {
    this.range.eachCell({ font: { size: value } }, (cell) => (cell.font.size = value));
  }
  set bold(value: boolean) {
    this.range.eachCell({ font: { bold: value } }, (cell) => (cell.font.bold = value));
  }
  set italic(value: boolean) {
    this.range.eachCell({ font: { italic: value } }, (cell) => (cell.font.italic = value));
  }
  set color(value: string) {
    this.range.eachCell({ font: { color: value } }, (cell) => (cell.font.color = value));
  }
}

class FakeFill extends FakeProxy {
  constructor(
    context: FakeContext,
    private readonly range: FakeRange,
  ) {
    super(context);
  }
  protected override scalars(): readonly string[] {
    return ['color'];
  }
  protected override snapshot(name: string): unknown {
    if (name !== 'color') return super.snapshot(name);
    const { sheet, rect } = this.range.target();
    // One colour when every cell has it, null when they differ; no fill reads as white, as in Excel.
    const colours = new Set<string>();
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) colours.add(sheet.at(r, c)?.fill ?? '#FFFFFF');
    return colours.size === 1 ? [...colours][0]! : null;
  }
  get color(): string {
    return this.read('color');
  }
  set color(value: string) {
    if (!/^#[0-9A-Fa-f]{6}$/.test(value)) throw new FakeOfficeError('InvalidArgument', `colour ${value}`);
    this.range.eachCell({ fill: value }, (cell) => (cell.fill = value.toUpperCase()));
  }
  clear(): void {
    this.range.eachCell({ clearFill: true }, (cell) => (cell.fill = null));
  }
}

const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideHorizontal', 'InsideVertical'];

class FakeBorder {
  constructor(
    private readonly range: FakeRange,
    private readonly index: string,
  ) {
    if (!EDGES.includes(index)) throw new FakeOfficeError('InvalidArgument', `border ${index}`);
  }
  private apply(key: keyof Border, value: string): void {
    this.range.eachCell({ border: this.index, [key]: value }, (cell, r, c, rect) => {
      const set = (side: 'top' | 'bottom' | 'left' | 'right'): void => void (cell.borders[side] = { ...cell.borders[side], [key]: value });
      if (this.index === 'EdgeTop' && r === rect.r0) set('top');
      if (this.index === 'EdgeBottom' && r === rect.r1) set('bottom');
      if (this.index === 'EdgeLeft' && c === rect.c0) set('left');
      if (this.index === 'EdgeRight' && c === rect.c1) set('right');
      if (this.index === 'InsideHorizontal') {
        if (r > rect.r0) set('top');
        if (r < rect.r1) set('bottom');
      }
      if (this.index === 'InsideVertical') {
        if (c > rect.c0) set('left');
        if (c < rect.c1) set('right');
      }
    });
  }
  set style(value: string) {
    this.apply('style', value);
  }
  set color(value: string) {
    this.apply('color', value);
  }
  set weight(value: string) {
    this.apply('weight', value);
  }
}

class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}
  set rule(rule: Excel.DataValidationRule) {
    const kinds = Object.keys(rule).filter((k) => (rule as Record<string, unknown>)[k] !== undefined);
    if (kinds.length !== 1) throw new FakeOfficeError('InvalidArgument', `a validation rule has one kind, got ${kinds.join(', ')}`);
    if (rule.custom && !rule.custom.formula.startsWith('=')) throw new FakeOfficeError('InvalidArgument', `custom validation formula ${rule.custom.formula}`);
    this.range.eachCell({ rule }, (cell) => void (cell.validation = { ...cell.validation, rule }), '1.8');
  }
  set errorAlert(alert: Excel.DataValidationErrorAlert) {
    if (alert.title.length > 32 || alert.message.length > 225) throw new FakeOfficeError('InvalidArgument', 'error alert too long');
    this.range.eachCell({ alert }, (cell) => void (cell.validation = { ...cell.validation, errorAlert: alert }), '1.8');
  }
  set prompt(prompt: Excel.DataValidationPrompt) {
    if (prompt.title.length > 32 || prompt.message.length > 255) throw new FakeOfficeError('InvalidArgument', 'prompt too long');
    this.range.eachCell({ prompt }, (cell) => void (cell.validation = { ...cell.validation, prompt }), '1.8');
  }
  set ignoreBlanks(value: boolean) {
    this.range.eachCell({ ignoreBlanks: value }, (cell) => void (cell.validation = { ...cell.validation, ignoreBlanks: value }), '1.8');
  }
  clear(): void {
    this.range.eachExistingCell({ clearValidation: true }, 'DataValidation.clear', (cell) => delete cell.validation, '1.8');
  }
}
