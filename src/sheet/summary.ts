import { coverageOf, shareOf, type Summary, type UnitEntry, type UnitLedgerEntry } from '../core/consolidate';
import { formatDateVi } from '../core/dates';
import { formatProblem, type ProblemInstructions } from '../core/i18n/messages';
import { UI } from '../core/i18n/ui';
import { formatPercent } from '../core/numfmt';
import { reasonCategory, sortProblems } from '../core/problems';
import { computeRatio } from '../core/ratio';
import { isRate } from '../core/compare';
import { localize, type Lang, type Template, type TemplateRow } from '../core/model';
import type { CellValue } from '../core/values';
import { COL, PREVIOUS_KEYS, a1, parseA1, type FormulaResults, type LayoutCell, type SheetLayout } from './grid';
import { FIRST_EXTRA_COLUMN, inputCell, layoutUnitSheet, ratioFormulaOf, type ExtraColumn, type ExtraMetaRow } from './layout';
import { NUMBER_FORMATS } from './styles';
import { tableSheet, type TableRecord } from './table';

/**
 * Keys of the rows that told which leaf units a summary held, one unit a column: the layout before
 * 2026-12, still read back (one release of backward compatibility).
 */
export const LINEAGE_KEYS = {
  code: '@lineage',
  unit: '@lineageUnit',
  source: '@lineageSource',
  from: '@lineageFrom',
  to: '@lineageTo',
} as const;

/** The first per-unit column of the old layout: after the count of reporting units in F. */
export const FIRST_UNIT_COLUMN = FIRST_EXTRA_COLUMN + 1;

/** Rows of "Tổng hợp" that send a reader to the per-unit breakdown. */
export const SUMMARY_KEYS = {
  /** D: the name of the breakdown sheet */
  breakdown: '@breakdown',
  /** D: how many leaf units the summary holds */
  leaves: '@leaves',
  /** D: how many units the figures should come from (the roster's, else those consolidated) */
  expected: '@unitsExpected',
  /** D: how many units were received but not consolidated */
  excluded: '@unitsExcluded',
} as const;

/** The breakdown sheet: a key row names each column, each leaf unit's row is marked in column A. */
export const BREAKDOWN_KEYS = {
  codes: '@codes',
  leaf: '@leaf',
  index: '@index',
  unitCode: '@unitCode',
  unit: '@unit',
  source: '@source',
  from: '@from',
  to: '@to',
} as const;

/** Columns of the breakdown before the indicators: key, STT, code, name, source, from, to. */
const BREAKDOWN_META = ['index', 'unitCode', 'unit', 'source', 'from', 'to'] as const;
const BREAKDOWN_FIRST_INDICATOR = 1 + BREAKDOWN_META.length;
const BREAKDOWN_HEADER_ROW = 1;

export interface SummaryWorkbook {
  /** in the order they are written: summary, breakdown, problems, units */
  readonly sheets: SheetLayout[];
  readonly summary: SheetLayout;
  readonly breakdown: SheetLayout;
  readonly problems: SheetLayout;
  readonly units: SheetLayout;
  /** cached formula results by sheet and cell, so any reader sees the values before recalculation */
  readonly results: ReadonlyMap<string, FormulaResults>;
}

/**
 * A summary → its sheets: the consolidated appendix, the per-unit breakdown, the problems, the
 * units. `how`: what the problems tell the reader to do, in the words of where the summary was
 * made (the command line's unless said; the task pane passes its own).
 */
