import type { Template, TemplateRow } from './template';
import { numberOf, type CellValue } from './values';
import { MisuseError } from './errors';

/**
 * numerator / denominator × 100, or null when either is not a reported number or the denominator
 * is 0: a ratio is blank, never 0 % and never #DIV/0!.
 */
export function ratioOf(numerator: number | undefined, denominator: number | undefined): number | null {
  if (numerator === undefined || denominator === undefined || denominator === 0) return null;
  return (numerator / denominator) * 100;
}

export function computeRatio(row: TemplateRow, values: ReadonlyMap<string, CellValue>): number | null {
  if (!row.ratio) throw new MisuseError(`row ${row.code} is not a ratio row`);
  return ratioOf(numberOf(values.get(row.ratio.numerator)), numberOf(values.get(row.ratio.denominator)));
}

/** Every ratio of a template, by code, unrounded on the 0–100 scale. */
export function computeRatios(template: Template, values: ReadonlyMap<string, CellValue>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const row of template.rows) if (row.kind === 'ratio') out.set(row.code, computeRatio(row, values));
  return out;
}
