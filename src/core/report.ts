import type { CellValue } from './values';

export interface ReportMeta {
  unit?: string;
  unitCode?: string;
  /** ISO dates */
  from?: string;
  to?: string;
}

/** One unit's figures for one template, wherever they came from (a sheet, a file, a test). */
export interface UnitReport {
  readonly template: { readonly id: string; readonly version: number };
  readonly meta: ReportMeta;
  /** input rows by code; a row absent here is not reported */
  readonly values: ReadonlyMap<string, CellValue>;
  /** where each row's value is, by code (A1 style), for messages and marks */
  readonly cells: ReadonlyMap<string, string>;
  /** where the metadata is, by key (@unit → D5) */
  readonly metaCells: ReadonlyMap<string, string>;
  /**
   * where the report was read; for a unit read from a summary, `row` is its row in the per-unit
   * breakdown (`column` its column in the layout before 2026-12)
   */
  readonly source: { readonly file?: string; readonly sheet?: string; readonly column?: string; readonly row?: number };
  /** set when the report is a summary read back as a report (its yes/no rows hold counts of Có) */
  readonly summary?: { readonly leaves: number; readonly expected?: number; readonly excluded?: number };
  /** a summary compared with the same period before: that period's figures, as the summary holds them */
  readonly previous?: { readonly values: ReadonlyMap<string, number | null>; readonly meta: ReportMeta };
}