export function layoutSummary(summary: Summary, lang: Lang = 'vi', how?: ProblemInstructions): SummaryWorkbook {
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

  const reportedColumn: ExtraColumn = {
    header: ui.colReported,
    width: 11,
    cell: (row) =>
      row.kind === 'heading' || row.kind === 'text'
        ? { style: 'heading1' }
        : { value: summary.rows.get(row.code)?.reported ?? 0, style: 'unit', numFmt: NUMBER_FORMATS.count },
  };
  const breakdown = layoutBreakdown(summary, lang);
  const compared = comparisonColumns(summary, lang);
  const coverage = coverageOf(summary);
  let layout = layoutUnitSheet(template, summary.meta, {
    lang,
    sheetName: ui.summarySheet,
    title: ui.summaryTitle,
    checks: false,
    values,
    notes,
    extraMeta: [
      { key: SUMMARY_KEYS.leaves, label: ui.summaryLeaves, value: { value: included.length, style: 'metaValue', numFmt: NUMBER_FORMATS.count } },
      { key: SUMMARY_KEYS.breakdown, label: ui.summaryBreakdown, value: { value: breakdown.name, style: 'metaValue', numFmt: NUMBER_FORMATS.text } },
      { key: SUMMARY_KEYS.expected, label: ui.summaryExpected, value: { value: coverage.expected, style: 'metaValue', numFmt: NUMBER_FORMATS.count } },
      { key: SUMMARY_KEYS.excluded, label: ui.summaryExcluded, value: { value: coverage.excluded, style: 'metaValue', numFmt: NUMBER_FORMATS.count } },
      ...compared.meta,
    ],
    extraColumns: [reportedColumn, ...compared.columns],
    lastPrintedColumn: FIRST_EXTRA_COLUMN + compared.columns.length,
    legend: ui.summaryLegend,
  });

  // three more columns print better across the page
  if (compared.columns.length > 0) layout = { ...layout, landscape: true };
  const results = new Map<string, number | string>();
  for (const row of template.rows) {
    const r = layout.rowOf.get(row.code);
    if (r === undefined) continue;
    if (row.kind === 'ratio') results.set(a1(r, COL.value), summary.rows.get(row.code)?.value ?? '');
    const change = summary.comparison?.changes.get(row.code);
    if (change) {
      results.set(a1(r, CHANGE_COLUMN), change.diff ?? '');
      if (!change.points) results.set(a1(r, CHANGE_PERCENT_COLUMN), change.percent ?? '');
    }
  }
  const problems = problemsSheet(summary, lang, how);
  const units = unitsSheet(summary, lang);
  return {
    sheets: [layout, breakdown, problems, units],
    summary: layout,
    breakdown,
    problems,
    units,
    results: new Map([
      [layout.name, results],
      [breakdown.name, breakdownResults(summary)],
    ]),
  };
}

/** Columns G–I of "Tổng hợp" when the summary is compared with the same period before. */
export const PREVIOUS_COLUMN = FIRST_EXTRA_COLUMN + 1;
const CHANGE_COLUMN = PREVIOUS_COLUMN + 1;
const CHANGE_PERCENT_COLUMN = PREVIOUS_COLUMN + 2;

/**
 * "Cùng kỳ" (the earlier figure, as data), "Tăng (+)/giảm (−)" and "Tăng/giảm (%)" as live
 * formulas over D and G, so that a figure corrected by hand moves them; a rate's change is in
 * percentage points and has no percent. The earlier period is stated in two metadata rows, by
 * which a reader knows the summary holds a comparison.
 */
function comparisonColumns(summary: Summary, lang: Lang): { columns: ExtraColumn[]; meta: ExtraMetaRow[] } {
  const comparison = summary.comparison;
  if (!comparison) return { columns: [], meta: [] };
  const ui = UI[lang];
  const blank = (row: TemplateRow): LayoutCell | undefined => (row.kind === 'heading' || row.kind === 'text' ? { style: 'heading1' } : undefined);
  const at = (rowOf: ReadonlyMap<string, number>, code: string, column: number) => a1(rowOf.get(code)!, column);
  const bothNumbers = (d: string, g: string, then: string) => `IF(AND(ISNUMBER(${d}),ISNUMBER(${g})),${then},"")`;
  const { from, to } = comparison.previous.meta;
  const date = (value: string | undefined): LayoutCell => ({ value: value ?? null, date: true, style: 'metaValue', numFmt: NUMBER_FORMATS.date });
  return {
    meta: [
      { key: PREVIOUS_KEYS.from, label: ui.previousFrom, value: date(from) },
      { key: PREVIOUS_KEYS.to, label: ui.previousTo, value: date(to) },
    ],
    columns: [
      {
        header: ui.colPrevious,
        width: 13,
        cell: (row) => {
          const previous = comparison.changes.get(row.code)?.previous;
          return blank(row) ?? { value: previous ?? null, style: 'unit', numFmt: isRate(row) ? NUMBER_FORMATS.ratio : NUMBER_FORMATS.number };
        },
      },
      {
        header: ui.colChange,
        width: 13,
        cell: (row, rowOf) => {
          const d = at(rowOf, row.code, COL.value);
          const g = at(rowOf, row.code, PREVIOUS_COLUMN);
          return (
            blank(row) ?? {
              formula: bothNumbers(d, g, `${d}-${g}`),
              style: 'computed',
              numFmt: isRate(row) ? (lang === 'en' ? NUMBER_FORMATS.changePointsEn : NUMBER_FORMATS.changePoints) : NUMBER_FORMATS.change,
            }
          );
        },
      },
      {
        header: ui.colChangePercent,
        width: 11,
        cell: (row, rowOf) => {
          if (isRate(row)) return blank(row) ?? { style: 'unit' };
          const d = at(rowOf, row.code, COL.value);
          const g = at(rowOf, row.code, PREVIOUS_COLUMN);
          return (
            blank(row) ?? { formula: bothNumbers(d, g, `IF(${g}=0,"",(${d}-${g})/ABS(${g})*100)`), style: 'computed', numFmt: NUMBER_FORMATS.changePercent }
          );
        },
      },
    ],
  };
}

