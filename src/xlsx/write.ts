import ExcelJS from 'exceljs';
import { isoToSerial } from '../core/dates';
import type { Lang } from '../core/template';
import { a1, layoutRows, type FormulaResults, type InputCheck, type LayoutCell, type SheetLayout } from '../sheet/grid';
import { FONT_NAME, FONT_SIZE, LOOKS, PRINT_MARGINS } from '../sheet/styles';
import { inputRule } from '../sheet/validation';

export interface WriteOptions {
  readonly lang?: Lang;
  /** cached results of formulas, by A1 cell of the first sheet it names, so other readers see values */
  readonly results?: ReadonlyMap<string, FormulaResults>;
  readonly creator?: string;
}

/** Sheets laid out by src/sheet → an .xlsx file, built in memory (works in a browser too). */
export async function writeXlsx(sheets: readonly SheetLayout[], options: WriteOptions = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.creator ?? 'Phụ lục';
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  // Excel and LibreOffice compute every formula on opening: a ratio is never a stale cached value.
  workbook.calcProperties = { fullCalcOnLoad: true };
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, sheetOptions(sheet));
    await renderSheet(worksheet, sheet, options);
    if (sheet.protection) await worksheet.protect(sheet.protection.password ?? '', SHEET_PROTECTION);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/**
 * A protected unit sheet (exceljs: `true` = the user may): cells can be selected, formatted and
 * rows inserted (a unit adds explanatory rows; readers find rows by key, so that breaks nothing),
 * sorted and filtered; rows cannot be deleted (that would take an indicator's key with it), nor
 * columns inserted or deleted (that would move column D).
 */
const SHEET_PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: true,
  formatColumns: true,
  formatRows: true,
  insertRows: true,
  deleteRows: false,
  sort: true,
  autoFilter: true,
};

/** What exceljs needs to know of a sheet before its cells: view, page set-up. */
export function sheetOptions(layout: SheetLayout): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    ...(layout.hidden ? { state: layout.hidden } : {}),
    views: [
      {
        state: 'frozen',
        ySplit: layout.freezeRows,
        xSplit: layout.freezeColumns ?? 0,
        topLeftCell: a1(layout.freezeRows, layout.freezeColumns ?? 0),
        activeCell: a1(layout.freezeRows, Math.max(3, layout.freezeColumns ?? 0)),
      },
    ],
    ...(layout.autoFilter ? { autoFilter: layout.autoFilter } : {}),
    pageSetup: {
      paperSize: 9, // A4
      orientation: layout.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // exceljs puts a "$" before each part; the rows need theirs or LibreOffice ignores the area
      printArea: layout.printArea.replace(/([A-Z]+)(\d+)/g, '$1$$$2'),
      printTitlesRow: `${layout.headerRow + 1}:${layout.headerRow + 1}`,
      margins: { ...PRINT_MARGINS },
    },
    headerFooter: { oddFooter: '&C&"Times New Roman"&10&P/&N' },
  };
}

/** The part of exceljs's sheet API that both its in-memory and its streaming writers have. */
export interface SheetTarget {
  columns: Partial<ExcelJS.Column>[];
  getRow(index: number): ExcelJS.Row;
  mergeCells(range: string): void;
}

/**
 * Writes one laid-out sheet, row by row; `commit` is called after each row so a streaming writer
 * can let go of it.
 */
