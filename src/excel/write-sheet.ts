/// <reference types="office-js" />
import { inputRule } from '../sheet/validation';
import { isIsoDate, isoToSerial } from '../core/dates';
import type { Lang } from '../core/model';
import type { ChartSpec } from '../sheet/charts';
import { a1, columnName, type InputCheck, type LayoutCell, type SheetLayout, type StyleId } from '../sheet/grid';
import { FONT_NAME, FONT_SIZE, LOOKS, NUMBER_FORMATS, PRINT_MARGINS } from '../sheet/styles';
import { ACTION_BYTES, jsonBytes, packByBytes } from './payload';

/** The optional parts a host may lack (requirement sets newer than the add-in's minimum). */
export interface SheetFeatures {
  /** ExcelApi 1.8: Range.dataValidation */
  readonly dataValidation: boolean;
  /** ExcelApi 1.9: Worksheet.pageLayout */
  readonly pageLayout: boolean;
}

export interface SheetWriteOptions {
  readonly lang: Lang;
  readonly features: SheetFeatures;
  /** the largest piece, in request bytes (1 MB by default), so a caller can fit pieces into requests */
  readonly partBytes?: number;
}

/** One piece of a sheet's writing, with its estimated size in the request, queued on a worksheet. */
export interface WritePart {
  readonly bytes: number;
  readonly queue: (sheet: Excel.Worksheet) => void;
}

/**
 * A laid-out sheet (src/sheet, shared by every adapter) → the operations that write it into a
 * worksheet, in pieces so a caller can spread a very large sheet over several requests. Nothing
 * here syncs: callers decide when to (DESIGN §7).
 */
export function planSheetWrite(layout: SheetLayout, options: SheetWriteOptions): WritePart[] {
  const width = layoutWidth(layout);
  const height = Math.max(1, layout.rows.length);
  const lastColumn = columnName(width - 1);
  const parts: WritePart[] = [];

  // Cell contents, one 2-D write per block of rows (one block unless the sheet is very large).
  // The number formats go first: a text cell must be "@" before its text arrives.
  const partBytes = Math.min(MAX_PART_BYTES, options.partBytes ?? MAX_PART_BYTES);
  for (const [from, to] of rowBlocks(layout, width, height, partBytes)) {
    const numberFormats: string[][] = [];
    const formulas: (string | number)[][] = [];
    for (let r = from; r < to; r++) {
      const row = layout.rows[r] ?? [];
      const formatRow: string[] = [];
      const formulaRow: (string | number)[] = [];
      for (let c = 0; c < width; c++) {
        const { content, numberFormat } = contentOf(row[c]);
        formatRow.push(numberFormat);
        formulaRow.push(content);
      }
      numberFormats.push(formatRow);
      formulas.push(formulaRow);
    }
    const address = `A${from + 1}:${lastColumn}${to}`;
    parts.push({
      bytes: 2 * ACTION_BYTES + jsonBytes(numberFormats) + jsonBytes(formulas),
      queue: (sheet) => {
        const range = sheet.getRange(address);
        range.numberFormat = numberFormats;
        range.formulas = formulas;
      },
    });
  }

  // One font for the whole block, then one format per rectangle of cells that look alike.
  const block = `A1:${lastColumn}${height}`;
  parts.push({
    bytes: 4 * ACTION_BYTES,
    queue: (sheet) => {
      const format = sheet.getRange(block).format;
      format.font.name = FONT_NAME;
      format.font.size = FONT_SIZE;
      format.verticalAlignment = 'Center';
    },
  });
  for (const chunk of packByBytes(styleRects(layout.rows), (rect) => styleActions(rect) * ACTION_BYTES, partBytes)) {
    parts.push({
      bytes: chunk.reduce((sum, rect) => sum + styleActions(rect) * ACTION_BYTES, 0),
      queue: (sheet) => chunk.forEach((rect) => queueStyle(sheet, rect)),
    });
  }

  parts.push(dimensionsPart(layout));
  if (layout.merges.length > 0) {
    parts.push({ bytes: layout.merges.length * 2 * ACTION_BYTES, queue: (sheet) => layout.merges.forEach((m) => sheet.getRange(m).merge(false)) });
  }
  if (options.features.dataValidation) {
    const runs = checkRuns(layout.rows);
    if (runs.length > 0) parts.push(validationPart(runs, options.lang));
  }
  const frozenColumns = layout.freezeColumns ?? 0;
  if (frozenColumns > 0) {
    // rows and columns at once: the cells above and left of the frozen corner (ExcelApi 1.7)
    const corner = `A1:${a1(Math.max(layout.freezeRows, 1) - 1, frozenColumns - 1)}`;
    parts.push({ bytes: 2 * ACTION_BYTES, queue: (sheet) => sheet.freezePanes.freezeAt(sheet.getRange(corner)) });
  } else if (layout.freezeRows > 0) parts.push({ bytes: 2 * ACTION_BYTES, queue: (sheet) => sheet.freezePanes.freezeRows(layout.freezeRows) });
  // the filter buttons a user sorts the per-unit table by (Worksheet.autoFilter, ExcelApi 1.9)
  if (layout.autoFilter && options.features.pageLayout) parts.push({ bytes: 2 * ACTION_BYTES, queue: (sheet) => sheet.autoFilter.apply(layout.autoFilter!) });
  if (options.features.pageLayout) parts.push(printPart(layout));
  return parts;
}