/** The summary sheet pointing at its breakdown under the name that sheet really got in the workbook. */
export function withBreakdownName(summary: SheetLayout, name: string): SheetLayout {
  return {
    ...summary,
    rows: summary.rows.map((row) =>
      row[COL.key]?.value === SUMMARY_KEYS.breakdown ? row.map((cell, c) => (c === COL.value ? { ...cell, value: name } : cell)) : row,
    ),
  };
}

/** Where each of the template's value and ratio rows sits in the breakdown, 0-based column. */
function breakdownColumns(template: Template): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of template.rows) if (row.kind !== 'heading') out.set(row.code, BREAKDOWN_FIRST_INDICATOR + out.size);
  return out;
}

/**
 * The per-unit breakdown, the "biểu tổng hợp" secretariats make: one row per leaf unit (STT, code,
 * name, source, period, then one column per indicator, ratios as live formulas on the row), with a
 * frozen header and a filter the user may sort by; readers find rows by `@leaf` and columns by the
 * `@codes` key row, wherever the rows were sorted.
 */
function layoutBreakdown(summary: Summary, lang: Lang): SheetLayout {
  const ui = UI[lang];
  const { template, included } = summary;
  const columnOf = breakdownColumns(template);
  const indicators = template.rows.filter((row) => row.kind !== 'heading');
  const keyRow: LayoutCell[] = [
    { value: BREAKDOWN_KEYS.codes, style: 'key' },
    ...BREAKDOWN_META.map((k): LayoutCell => ({ value: BREAKDOWN_KEYS[k], style: 'key' })),
    ...indicators.map((row): LayoutCell => ({ value: row.code, style: 'key', numFmt: NUMBER_FORMATS.text })),
  ];
  const header: LayoutCell[] = [
    { value: ui.breakdownKey, style: 'header' },
    ...ui.breakdownHeaders.map((h): LayoutCell => ({ value: h, style: 'header' })),
    ...indicators.map(
      (row): LayoutCell => ({
        value: `${row.code}. ${localize(row.label, lang)}${row.kind === 'ratio' ? ' (%)' : row.unit ? ` (${localize(row.unit, lang)})` : ''}`,
        style: 'header',
      }),
    ),
  ];
  const text = (value: string | undefined): LayoutCell => ({ value: value ?? null, style: 'note', numFmt: NUMBER_FORMATS.text });
  // One row per unit, made when it is written: ten thousand units are never held as cells.
  const unitRow = (i: number): LayoutCell[] => {
    const unit = included[i]!;
    const r = BREAKDOWN_HEADER_ROW + 1 + i;
    const { meta, source } = unit.report;
    return [
      LEAF_KEY,
      { value: i + 1, style: 'unit' },
      text(meta.unitCode),
      text(meta.unit),
      text([source.file, source.sheet, source.column, source.row].filter(Boolean).join(' › ')),
      // dates as people read them; the reader takes dd/mm/yyyy back
      text(meta.from && formatDateVi(meta.from)),
      text(meta.to && formatDateVi(meta.to)),
      ...indicators.map((row) => breakdownCell(row, unit, r, columnOf)),
    ];
  };
  const lastColumn = BREAKDOWN_FIRST_INDICATOR + indicators.length - 1;
  const lastRow = Math.max(BREAKDOWN_HEADER_ROW + included.length, BREAKDOWN_HEADER_ROW + 1);
  return {
    name: ui.breakdownSheet,
    columns: [6, 6, 12, 30, 24, 11, 11, ...indicators.map(() => 12)].map((width) => ({ width })),
    rows: [keyRow, header],
    moreRows: { count: included.length, row: unitRow },
    freezeRows: BREAKDOWN_HEADER_ROW + 1,
    freezeColumns: 4,
    headerRow: BREAKDOWN_HEADER_ROW,
    merges: [],
    autoFilter: `${a1(BREAKDOWN_HEADER_ROW, 0)}:${a1(lastRow, lastColumn)}`,
    landscape: true,
    printArea: `${a1(BREAKDOWN_HEADER_ROW, 1)}:${a1(lastRow, lastColumn)}`,
    rowHeights: new Map([[BREAKDOWN_HEADER_ROW, 90]]),
    rowOf: new Map(),
  };
}

