import type { RowAggregate } from './consolidate';
import type { Template, TemplateRow } from './model';
import type { ReportMeta } from './report';
import { formatDateVi } from './dates';
import { problem, type Problem } from './problems';

/**
 * "So sánh cùng kỳ": this period's figures against an earlier period's. Counts compare by their
 * difference and its share of the earlier figure; rates (ratio and percent rows) by their
 * difference in percentage points ("điểm phần trăm"), never by a percent of a percent.
 */

/** The earlier period's figures, by code (ratios and percents on the 0–100 scale). */
export interface PreviousFigures {
  /** the template they were reported on: only the same template's figures compare */
  readonly template: { readonly id: string; readonly version: number };
  readonly values: ReadonlyMap<string, number | null>;
  /** its period (and unit), as the earlier summary or appendix states them */
  readonly meta: ReportMeta;
  /** where they were read: the file's name */
  readonly source?: string;
}

export interface RowChange {
  /** the earlier figure; null when it had none */
  readonly previous: number | null;
  /** now − then, in the row's unit, or in percentage points for a rate; null when either is missing */
  readonly diff: number | null;
  /** the change as a percent of the earlier figure (counts only); null for rates, or when the earlier figure is 0 or missing */
  readonly percent: number | null;
  /** a rate: `diff` is in percentage points */
  readonly points: boolean;
}

export interface Comparison {
  readonly previous: PreviousFigures;
  readonly changes: ReadonlyMap<string, RowChange>;
}

/** Rows whose figure is a rate: compared in percentage points. */
export const isRate = (row: TemplateRow): boolean => row.kind === 'ratio' || row.kind === 'percent';

/** Rows that have a figure to compare: not headings, not free text. */
export const isComparable = (row: TemplateRow): boolean => row.kind !== 'heading' && row.kind !== 'text';

/** This period's rows against the earlier period's figures, row by row. */
export function compareFigures(template: Template, rows: ReadonlyMap<string, RowAggregate>, previous: PreviousFigures): Comparison {
  const changes = new Map<string, RowChange>();
  for (const row of template.rows) {
    if (!isComparable(row)) continue;
    const now = rows.get(row.code)?.value ?? null;
    const then = previous.values.get(row.code) ?? null;
    const points = isRate(row);
    const diff = now === null || then === null ? null : roundOff(now - then);
    const percent = points || diff === null || then === null || then === 0 ? null : (diff / Math.abs(then)) * 100;
    changes.set(row.code, { previous: then, diff, percent, points });
  }
  return { previous, changes };
}

/** The figures of a summary or of one unit's appendix, as an earlier period to compare with. */
export function previousFiguresOf(template: Template, rows: ReadonlyMap<string, RowAggregate>, meta: ReportMeta, source?: string): PreviousFigures {
  const values = new Map<string, number | null>();
  for (const row of template.rows) if (isComparable(row)) values.set(row.code, rows.get(row.code)?.value ?? null);
  return { template: { id: template.id, version: template.version }, values, meta, ...(source !== undefined ? { source } : {}) };
}

/** 12.3 − 10 is 2.3000000000000007 in binary: differences of figures with few decimals, kept exact. */
const roundOff = (x: number): number => Math.round(x * 1e9) / 1e9;

/** A period as people read it, for messages: 01/01/2022 – 30/09/2022. */
const periodText = (meta: ReportMeta): string => `${meta.from ? formatDateVi(meta.from) : '?'} – ${meta.to ? formatDateVi(meta.to) : '?'}`;

/**
 * The comparison a summary carries, with what is worth saying about it: none when the earlier
 * figures are of another template; a warning when their period does not come before this one.
 */
export function comparisonFor(
  template: Template,
  rows: ReadonlyMap<string, RowAggregate>,
  meta: ReportMeta,
  previous: PreviousFigures,
): { comparison?: Comparison; problems: Problem[] } {
  const file = previous.source ?? '?';
  if (previous.template.id !== template.id) {
    return {
      problems: [
        problem('warning', 'compare.templateDiffers', previous.source ? { file: previous.source } : {}, {
          file,
          found: `${previous.template.id}@${previous.template.version}`,
          expected: `${template.id}@${template.version}`,
        }),
      ],
    };
  }
  const problems: Problem[] = [];
  const earlierEnd = previous.meta.to ?? previous.meta.from;
  const laterStart = meta.from ?? meta.to;
  if (earlierEnd && laterStart && earlierEnd >= laterStart) {
    problems.push(
      problem('warning', 'compare.notEarlier', previous.source ? { file: previous.source } : {}, {
        file,
        previous: periodText(previous.meta),
        current: periodText(meta),
      }),
    );
  }
  return { comparison: compareFigures(template, rows, previous), problems };
}