/** Every operation that writes the layout, queued on the worksheet; the caller syncs. */
export function writeSheet(sheet: Excel.Worksheet, layout: SheetLayout, options: SheetWriteOptions): void {
  for (const part of planSheetWrite(layout, options)) part.queue(sheet);
}

export const TEXT_FORMAT = NUMBER_FORMATS.text;
const GENERAL = 'General';
const MAX_PART_BYTES = 1_000_000;

/** Rows [from, to) in blocks of at most `maxBytes` of request each (one block for any ordinary sheet). */
function rowBlocks(layout: SheetLayout, width: number, height: number, maxBytes: number): [number, number][] {
  const blocks: [number, number][] = [];
  let from = 0;
  let bytes = 0;
  for (let r = 0; r < height; r++) {
    const row = layout.rows[r] ?? [];
    let rowBytes = 4;
    for (let c = 0; c < width; c++) {
      const { content, numberFormat } = contentOf(row[c]);
      rowBytes += jsonBytes(content) + numberFormat.length + 4;
    }
    if (r > from && bytes + rowBytes > maxBytes) {
      blocks.push([from, r]);
      from = r;
      bytes = 0;
    }
    bytes += rowBytes;
  }
  blocks.push([from, height]);
  return blocks;
}

/**
 * What goes into a cell through Range.formulas, and its number format. Text that Excel would
 * turn into something else (a formula, a number, a date, TRUE, an error) gets the text format "@"
 * first, so "=HYPERLINK(…)" as a unit's name stays the text it is (DESIGN §7).
 */
export function contentOf(cell: LayoutCell | undefined): { content: string | number; numberFormat: string } {
  if (!cell) return { content: '', numberFormat: GENERAL };
  const numberFormat = cell.numFmt ?? GENERAL;
  if (cell.formula !== undefined) return { content: `=${cell.formula}`, numberFormat };
  const value = cell.value;
  if (value === undefined || value === null) return { content: '', numberFormat };
  if (typeof value === 'number') return Number.isFinite(value) ? { content: value, numberFormat } : { content: String(value), numberFormat: TEXT_FORMAT };
  if (cell.date && isIsoDate(value)) return { content: isoToSerial(value), numberFormat };
  return { content: value, numberFormat: excelWouldReinterpret(value) ? TEXT_FORMAT : numberFormat };
}