export async function renderSheet(ws: SheetTarget, layout: SheetLayout, options: WriteOptions, commit?: (row: ExcelJS.Row) => Promise<void>): Promise<void> {
  const lang = options.lang ?? 'vi';
  const results = options.results?.get(layout.name);
  ws.columns = layout.columns.map((c) => ({ width: c.width, style: COLUMN_STYLE }));
  // Merges first: a streaming writer has let go of a row once it is committed.
  for (const range of layout.merges) ws.mergeCells(range);
  // A run of cells with the same check, one under the other, shares one validation whose formula is
  // relative to the run's first cell: exceljs then writes it once for the range, not once a cell.
  const previous = new Map<number, { row: number; key: string; start: number }>();
  const checkRef = (check: InputCheck, r: number, c: number): string => {
    const key = JSON.stringify(check);
    const prev = previous.get(c);
    const start = prev && prev.key === key && prev.row === r - 1 ? prev.start : r;
    previous.set(c, { row: r, key, start });
    return a1(start, c);
  };
  for (const [r, cells] of layoutRows(layout)) {
    const row = ws.getRow(r + 1);
    const height = layout.rowHeights.get(r);
    if (height !== undefined) row.height = height;
    cells.forEach((cell, c) => {
      if (!cell) return;
      const target = row.getCell(c + 1);
      writeValue(target, cell, cell.formula !== undefined ? results?.get(a1(r, c)) : undefined);
      target.style = styleFor(cell);
      if (cell.check) target.dataValidation = dataValidation(cell.check, checkRef(cell.check, r, c), lang);
    });
    await commit?.(row);
  }
}

const COLUMN_STYLE: Partial<ExcelJS.Style> = { font: { name: FONT_NAME, size: FONT_SIZE } };

const MAX_CELL_TEXT = 32_767;

function writeValue(target: ExcelJS.Cell, cell: LayoutCell, result: number | string | undefined): void {
  if (cell.formula !== undefined) {
    target.value = result === undefined ? { formula: cell.formula, date1904: false } : { formula: cell.formula, result };
    return;
  }
  if (cell.value === undefined || cell.value === null) return;
  if (cell.date && typeof cell.value === 'string') {
    target.value = isoToSerial(cell.value);
    return;
  }
  // A string is written as a string cell: exceljs never turns "=…" text into a formula. Excel
  // refuses a cell of more than 32,767 characters (it "repairs" the file): a longer text is cut.
  target.value = typeof cell.value === 'string' && cell.value.length > MAX_CELL_TEXT ? `${cell.value.slice(0, MAX_CELL_TEXT - 1)}…` : cell.value;
}

// exceljs recognises a style object it has seen by reference: one object per look keeps writing fast.
const styleCache = new Map<string, Partial<ExcelJS.Style>>();

function styleFor(cell: LayoutCell): Partial<ExcelJS.Style> {
  // `protection` belongs to the style: exceljs's cell.protection setter would change the shared object
  const key = `${cell.style ?? ''}|${cell.numFmt ?? ''}|${cell.unlocked ? 'u' : ''}`;
  let style = styleCache.get(key);
  if (style) return style;
  const look = cell.style ? LOOKS[cell.style] : {};
  const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
  style = {
    font: {
      name: FONT_NAME,
      size: look.size ?? FONT_SIZE,
      ...(look.bold ? { bold: true } : {}),
      ...(look.italic ? { italic: true } : {}),
      ...(look.color ? { color: { argb: `FF${look.color}` } } : {}),
    },
    alignment: { vertical: 'middle', ...(look.align ? { horizontal: look.align } : {}), ...(look.wrap ? { wrapText: true } : {}) },
    ...(look.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${look.fill}` } } } : {}),
    ...(look.border ? { border: { top: thin, left: thin, bottom: thin, right: thin } } : {}),
    ...(cell.numFmt ? { numFmt: cell.numFmt } : {}),
    ...(cell.unlocked ? { protection: { locked: false } } : {}),
  };
  styleCache.set(key, style);
  return style;
}

/** The spreadsheet's own check on an input cell (src/sheet/validation.ts), as exceljs takes it. */
export function dataValidation(check: InputCheck, ref: string, lang: Lang): ExcelJS.DataValidation {
  const rule = inputRule(check, ref, lang);
  if (rule.type === 'date')
    return {
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'warning',
      type: 'date',
      operator: 'greaterThan',
      formulae: [new Date(`${rule.formula}T00:00:00Z`)],
    };
  const text = { errorTitle: rule.title ?? '', error: rule.message ?? '', promptTitle: rule.title ?? '', prompt: rule.message ?? '' };
  return { allowBlank: true, showErrorMessage: true, showInputMessage: true, errorStyle: rule.errorStyle, type: rule.type, formulae: [rule.formula], ...text };
}
