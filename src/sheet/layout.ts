import { formatDateVi } from '../core/dates';
import { UI } from '../core/i18n/ui';
import type { ReportMeta } from '../core/report';
import { localize, templateKey, type Lang, type Template, type TemplateRow } from '../core/model';
import type { CellValue } from '../core/values';
import { COL, META_KEYS, a1, columnName, parseA1, wrappedRowHeight, type InputCheck, type LayoutCell, type SheetLayout } from './grid';
import { FONT_SIZE, LOOKS, NUMBER_FORMATS } from './styles';

export interface LayoutOptions {
  readonly lang?: Lang;
  /** figures to pre-fill, by code (a report being re-written, a test fixture) */
  readonly values?: ReadonlyMap<string, CellValue>;
  readonly sheetName?: string;
  /** the sheet's title row; "PHỤ LỤC" by default */
  readonly title?: string;
  /** data validation on input cells (a unit's sheet); off for sheets that are output */
  readonly checks?: boolean;
  /** column E, by code */
  readonly notes?: ReadonlyMap<string, string>;
  /** metadata rows after @to; their `cells` go from column F on, beside the extra columns */
  readonly extraMeta?: readonly ExtraMetaRow[];
  /** columns from F on: a summary's reporting counts and per-unit figures */
  readonly extraColumns?: readonly ExtraColumn[];
  /** the last printed column (0-based); E by default */
  readonly lastPrintedColumn?: number;
  /** replaces the how-to-fill-in legend */
  readonly legend?: readonly string[];
  /**
   * protects the sheet (a workbook sent to a unit): only the input cells of column D and the notes
   * beside them stay editable; metadata, keys, labels and ratio formulas are locked
   */
  readonly protect?: { readonly password?: string };
  /** the date the report is due (ISO), shown under the title; never in column A */
  readonly deadline?: string;
}

export interface ExtraMetaRow {
  readonly key: string;
  readonly label: string;
  readonly value?: LayoutCell;
  readonly cells?: readonly (LayoutCell | undefined)[];
}

export interface ExtraColumn {
  readonly header: string;
  readonly width: number;
  /** the cell of one template row in this column (0-based column index given, for formulas) */
  readonly cell: (row: TemplateRow, rowOf: ReadonlyMap<string, number>, column: number) => LayoutCell | undefined;
}

/** The first column after the A–E layout: F. */
export const FIRST_EXTRA_COLUMN = COL.note + 1;

const WIDTHS = [9, 62, 13, 14, 24];
const TITLE_ROWS = 4; // title, template title, source, blank
const META_ORDER = ['template', 'unit', 'unitCode', 'from', 'to'] as const;