const ERROR_TEXT = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|UNKNOWN!|CONNECT!|BUSY!|PYTHON!)$/i;
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
/** Signs Excel strips from a number it reads: currency, percent, spaces (thousands in some locales), accounting brackets. */
const NUMBER_DRESSING = /[\s\u00a0\u202f$€£¥₫%()]|đ|vnđ|vnd/gi;
const READINGS: readonly RegExp[] = [
  // numbers in any locale's style: 12, -3, 1.234, 1,5, 1.234,5, 1 234, 007, .5, 12%, $5, 5 ₫, (5), 1e5, 1,5E3
  /^[+-]?(\d[\d.,'’]*)?[.,]?\d+(e[+-]?\d+)?$/i,
  // fractions: 1/2, 1 1/2, 0 3/4
  /^\d+\s+\d+\/\d+$/,
  // dates: 30/9, 9/2023, 2023/9, 30-9-2023, 30.9.2023, 2023-09-30, with a time after
  /^\d{1,4}\s*[-/.]\s*\d{1,4}(\s*[-/.]\s*\d{1,4})?(\s+\d{1,2}:\d{1,2}(:\d{1,2})?)?$/,
  // times: 7:30, 1:2:3, 12:30:45.5, 25:00, 7:30 PM, 7 am
  /^\d+(:\d{1,2}){1,2}([.,]\d+)?(\s*[ap]\.?m?\.?)?$/i,
  /^\d{1,2}\s*[ap]\.?m\.?$/i,
  // dates with a month name: 1 Jan, Jan-23, 5-Jan-2023, January 5, 2023
  new RegExp(`^(\\d{1,2}[\\s./-]*)?${MONTH}([\\s.,/-]*\\d{1,4})+$`, 'i'),
  new RegExp(`^\\d{1,2}[\\s./-]*${MONTH}$`, 'i'),
];

/**
 * Would Excel, writing this string into a General cell, store something other than this text?
 * Excel reads typed text by the locale of the machine it runs on (30/9 is a date in vi-VN, 9/30 in
 * en-US; 1,5 is a number in vi-VN), so this answers for every locale at once: a false "yes" only
 * costs the cell a text format, a false "no" changes what the cell says.
 */
export function excelWouldReinterpret(text: string): boolean {
  const t = text.trim();
  if (t === '') return text !== '';
  // a formula (=, +, -, @), or a leading apostrophe Excel would swallow
  if (/^[=+\-@']/.test(text) || /^[=+\-@]/.test(t)) return true;
  if (/^(true|false|đúng|sai)$/i.test(t) || ERROR_TEXT.test(t)) return true;
  const bare = t.replace(NUMBER_DRESSING, '');
  if (/\d/.test(bare) && READINGS[0]!.test(bare)) return true;
  return READINGS.slice(1).some((reading) => reading.test(t));
}

/** Text the add-in writes while it rewrites a sheet, one row below everything, removed when it is done. */
export const stampText = (run: string): string => `phuluc: ${run}`;

/**
 * Before a sheet the add-in made is written again in place: everything the earlier run put on it
 * goes except the values (so the marker rows that say whose it is stay until the new ones are in):
 * formats, merges, data validation (ExcelApi 1.8), conditional formats (1.6), row heights and
 * column widths and frozen panes (1.7), and the charts listed.
 */
export function planSheetClear(features: SheetFeatures, charts: readonly Excel.Chart[]): WritePart {
  return {
    bytes: (8 + charts.length) * ACTION_BYTES,
    queue: (sheet) => {
      const whole = sheet.getRange();
      whole.clear('Formats');
      whole.unmerge();
      if (features.dataValidation) whole.dataValidation.clear();
      whole.conditionalFormats.clearAll();
      whole.format.useStandardHeight = true;
      whole.format.useStandardWidth = true;
      sheet.freezePanes.unfreeze();
      if (features.pageLayout) sheet.autoFilter.remove();
      for (const chart of charts) chart.delete();
    },
  };
}

/** After a rewrite: the earlier run's contents outside the new layout, down to `lastRow` (0-based). */
export function planLeftoverClear(layout: SheetLayout, lastRow: number): WritePart {
  const width = layoutWidth(layout);
  const height = Math.max(1, layout.rows.length);
  return {
    bytes: 2 * ACTION_BYTES,
    queue: (sheet) => {
      if (lastRow >= height) sheet.getRange(`A${height + 1}:${columnName(LAST_COLUMN)}${lastRow + 1}`).clear('Contents');
      sheet.getRange(`${columnName(width)}1:${columnName(LAST_COLUMN)}${height}`).clear('Contents');
    },
  };
}

const LAST_COLUMN = 16_383;
const layoutWidth = (layout: SheetLayout): number => layout.rows.reduce((most, row) => Math.max(most, row.length), Math.max(1, layout.columns.length));

/**
 * One clustered bar chart over a block of (unit, rate) rows. Excel draws a bar chart's first
 * category at the bottom; the rows are highest first, so the category axis is reversed
 * (ChartAxis.reversePlotOrder, ExcelApi 1.7, the add-in's minimum) and the highest bar is on top.
 */
export function chartPart(spec: ChartSpec): WritePart {
  return {
    bytes: 5 * ACTION_BYTES,
    queue: (sheet) => {
      const chart = sheet.charts.add('BarClustered', sheet.getRange(spec.data), 'Columns');
      chart.title.text = spec.title;
      chart.axes.categoryAxis.reversePlotOrder = true;
      chart.setPosition(spec.from, spec.to);
    },
  };
}

interface StyleRect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  readonly style: StyleId;
}

/** Cells of one look, merged into rectangles: runs along each row, stacked while the next row has the same run. */
function styleRects(rows: SheetLayout['rows']): StyleRect[] {
  const done: StyleRect[] = [];
  let open = new Map<string, StyleRect>();
  rows.forEach((row, r) => {
    const next = new Map<string, StyleRect>();
    let c = 0;
    while (c < row.length) {
      const style = row[c]?.style;
      let end = c;
      while (end + 1 < row.length && row[end + 1]?.style === style) end++;
      if (style !== undefined) {
        const key = `${c}:${end}:${style}`;
        const above = open.get(key);
        if (above) {
          above.r1 = r;
          next.set(key, above);
        } else next.set(key, { r0: r, c0: c, r1: r, c1: end, style });
      }
      c = end + 1;
    }
    for (const [key, rect] of open) if (next.get(key) !== rect) done.push(rect);
    open = next;
  });
  done.push(...open.values());
  return done;
}

const rectAddress = (rect: { r0: number; c0: number; r1: number; c1: number }): string =>
  rect.r0 === rect.r1 && rect.c0 === rect.c1 ? a1(rect.r0, rect.c0) : `${a1(rect.r0, rect.c0)}:${a1(rect.r1, rect.c1)}`;

const ALIGN = { left: 'Left', center: 'Center', right: 'Right' } as const;
// String forms of Excel's enums: the Excel global exists only inside Office, and tests run without it.
type BorderEdge = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical';
const BORDER_COLOR = '#808080';

function styleActions(rect: StyleRect): number {
  const look = LOOKS[rect.style];
  const borders = look.border ? (4 + (rect.r1 > rect.r0 ? 1 : 0) + (rect.c1 > rect.c0 ? 1 : 0)) * 3 : 0;
  return 1 + [look.bold, look.italic, look.size, look.color, look.fill, look.align, look.wrap].filter((x) => x !== undefined && x !== false).length + borders;
}

function queueStyle(sheet: Excel.Worksheet, rect: StyleRect): void {
  const look = LOOKS[rect.style];
  const format = sheet.getRange(rectAddress(rect)).format;
  if (look.bold) format.font.bold = true;
  if (look.italic) format.font.italic = true;
  if (look.size !== undefined) format.font.size = look.size;
  if (look.color) format.font.color = `#${look.color}`;
  if (look.fill) format.fill.color = `#${look.fill}`;
  if (look.align) format.horizontalAlignment = ALIGN[look.align];
  if (look.wrap) format.wrapText = true;
  if (look.border) {
    const edges: BorderEdge[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
    if (rect.r1 > rect.r0) edges.push('InsideHorizontal');
    if (rect.c1 > rect.c0) edges.push('InsideVertical');
    for (const edge of edges) {
      const border = format.borders.getItem(edge);
      border.style = 'Continuous';
      border.weight = 'Thin';
      border.color = BORDER_COLOR;
    }
  }
}

/** Excel's column width is in points; layouts give it in characters of the default font, as .xlsx does. */
export const columnPoints = (characters: number): number => Math.round((characters * 7 + 5) * 0.75 * 100) / 100;

/** Column widths and row heights, one operation per run of equal ones. */
function dimensionsPart(layout: SheetLayout): WritePart {
  const columnRuns: { from: number; to: number; width: number }[] = [];
  layout.columns.forEach((column, c) => {
    const last = columnRuns[columnRuns.length - 1];
    if (last && last.to === c - 1 && last.width === column.width) last.to = c;
    else columnRuns.push({ from: c, to: c, width: column.width });
  });
  const rowRuns: { from: number; to: number; height: number }[] = [];
  for (const [r, height] of [...layout.rowHeights.entries()].sort((a, b) => a[0] - b[0])) {
    const last = rowRuns[rowRuns.length - 1];
    if (last && last.to === r - 1 && last.height === height) last.to = r;
    else rowRuns.push({ from: r, to: r, height });
  }
  return {
    bytes: (columnRuns.length + rowRuns.length) * 2 * ACTION_BYTES,
    queue: (sheet) => {
      for (const run of columnRuns) sheet.getRange(`${columnName(run.from)}1:${columnName(run.to)}1`).format.columnWidth = columnPoints(run.width);
      for (const run of rowRuns) sheet.getRange(`A${run.from + 1}:A${run.to + 1}`).format.rowHeight = run.height;
    },
  };
}

interface CheckRun {
  readonly column: number;
  readonly from: number;
  to: number;
  readonly check: InputCheck;
  readonly key: string;
}

/** Input cells one under the other with the same check share one validation, relative to the run's first cell. */
function checkRuns(rows: SheetLayout['rows']): CheckRun[] {
  const runs: CheckRun[] = [];
  const lastInColumn = new Map<number, CheckRun>();
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (!cell?.check) return;
      const key = JSON.stringify(cell.check);
      const last = lastInColumn.get(c);
      if (last && last.key === key && last.to === r - 1) last.to = r;
      else {
        const run: CheckRun = { column: c, from: r, to: r, check: cell.check, key };
        runs.push(run);
        lastInColumn.set(c, run);
      }
    });
  });
  return runs;
}

