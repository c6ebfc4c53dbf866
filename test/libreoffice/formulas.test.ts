import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeRatios } from '../../src/core/ratio';
import { builtInRegistry } from '../../src/core/builtins';
import type { Template } from '../../src/core/template';
import { NOT_APPLICABLE, BLANK, num, type CellValue, type RawCell } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { readXlsx } from '../../src/xlsx/read';
import { writeXlsx } from '../../src/xlsx/write';
import { convertMany, makeTempDir, parseCsv, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * LibreOffice computes the ratio formulas of a file written without cached results: what it shows
 * must be the core's ratio, and blank (never 0, never #DIV/0!) where the core has none.
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/formulas.test.ts'));

const TIMEOUT = 180_000;

/** Numerator / denominator of one ratio row; undefined = left blank (not in the map at all). */
interface RatioCase {
  readonly name: string;
  readonly numerator: CellValue | undefined;
  readonly denominator: CellValue | undefined;
}

const CASES: readonly RatioCase[] = [
  { name: 'ordinary 120/130', numerator: num(120), denominator: num(130) },
  { name: 'denominator 0', numerator: num(5), denominator: num(0) },
  { name: 'denominator blank', numerator: num(7), denominator: undefined },
  { name: 'numerator blank', numerator: undefined, denominator: num(9) },
  { name: 'numerator x', numerator: NOT_APPLICABLE, denominator: num(11) },
  { name: 'denominator x', numerator: num(13), denominator: NOT_APPLICABLE },
  { name: 'numerator > denominator', numerator: num(150), denominator: num(120) },
  { name: 'numerator 0', numerator: num(0), denominator: num(40) },
  { name: 'both blank (explicit blank values)', numerator: BLANK, denominator: BLANK },
  { name: 'a third', numerator: num(1), denominator: num(3) },
];

interface Workbook {
  readonly template: Template;
  readonly file: string;
  readonly values: Map<string, CellValue>;
  /** the core's ratios for these values, by ratio code */
  readonly expected: Map<string, number | null>;
  /** the case each ratio row got, by ratio code */
  readonly caseOf: Map<string, RatioCase>;
}

const ratioRows = (template: Template) => template.rows.filter((r) => r.kind === 'ratio');

/** Workbook k gives ratio row j the case (j + k) mod CASES.length: every row meets every case. */
function buildValues(template: Template, k: number): { values: Map<string, CellValue>; caseOf: Map<string, RatioCase> } {
  const values = new Map<string, CellValue>();
  const caseOf = new Map<string, RatioCase>();
  ratioRows(template).forEach((row, j) => {
    const c = CASES[(j + k) % CASES.length]!;
    caseOf.set(row.code, c);
    if (c.numerator) values.set(row.ratio!.numerator, c.numerator);
    if (c.denominator) values.set(row.ratio!.denominator, c.denominator);
  });
  return { values, caseOf };
}

/** Rows of a CSV or a sheet by their column A key. */
function byKey<T>(rows: readonly T[], keyOf: (row: T) => string | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === undefined || key === '') continue;
    if (out.has(key)) throw new Error(`key ${key} appears twice`);
    out.set(key, row);
  }
  return out;
}

/** A number as LibreOffice shows it in CSV ("92.31", or "92,31" in a locale with a decimal comma; 0.00 has no grouping). */
function shownNumber(text: string): number {
  const t = text.trim();
  if (!/^-?\d+([.,]\d+)?$/.test(t)) throw new Error(`not a shown number: "${text}"`);
  return Number(t.replace(',', '.'));
}

