import type { Summary } from '../core/consolidate';
import { UI } from '../core/i18n/ui';
import { localize, type Lang } from '../core/model';
import { computeRatio } from '../core/ratio';
import type { LayoutCell, SheetLayout } from './grid';
import { NUMBER_FORMATS } from './styles';

/** One bar chart: its title, the two columns it draws (unit, rate) and where it stands. */
export interface ChartSpec {
  readonly title: string;
  /** A1 range of the data, unit names in A and rates in B, the header row included */
  readonly data: string;
  /** A1 cells of the chart's top-left and bottom-right corners */
  readonly from: string;
  readonly to: string;
}

const CHART_ROWS = 16;

/**
 * The data of the summary's charts, one block per ratio row: each unit's rate, highest first,
 * then the consolidated rate, so the chart shows where every unit stands against the whole.
 */
export function layoutCharts(summary: Summary, lang: Lang = 'vi'): { layout: SheetLayout; charts: ChartSpec[] } {
  const ui = UI[lang];
  const rows: LayoutCell[][] = [];
  const charts: ChartSpec[] = [];
  for (const row of summary.template.rows) {
    if (row.kind !== 'ratio') continue;
    const rates = summary.included
      .map((u) => ({ name: u.report.meta.unit ?? u.report.meta.unitCode ?? '', rate: computeRatio(row, u.report.values) }))
      .filter((x): x is { name: string; rate: number } => x.rate !== null)
      .sort((a, b) => b.rate - a.rate || a.name.localeCompare(b.name, 'vi'));
    const overall = summary.rows.get(row.code)?.value ?? null;
    if (rates.length === 0 && overall === null) continue;
    const title = `${localize(row.label, lang)} (%)`;
    const top = rows.length;
    rows.push([{ value: `${row.code}. ${title}`, style: 'heading1' }]);
    rows.push([
      { value: ui.chartUnit, style: 'header' },
      { value: ui.chartRate, style: 'header' },
    ]);
    for (const r of rates)
      rows.push([
        { value: r.name, style: 'label', numFmt: NUMBER_FORMATS.text },
        { value: r.rate, style: 'unit', numFmt: NUMBER_FORMATS.ratio },
      ]);
    if (overall !== null)
      rows.push([
        { value: ui.chartOverall, style: 'heading1' },
        { value: overall, style: 'computed', numFmt: NUMBER_FORMATS.ratio },
      ]);
    const last = rows.length - 1;
    charts.push({ title, data: `A${top + 2}:B${last + 1}`, from: `D${top + 1}`, to: `K${top + Math.max(CHART_ROWS, last - top + 1)}` });
    // leave room for the chart before the next block
    while (rows.length < top + Math.max(CHART_ROWS, last - top + 1) + 1) rows.push([]);
  }
  if (rows.length === 0) rows.push([{ value: ui.chartNone, style: 'legend' }]);
  return {
    layout: {
      name: ui.chartsSheet,
      columns: [{ width: 36 }, { width: 12 }, { width: 3 }],
      rows,
      freezeRows: 0,
      headerRow: 0,
      merges: [],
      printArea: `A1:K${Math.max(rows.length, 1)}`,
      rowHeights: new Map(),
      rowOf: new Map(),
    },
    charts,
  };
}
