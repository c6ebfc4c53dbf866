import { shareOf, type Summary, type UnitEntry, type UnitLedgerEntry } from '../core/consolidate';
import { formatDateVi } from '../core/dates';
import { formatProblem } from '../core/i18n/messages';
import { UI } from '../core/i18n/ui';
import { formatPercent } from '../core/numfmt';
import { reasonCategory, sortProblems } from '../core/problems';
import { computeRatio } from '../core/ratio';
import type { Lang, TemplateRow } from '../core/template';
import type { CellValue } from '../core/values';
import { COL, a1, columnName, type LayoutCell, type SheetLayout } from './grid';
import { FIRST_EXTRA_COLUMN, inputCell, layoutUnitSheet, ratioCell, type ExtraColumn } from './layout';
import { NUMBER_FORMATS } from './styles';

/** Keys of the rows that tell which leaf units a summary holds, one unit a column. */
export const LINEAGE_KEYS = {
  code: '@lineage',
  unit: '@lineageUnit',
  source: '@lineageSource',
  from: '@lineageFrom',
  to: '@lineageTo',
} as const;

/** The first per-unit column: after the count of reporting units in F. */
export const FIRST_UNIT_COLUMN = FIRST_EXTRA_COLUMN + 1;

export interface SummaryWorkbook {
  readonly sheets: SheetLayout[];
  /** cached formula results by sheet and cell, so any reader sees the values before recalculation */
  readonly results: Map<string, Map<string, number | string>>;
}

/** A summary → its three sheets: the consolidated appendix, the problems, the units. */
export function layoutSummary(summary: Summary, lang: Lang = 'vi'): SummaryWorkbook {
  const ui = UI[lang];
  const { template, included } = summary;
  const values = new Map<string, CellValue>();
  const notes = new Map<string, string>();
  for (const row of template.rows) {
    const agg = summary.rows.get(row.code);
    if (!agg || row.kind === 'heading' || row.kind === 'ratio' || row.kind === 'text') continue;
    if (agg.value !== null) values.set(row.code, { kind: 'number', value: agg.value });
    else if (agg.notApplicable > 0) {
      values.set(row.code, { kind: 'na' });
      notes.set(row.code, ui.noteNotApplicable);
    }
    if (row.aggregation === 'mean' && agg.value !== null) notes.set(row.code, ui.noteMean(agg.reported));
    if (row.aggregation === 'share' && agg.value !== null) {
      notes.set(row.code, ui.noteShare(agg.value, agg.reported, formatPercent(shareOf(agg) ?? 0, lang)));
    }
  }

  const unitColumn = (unit: UnitEntry): ExtraColumn => ({
    header: unit.report.meta.unit ?? unit.report.meta.unitCode ?? '',
    width: 14,
    cell: (row, rowOf, column) => unitCell(row, rowOf, column, unit),
  });
  const reportedColumn: ExtraColumn = {
    header: ui.colReported,
    width: 11,
    cell: (row) => (row.kind === 'heading' || row.kind === 'text' ? { style: 'heading1' } : { value: summary.rows.get(row.code)?.reported ?? 0, style: 'unit', numFmt: NUMBER_FORMATS.count }),
  };
  const lineageRow = (key: string, label: string, pick: (u: UnitEntry) => string | undefined, value?: LayoutCell) => ({
    key,
    label,
    ...(value ? { value } : {}),
    cells: [undefined, ...included.map((u): LayoutCell => ({ value: pick(u) ?? null, style: 'key', numFmt: NUMBER_FORMATS.text }))],
  });

  const layout = layoutUnitSheet(template, summary.meta, {
    lang,
    sheetName: ui.summarySheet,
    title: ui.summaryTitle,
    checks: false,
    values,
    notes,
    extraMeta: [
      lineageRow(LINEAGE_KEYS.code, ui.lineage, (u) => u.report.meta.unitCode, { value: included.length, style: 'metaValue' }),
      lineageRow(LINEAGE_KEYS.unit, ui.lineageUnit, (u) => u.report.meta.unit),
      lineageRow(LINEAGE_KEYS.source, ui.lineageSource, (u) => [u.report.source.file, u.report.source.sheet, u.report.source.column].filter(Boolean).join(' › ')),
      // dates as people read them; the reader takes dd/mm/yyyy back
      lineageRow(LINEAGE_KEYS.from, ui.lineageFrom, (u) => u.report.meta.from && formatDateVi(u.report.meta.from)),
      lineageRow(LINEAGE_KEYS.to, ui.lineageTo, (u) => u.report.meta.to && formatDateVi(u.report.meta.to)),
    ],
    extraColumns: [reportedColumn, ...included.map(unitColumn)],
    lastPrintedColumn: FIRST_EXTRA_COLUMN,
    legend: ui.summaryLegend,
  });

  const results = new Map<string, number | string>();
  for (const row of template.rows) {
    if (row.kind !== 'ratio') continue;
    const r = layout.rowOf.get(row.code)!;
    results.set(a1(r, COL.value), summary.rows.get(row.code)?.value ?? '');
    included.forEach((u, i) => results.set(a1(r, FIRST_UNIT_COLUMN + i), computeRatio(row, u.report.values) ?? ''));
  }

  return {
    sheets: [layout, problemsSheet(summary, lang), unitsSheet(summary, lang)],
    results: new Map([[layout.name, results]]),
  };
}