function validationPart(runs: readonly CheckRun[], lang: Lang): WritePart {
  const rules = runs.map((run) => ({
    address: rectAddress({ r0: run.from, c0: run.column, r1: run.to, c1: run.column }),
    ...validationOf(run.check, a1(run.from, run.column), lang),
  }));
  return {
    bytes: rules.reduce((sum, rule) => sum + 5 * ACTION_BYTES + jsonBytes(rule), 0),
    queue: (sheet) => {
      for (const { address, rule, errorAlert, prompt } of rules) {
        const validation = sheet.getRange(address).dataValidation;
        validation.ignoreBlanks = true;
        validation.rule = rule;
        validation.errorAlert = errorAlert;
        if (prompt) validation.prompt = prompt;
      }
    },
  };
}

export interface CellValidation {
  readonly rule: Excel.DataValidationRule;
  readonly errorAlert: Excel.DataValidationErrorAlert;
  readonly prompt?: Excel.DataValidationPrompt;
}

/**
 * The spreadsheet's own check on an input cell, in Office.js's terms: the rule itself is
 * `inputRule` (src/sheet/validation.ts), the one the .xlsx writers write too.
 */
export function validationOf(check: InputCheck, ref: string, lang: Lang): CellValidation {
  const rule = inputRule(check, ref, lang);
  const alert = { title: rule.title ?? '', message: rule.message ?? '' };
  const errorAlert: Excel.DataValidationErrorAlert = { showAlert: true, style: rule.errorStyle === 'stop' ? 'Stop' : 'Warning', ...alert };
  const prompt = rule.title !== undefined || rule.message !== undefined ? { prompt: { showPrompt: true, ...alert } } : {};
  switch (rule.type) {
    case 'custom':
      return { rule: { custom: { formula: `=${rule.formula}` } }, errorAlert, ...prompt };
    case 'list':
      // Office.js takes the items bare, the file format in quotes
      return { rule: { list: { inCellDropDown: true, source: rule.formula.replace(/^"|"$/g, '') } }, errorAlert, ...prompt };
    case 'date':
      // a warning only: a date before 1990 is more likely a typing slip than a period
      return { rule: { date: { formula1: rule.formula, operator: 'GreaterThan' } }, errorAlert };
  }
}

/** A4, one page wide, the header row on every page, page numbers in the footer (Nghị định 30/2020/NĐ-CP). */
function printPart(layout: SheetLayout): WritePart {
  const titleRow = `$${layout.headerRow + 1}:$${layout.headerRow + 1}`;
  return {
    bytes: 10 * ACTION_BYTES,
    queue: (sheet) => {
      const page = sheet.pageLayout;
      page.paperSize = 'A4';
      page.orientation = layout.landscape ? 'Landscape' : 'Portrait';
      page.centerHorizontally = true;
      page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      page.setPrintMargins('Inches', { ...PRINT_MARGINS });
      page.setPrintArea(layout.printArea);
      page.setPrintTitleRows(titleRow);
      page.headersFooters.defaultForAllPages.centerFooter = '&"Times New Roman"&10&P/&N';
    },
  };
}
