import type { UnitReport } from '../../src/core/report';
import type { Template } from '../../src/core/template';
import { num, type CellValue } from '../../src/core/values';

/** A report built directly from figures, with made-up cell addresses (D + row order). */
export function reportOf(
  template: Template,
  figures: Record<string, number | 'x' | string | null>,
  meta: UnitReport['meta'] = { unit: 'Đơn vị thử', unitCode: 'T1' },
): UnitReport {
  const values = new Map<string, CellValue>();
  const cells = new Map<string, string>();
  template.rows.forEach((row, i) => {
    if (row.kind === 'heading' || row.kind === 'ratio') return;
    cells.set(row.code, `D${20 + i}`);
    const f = figures[row.code];
    if (f === undefined || f === null) return;
    values.set(row.code, typeof f === 'number' ? num(f) : f === 'x' ? { kind: 'na' } : { kind: 'text', text: f });
  });
  return { template: { id: template.id, version: template.version }, meta, values, cells, metaCells: new Map(), source: { file: 'f.xlsx', sheet: 'S' } };
}