const HEADING_CELL: LayoutCell = { style: 'heading1' };
// Thousands of units mostly repeat the same small figures: one cell object per figure and format.
const sharedCells = new Map<string, LayoutCell>();

function unitCell(row: TemplateRow, rowOf: ReadonlyMap<string, number>, column: number, unit: UnitEntry): LayoutCell | undefined {
  if (row.kind === 'heading') return HEADING_CELL;
  if (row.kind === 'ratio') return ratioCell(row, rowOf, column);
  const cell = inputCell(row, unit.report.values.get(row.code), false);
  if (typeof cell.value === 'string' && cell.value !== 'x') return { ...cell, style: 'unit' };
  const key = `${cell.numFmt ?? ''}|${String(cell.value)}`;
  let shared = sharedCells.get(key);
  if (!shared) {
    shared = { ...cell, style: 'unit' };
    if (sharedCells.size < 4096) sharedCells.set(key, shared);
  }
  return shared;
}

/** A plain table sheet: a header row, then one row per record; every value written as data. */
function tableSheet(name: string, headers: readonly string[], widths: readonly number[], records: readonly (string | number | null)[][]): SheetLayout {
  const rows: LayoutCell[][] = [headers.map((h): LayoutCell => ({ value: h, style: 'header' }))];
  for (const record of records) rows.push(record.map((v): LayoutCell => ({ value: v, style: 'note', ...(typeof v === 'string' ? { numFmt: NUMBER_FORMATS.text } : {}) })));
  return {
    name,
    columns: widths.map((width) => ({ width })),
    rows,
    freezeRows: 1,
    headerRow: 0,
    merges: [],
    printArea: `A1:${columnName(headers.length - 1)}${Math.max(rows.length, 1)}`,
    rowHeights: new Map(),
    rowOf: new Map(),
  };
}

function problemsSheet(summary: Summary, lang: Lang): SheetLayout {
  const ui = UI[lang];
  const problems = sortProblems(summary.problems);
  // The message in words where people read; the rule id last, for whoever filters by it.
  const records = problems.map((p) => [ui.severity[p.severity], p.where.file ?? null, p.where.sheet ?? null, p.where.cell ?? null, p.code ?? null, formatProblem(p, lang), p.rule]);
  if (records.length === 0) records.push([ui.noProblems, null, null, null, null, null, null]);
  return tableSheet(ui.problemsSheet, ui.problemHeaders, [10, 28, 16, 7, 9, 90, 24], records);
}

/** A unit's flags and reasons, in words. */
export function describeUnitStatus(unit: UnitLedgerEntry, lang: Lang): string {
  const ui = UI[lang];
  const reasons = [...new Set(unit.reasons.map((r) => ui.reason[reasonCategory(r)]))];
  return [...reasons, ...unit.flags.map((f) => ui.unitFlag[f])].join('; ');
}

function unitsSheet(summary: Summary, lang: Lang): SheetLayout {
  const ui = UI[lang];
  const records: (string | number | null)[][] = summary.units.map((u) => [
    u.unitCode ?? null,
    u.unit ?? null,
    ui.unitStatus[u.status],
    describeUnitStatus(u, lang) || null,
    u.source?.file ?? null,
    u.source?.sheet ?? null,
    u.source?.column ?? null,
    u.from ? formatDateVi(u.from) : null,
    u.to ? formatDateVi(u.to) : null,
    u.status === 'missing' ? null : u.errorCount,
  ]);
  return tableSheet(ui.unitsSheet, ui.unitHeaders, [12, 36, 22, 40, 30, 16, 7, 12, 12, 7], records);
}