const HEADING_CELL: LayoutCell = { style: 'heading1' };
const LEAF_KEY: LayoutCell = { value: BREAKDOWN_KEYS.leaf, style: 'key' };
// Thousands of units mostly repeat the same small figures: one cell object per figure and format.
const sharedCells = new Map<string, LayoutCell>();

function breakdownCell(row: TemplateRow, unit: UnitEntry, r: number, columnOf: ReadonlyMap<string, number>): LayoutCell {
  if (row.kind === 'heading') return HEADING_CELL;
  if (row.kind === 'ratio') {
    const { numerator, denominator } = row.ratio!;
    return { formula: ratioFormulaOf(a1(r, columnOf.get(numerator)!), a1(r, columnOf.get(denominator)!)), style: 'computed', numFmt: NUMBER_FORMATS.ratio };
  }
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

/** Each unit's rates, cached in the file so a reader sees them before any recalculation; computed when asked. */
function breakdownResults(summary: Summary): FormulaResults {
  const columnOf = breakdownColumns(summary.template);
  const ratioAt = new Map(summary.template.rows.filter((row) => row.kind === 'ratio').map((row) => [columnOf.get(row.code)!, row]));
  return {
    get(cell) {
      const { row, col } = parseA1(cell);
      const ratio = ratioAt.get(col);
      const unit = summary.included[row - BREAKDOWN_HEADER_ROW - 1];
      return ratio && unit ? (computeRatio(ratio, unit.report.values) ?? '') : undefined;
    },
  };
}

function problemsSheet(summary: Summary, lang: Lang, how: ProblemInstructions | undefined): SheetLayout {
  const ui = UI[lang];
  const problems = sortProblems(summary.problems);
  // The message in words where people read; the rule id last, for whoever filters by it.
  const record = (p: (typeof problems)[number]): TableRecord => [
    ui.severity[p.severity],
    p.where.file ?? null,
    p.where.sheet ?? null,
    p.where.cell ?? null,
    p.code ?? null,
    formatProblem(p, lang, how),
    p.rule,
  ];
  const none: TableRecord = [ui.noProblems, null, null, null, null, null, null];
  return tableSheet(ui.problemsSheet, ui.problemHeaders, [10, 28, 16, 7, 9, 90, 24], {
    count: Math.max(problems.length, 1),
    record: (i) => (problems.length === 0 ? none : record(problems[i]!)),
  });
}

/** A unit's flags and reasons, in words. */
export function describeUnitStatus(unit: UnitLedgerEntry, lang: Lang): string {
  const ui = UI[lang];
  const reasons = [...new Set(unit.reasons.map((r) => ui.reason[reasonCategory(r)]))];
  return [...reasons, ...unit.flags.map((f) => ui.unitFlag[f])].join('; ');
}

function unitsSheet(summary: Summary, lang: Lang): SheetLayout {
  const ui = UI[lang];
  const record = (u: UnitLedgerEntry): TableRecord => [
    u.unitCode ?? null,
    u.unit ?? null,
    ui.unitStatus[u.status],
    describeUnitStatus(u, lang) || null,
    u.source?.file ?? null,
    u.source?.sheet ?? null,
    u.source?.column ?? u.source?.row ?? null,
    u.from ? formatDateVi(u.from) : null,
    u.to ? formatDateVi(u.to) : null,
    u.status === 'missing' ? null : u.errorCount,
  ];
  return tableSheet(ui.unitsSheet, ui.unitHeaders, [12, 36, 22, 40, 30, 16, 7, 12, 12, 7], {
    count: summary.units.length,
    record: (i) => record(summary.units[i]!),
  });
}
