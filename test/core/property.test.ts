import fc from 'fast-check';
import { formatProblem } from '../../src/core/i18n/messages';
import { builtInRegistry } from '../../src/core/builtins';
import { computeRatios } from '../../src/core/ratio';
import { validateReport } from '../../src/core/validate';
import type { RawCell } from '../../src/core/values';
import type { SheetData } from '../../src/sheet/grid';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { readUnitSheet } from '../../src/sheet/read';

const registry = builtInRegistry();
const templates = registry.list();

const rawCell: fc.Arbitrary<RawCell | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ value: null }),
  fc.double().map((value) => ({ value })),
  fc.integer({ min: -1000, max: 100000 }).map((value) => ({ value })),
  fc.string().map((value) => ({ value })),
  fc.constantFrom('x', 'X', '1.234', '12 ', 'Có', 'Không', '#REF!', '=1+1', '__proto__', 'constructor', '@template').map((value) => ({ value })),
  fc.boolean().map((value) => ({ value })),
  fc.constantFrom('#DIV/0!', '#N/A', '#VALUE!').map((value) => ({ value, type: 'error' as const })),
  fc.double({ min: -1e6, max: 3e6 }).map((value) => ({ value, type: 'date' as const })),
  fc.string().map((formula) => ({ value: null, formula })),
);

/** A grid that may or may not look like an appendix: keys from the templates mixed with noise. */
const keyCell = fc.oneof(
  rawCell,
  fc.constantFrom(...templates.flatMap((t) => t.rows.map((r) => r.code)), '@template', '@unit', '@unitCode', '@from', '@to').map((value) => ({ value })),
);
const grid: fc.Arbitrary<SheetData> = fc
  .array(
    fc.tuple(keyCell, rawCell, rawCell, rawCell, rawCell).map((cells) => cells as (RawCell | undefined)[]),
    { maxLength: 80 },
  )
  .map((rows) => ({ name: 'S', rows }));

describe('validation never throws, whatever a sheet holds', () => {
  test('arbitrary grids', () => {
    fc.assert(
      fc.property(grid, fc.constantFrom(...templates.map((t) => `${t.id}@${t.version}`), 'ct37@9', 'rác'), fc.nat(60), (sheet, key, at) => {
        const rows = [...sheet.rows];
        rows.splice(Math.min(at, rows.length), 0, [{ value: '@template' }, undefined, undefined, { value: key }]);
        const reading = readUnitSheet({ ...sheet, rows }, registry, { file: 'f.xlsx' });
        const problems = [...reading.problems];
        if (reading.report && reading.template) {
          problems.push(...validateReport(reading.template, reading.report));
          for (const r of computeRatios(reading.template, reading.report.values).values()) {
            expect(r === null || Number.isFinite(r)).toBe(true);
          }
        }
        for (const p of problems) {
          expect(p.where.file).toBe('f.xlsx');
          expect(formatProblem(p, 'vi').length).toBeGreaterThan(0);
          expect(formatProblem(p, 'en').length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('values typed into a real layout: every error names a cell in column D', () => {
    const template = registry.get('ct37', 1)!;
    const layout = layoutUnitSheet(template, { unit: 'A', unitCode: 'A' });
    const inputRows = template.rows.filter((r) => r.kind !== 'heading' && r.kind !== 'ratio');
    fc.assert(
      fc.property(fc.array(rawCell, { minLength: inputRows.length, maxLength: inputRows.length }), (cells) => {
        const rows: (RawCell | undefined)[][] = layout.rows.map((r) =>
          r.map((c) => (c?.value !== undefined && c.value !== null ? { value: c.value } : undefined)),
        );
        inputRows.forEach((row, i) => {
          rows[layout.rowOf.get(row.code)!]![3] = cells[i];
        });
        const reading = readUnitSheet({ name: 'S', rows }, registry);
        const problems = validateReport(reading.template!, reading.report!);
        for (const p of problems.filter((x) => x.severity === 'error')) {
          expect(p.where.cell).toMatch(/^D\d+$/);
          expect(p.code && template.byCode.has(p.code)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