/** Template + metadata → the sheet a unit fills in. The one place the layout is written. */
export function layoutUnitSheet(template: Template, meta: ReportMeta, options: LayoutOptions = {}): SheetLayout {
  const lang = options.lang ?? 'vi';
  const ui = UI[lang];
  const rows: LayoutCell[][] = [];
  const merges: string[] = [];
  const put = (cells: LayoutCell[]): number => rows.push(cells) - 1;
  const wide = (row: number): void => void merges.push(`${a1(row, COL.label)}:${a1(row, COL.note)}`);

  const extras = options.extraColumns ?? [];
  const withExtras = (cells: (LayoutCell | undefined)[], extra: readonly (LayoutCell | undefined)[] = []): LayoutCell[] => {
    const out = [...cells];
    while (out.length < FIRST_EXTRA_COLUMN && extra.length > 0) out.push(undefined);
    return [...out, ...extra] as LayoutCell[];
  };
  wide(put([{}, { value: options.title ?? ui.appendix, style: 'title' }]));
  wide(put([{}, { value: localize(template.title, lang), style: 'subtitle' }]));
  wide(put([{}, template.source ? { value: `(${localize(template.source, lang)})`, style: 'source' } : {}]));
  // The row under the title block: blank, or the deadline (in column B, so it is never read as a key).
  if (options.deadline) wide(put([{}, { value: ui.deadlineLine(formatDateVi(options.deadline)), style: 'source' }]));
  else put([]);

  const period = { from: meta.from ?? template.defaultPeriod?.from, to: meta.to ?? template.defaultPeriod?.to };
  const metaCells: Record<(typeof META_ORDER)[number], LayoutCell> = {
    template: { value: templateKey(template), style: 'metaValue', numFmt: NUMBER_FORMATS.text },
    unit: { value: meta.unit ?? null, style: 'metaValue', numFmt: NUMBER_FORMATS.text },
    unitCode: { value: meta.unitCode ?? null, style: 'metaValue', numFmt: NUMBER_FORMATS.text },
    from: { value: period.from ?? null, date: true, style: 'metaValue', numFmt: NUMBER_FORMATS.date, check: { type: 'date' } },
    to: { value: period.to ?? null, date: true, style: 'metaValue', numFmt: NUMBER_FORMATS.date, check: { type: 'date' } },
  };
  const metaLabels = { template: ui.metaTemplate, unit: ui.metaUnit, unitCode: ui.metaUnitCode, from: ui.metaFrom, to: ui.metaTo };
  for (const key of META_ORDER) {
    put([{ value: META_KEYS[key], style: 'key' }, { value: metaLabels[key], style: 'metaLabel' }, {}, metaCells[key]]);
  }
  for (const extra of options.extraMeta ?? []) {
    put(withExtras([{ value: extra.key, style: 'key' }, { value: extra.label, style: 'metaLabel' }, {}, extra.value ?? {}], extra.cells));
  }
  put([]);

  const headerRow = put([
    { value: ui.colCode, style: 'header' },
    { value: ui.colLabel, style: 'header' },
    { value: ui.colUnit, style: 'header' },
    { value: ui.colValue, style: 'header' },
    { value: ui.colNote, style: 'header' },
    ...extras.map((c): LayoutCell => ({ value: c.header, style: 'header' })),
  ]);

  // Row numbers are known before the cells, so ratio formulas can point at rows further down.
  const rowOf = new Map<string, number>();
  template.rows.forEach((row, i) => rowOf.set(row.code, headerRow + 1 + i));
  const checks = options.checks ?? true;
  const protect = options.protect !== undefined;
  for (const row of template.rows) {
    const cells = indicatorRow(row, rowOf, lang, options.values?.get(row.code), checks, options.notes?.get(row.code), protect);
    put([...cells, ...extras.map((c, i) => c.cell(row, rowOf, FIRST_EXTRA_COLUMN + i))] as LayoutCell[]);
  }

  put([]);
  const legendStart = rows.length;
  const legend = [ui.legendTitle, ...(options.legend ?? ui.legend)];
  for (const line of legend) wide(put([{}, { value: line, style: 'legend' }]));

  return {
    rowHeights: rowHeights(rows, merges),
    name: options.sheetName ?? defaultSheetName(template, meta),
    columns: [...WIDTHS, ...extras.map((c) => c.width)].map((width) => ({ width })),
    rows,
    freezeRows: headerRow + 1,
    headerRow,
    merges,
    printArea: `${a1(0, COL.label)}:${a1(legendStart + legend.length - 1, options.lastPrintedColumn ?? COL.note)}`,
    rowOf,
    ...(options.protect ? { protection: options.protect.password !== undefined ? { password: options.protect.password } : {} } : {}),
  };
}

function indicatorRow(
  row: TemplateRow,
  rowOf: ReadonlyMap<string, number>,
  lang: Lang,
  value: CellValue | undefined,
  checks: boolean,
  noteText: string | undefined,
  unlock = false,
): LayoutCell[] {
  const key: LayoutCell = { value: row.code, style: 'key' };
  const label = localize(row.label, lang);
  if (row.kind === 'heading') {
    const style = row.level === 2 ? 'heading2' : 'heading1';
    return [key, { value: `${row.code}. ${label}`, style }, { style }, { style }, { style }];
  }
  const unit: LayoutCell = { value: row.unit ? localize(row.unit, lang) : null, style: 'unit' };
  const note: LayoutCell = noteText ? { value: noteText, style: 'note' } : { style: 'note' };
  if (row.kind === 'ratio') {
    return [key, { value: label, style: 'label' }, unit, ratioCell(row, rowOf, COL.value), note];
  }
  if (!unlock) return [key, { value: label, style: 'label' }, unit, inputCell(row, value, checks), note];
  // What a unit fills in stays editable on a protected sheet: the value and its note.
  return [key, { value: label, style: 'label' }, unit, { ...inputCell(row, value, checks), unlocked: true }, { ...note, unlocked: true }];
}

/** A ratio row's cell in any column: the live formula over that column's numerator and denominator. */
export function ratioCell(row: TemplateRow, rowOf: ReadonlyMap<string, number>, column: number): LayoutCell {
  const { numerator, denominator } = row.ratio!;
  return { formula: ratioFormula(rowOf.get(numerator)!, rowOf.get(denominator)!, column), style: 'computed', numFmt: NUMBER_FORMATS.ratio };
}