d('LibreOffice computes the ratio formulas as the core does', () => {
  const registry = builtInRegistry();
  const templates = registry.list();
  let dir: string;
  const workbooks: Workbook[] = [];
  let csvOut: string[] = [];
  let xlsxOut: string[] = [];

  beforeAll(async () => {
    dir = makeTempDir('phuluc-lo-formulas');
    const inDir = path.join(dir, 'in');
    fs.mkdirSync(inDir);
    for (const template of templates) {
      for (let k = 0; k < CASES.length; k++) {
        const { values, caseOf } = buildValues(template, k);
        const layout = layoutUnitSheet(template, { unit: 'Đơn vị thử', unitCode: 'T1', from: '2023-01-01', to: '2023-09-30' }, { values });
        const file = path.join(inDir, `${template.id}-${k}.xlsx`);
        fs.writeFileSync(file, await writeXlsx([layout])); // no cached results: LibreOffice must compute
        workbooks.push({ template, file, values, expected: computeRatios(template, values), caseOf });
      }
    }
    const files = workbooks.map((w) => w.file);
    // Two soffice runs, side by side (each has its own profile), for every file at once.
    [csvOut, xlsxOut] = await Promise.all([
      convertMany(files, 'csv', fs.mkdtempSync(path.join(dir, 'csv-'))),
      convertMany(files, 'xlsx', fs.mkdtempSync(path.join(dir, 'xlsx-'))),
    ]);
  }, TIMEOUT);

  afterAll(() => removeTempDir(dir));

  test('both built-in templates are covered, each ratio row with a number, a blank and a 0 denominator', () => {
    expect(templates.map((t) => t.id).sort()).toEqual(['ct37', 'tu-kiem-tra-dan-chu']);
    for (const template of templates) {
      const rows = ratioRows(template);
      expect(rows.length).toBeGreaterThan(0);
      // the design gives each ratio row its own numerator and denominator: no case overwrites another
      const operands = rows.flatMap((r) => [r.ratio!.numerator, r.ratio!.denominator]);
      expect(new Set(operands).size).toBe(operands.length);
      for (const row of rows) {
        const mine = workbooks.filter((w) => w.template === template);
        const results = mine.map((w) => w.expected.get(row.code));
        expect(results.some((r) => typeof r === 'number' && r > 0)).toBe(true);
        expect(results.some((r) => r === null)).toBe(true);
        expect(mine.some((w) => numOf(w.values.get(row.ratio!.denominator)) === 0)).toBe(true);
        expect(mine.some((w) => !w.values.has(row.ratio!.denominator))).toBe(true);
      }
    }
  });

  test("the files were written without cached results (the numbers below are LibreOffice's)", () => {
    for (const w of workbooks) {
      const read = readXlsx(fs.readFileSync(w.file));
      if (!read.ok) throw new Error(`${w.file}: ${read.rule}`);
      const rows = byKey(read.workbook.sheets[0]!.rows, (r) => keyOf(r?.[0]));
      for (const row of ratioRows(w.template)) {
        const cell = rows.get(row.code)?.[3];
        expect(cell?.formula).toBeDefined();
        expect(cell?.value ?? null).toBeNull();
      }
    }
  });

  test(
    'CSV from LibreOffice: each ratio cell shows the core ratio (2 decimals), or nothing when the core has none',
    () => {
      let numbers = 0;
      let blanks = 0;
      workbooks.forEach((w, i) => {
        const csv = parseCsv(fs.readFileSync(csvOut[i]!, 'utf8'));
        const rows = byKey(csv, (r) => r[0]?.trim());
        for (const row of ratioRows(w.template)) {
          const label = `${path.basename(w.file)} ${row.code} (${w.caseOf.get(row.code)!.name})`;
          const shown = rows.get(row.code)?.[3];
          const expected = w.expected.get(row.code);
          expect({ label, found: shown !== undefined }).toEqual({ label, found: true });
          if (expected === null || expected === undefined) {
            expect({ label, shown }).toEqual({ label, shown: '' });
            blanks++;
          } else {
            expect({ label, shown: /^-?\d+[.,]\d{2}$/.test(shown!.trim()) }).toEqual({ label, shown: true });
            const diff = Math.abs(shownNumber(shown!) - expected);
            expect({ label, shown, withinTolerance: diff <= 0.005 }).toEqual({ label, shown, withinTolerance: true });
            numbers++;
          }
        }
      });
      expect(numbers).toBeGreaterThan(0);
      expect(blanks).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  test(
    'xlsx re-saved by LibreOffice: ratio cells keep their formula and carry its full-precision result',
    () => {
      workbooks.forEach((w, i) => {
        const read = readXlsx(fs.readFileSync(xlsxOut[i]!));
        if (!read.ok) throw new Error(`${xlsxOut[i]}: ${read.rule}`);
        expect(read.workbook.sheets).toHaveLength(1);
        const rows = byKey(read.workbook.sheets[0]!.rows, (r) => keyOf(r?.[0]));
        for (const row of ratioRows(w.template)) {
          const label = `${path.basename(w.file)} ${row.code} (${w.caseOf.get(row.code)!.name})`;
          const cell = rows.get(row.code)?.[3];
          const expected = w.expected.get(row.code);
          expect({ label, formula: typeof cell?.formula === 'string' && cell.formula.length > 0 }).toEqual({ label, formula: true });
          if (expected === null || expected === undefined) {
            expect({ label, value: cell?.value === '' || cell?.value === null || cell?.value === undefined }).toEqual({ label, value: true });
          } else {
            expect({ label, type: typeof cell?.value }).toEqual({ label, type: 'number' });
            expect(cell!.value as number).toBeCloseTo(expected, 9);
            expect(Math.abs((cell!.value as number) - expected)).toBeLessThanOrEqual(1e-9);
          }
        }
      });
    },
    TIMEOUT,
  );
});

function numOf(v: CellValue | undefined): number | undefined {
  return v?.kind === 'number' ? v.value : undefined;
}

function keyOf(cell: RawCell | undefined): string | undefined {
  if (!cell || cell.value === null) return undefined;
  return String(cell.value).trim();
}