export function inputCell(row: TemplateRow, value: CellValue | undefined, checks = true): LayoutCell {
  const check = checks ? inputCheck(row) : undefined;
  const numFmt =
    row.kind === 'count' || (row.kind === 'yesno' && !checks)
      ? NUMBER_FORMATS.count
      : row.kind === 'percent'
        ? NUMBER_FORMATS.percent
        : row.kind === 'number'
          ? NUMBER_FORMATS.number
          : undefined;
  return { value: cellText(value), style: 'input', ...(numFmt ? { numFmt } : {}), ...(check ? { check } : {}) };
}

function inputCheck(row: TemplateRow): InputCheck | undefined {
  switch (row.kind) {
    case 'count':
      return { type: 'count' };
    case 'number':
    case 'percent':
      return { type: 'decimal', ...(row.min !== undefined ? { min: row.min } : {}), ...(row.max !== undefined ? { max: row.max } : {}) };
    case 'yesno':
      return { type: 'yesno' };
    default:
      return undefined;
  }
}

/** A pre-filled value as the cell shows it; text that is not a figure stays text. */
function cellText(value: CellValue | undefined): string | number | null {
  if (!value) return null;
  switch (value.kind) {
    case 'number':
      return value.value;
    case 'na':
      return 'x';
    case 'text':
      return value.text;
    case 'error':
      return value.error;
    case 'bool':
      return value.value ? 'TRUE' : 'FALSE';
    case 'date':
      return value.serial;
    case 'blank':
      return null;
  }
}

/**
 * Blank unless both are numbers and the denominator is not 0; "x" and text are not numbers,
 * so the cell never shows #DIV/0! or #VALUE!.
 */
export function ratioFormula(numeratorRow: number, denominatorRow: number, column: number = COL.value): string {
  return ratioFormulaOf(`${columnName(column)}${numeratorRow + 1}`, `${columnName(column)}${denominatorRow + 1}`);
}

/** The same formula over any two cells (A1), e.g. two columns of one row of the per-unit breakdown. */
export function ratioFormulaOf(n: string, d: string): string {
  return `IF(AND(ISNUMBER(${n}),ISNUMBER(${d})),IF(${d}=0,"",${n}/${d}*100),"")`;
}

const LINE_POINTS = 16;

/** Heights for rows whose text wraps: merged cells and long labels are not fitted by Excel on opening. */
function rowHeights(rows: readonly (readonly (LayoutCell | undefined)[])[], merges: readonly string[]): Map<number, number> {
  const mergedWidth = new Map<string, number>();
  for (const range of merges) {
    const [from, to] = range.split(':');
    const a = parseA1(from!);
    const b = parseA1(to!);
    let width = 0;
    for (let c = a.col; c <= b.col; c++) width += WIDTHS[c] ?? 10;
    mergedWidth.set(from!, width);
  }
  const heights = new Map<number, number>();
  rows.forEach((cells, r) => {
    let lines = 1;
    cells.forEach((cell, c) => {
      if (typeof cell?.value !== 'string') return;
      const width = mergedWidth.get(a1(r, c)) ?? WIDTHS[c] ?? 10;
      const size = (cell.style ? LOOKS[cell.style].size : undefined) ?? FONT_SIZE;
      // Times New Roman at 12 pt fits about 1.15 characters of Vietnamese text per unit of column width.
      const perLine = Math.max(1, Math.floor((width * 1.15 * 12) / size) - 2);
      lines = Math.max(lines, Math.ceil(cell.value.length / perLine));
    });
    if (lines > 1) heights.set(r, wrappedRowHeight(lines, LINE_POINTS));
  });
  return heights;
}

const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:']/g;

/** Excel's rules: at most 31 characters, none of \ / ? * [ ] :, not blank; no quote either, so references stay simple. */
export function safeSheetName(wanted: string): string {
  const cleaned = wanted.replace(SHEET_NAME_FORBIDDEN, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || 'Phu luc').slice(0, 31).trim();
}

export function defaultSheetName(template: Template, meta: ReportMeta): string {
  return safeSheetName(meta.unitCode ? `PL ${meta.unitCode}` : `PL ${template.id}`);
}

/** The 0-based row of the metadata key, in a freshly laid out sheet. */
export const metaRow = (key: (typeof META_ORDER)[number]): number => TITLE_ROWS + META_ORDER.indexOf(key);
