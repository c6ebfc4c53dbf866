import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { builtInRegistry } from '../../src/core/builtins';
import { NOT_APPLICABLE, num, type CellValue } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { writeXlsx } from '../../src/xlsx/write';
import { convertMany, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/** Units open their files in LibreOffice and save them again before sending: the totals do not move. */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/consolidate.test.ts'));

const ct37 = builtInRegistry().get('ct37', 1)!;

function figures(i: number): Map<string, CellValue> {
  const values = new Map<string, CellValue>();
  ct37.rows.forEach((row, k) => {
    if (row.kind !== 'count') return;
    const v = (i * 7 + k * 5) % 11;
    if (v === 0) return; // blank
    values.set(row.code, v === 1 ? NOT_APPLICABLE : num(v === 2 ? 0 : v * 10));
  });
  values.set('4.3.a', num(10 + i));
  values.set('4.3.b', num(20 + i));
  values.set('3.5', num(70 + i * 2.5));
  // keep every ≤ and ≥ rule: these units are valid
  for (const row of ct37.rows) {
    for (const rule of row.rules) {
      if (rule.type !== 'le' && rule.type !== 'ge') continue;
      const a = values.get(row.code);
      const b = values.get(rule.other);
      if (a?.kind !== 'number' || b?.kind !== 'number') continue;
      if ((rule.type === 'le' && a.value > b.value) || (rule.type === 'ge' && a.value < b.value)) values.set(row.code, num(b.value));
    }
  }
  // and a ratio's two sides are reported together
  for (const row of ct37.rows) {
    if (!row.ratio) continue;
    const [n, d] = [values.get(row.ratio.numerator), values.get(row.ratio.denominator)];
    if ((n?.kind === 'number') === (d?.kind === 'number')) continue;
    values.delete(row.ratio.numerator);
    values.delete(row.ratio.denominator);
  }
  return values;
}

async function consolidateJson(
  dir: string,
  out: string,
): Promise<{ values: Record<string, number | null>; reported: Record<string, number>; problems: unknown[] }> {
  let said = '';
  const code = await runCli(['consolidate', dir, '-o', `${out}.xlsx`, '--json', `${out}.json`], { out: (t) => (said += t), err: (t) => (said += t) });
  if (code !== 0) throw new Error(`consolidate exited ${code}: ${said}`);
  return JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'));
}

d('consolidating files re-saved by LibreOffice', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTempDir('phuluc-lo-consolidate');
  });
  afterAll(() => removeTempDir(tmp));

  test('the same totals, reporters and problems as the files as written', async () => {
    const original = path.join(tmp, 'original');
    const resaved = path.join(tmp, 'resaved');
    fs.mkdirSync(original);
    fs.mkdirSync(resaved);
    const files: string[] = [];
    for (let i = 0; i < 6; i++) {
      const meta = { unit: `Huyện ${i}`, unitCode: `H${i}`, from: '2023-01-01', to: '2023-09-30' };
      const file = path.join(original, `h${i}.xlsx`);
      fs.writeFileSync(file, await writeXlsx([layoutUnitSheet(ct37, meta, { values: figures(i) })]));
      files.push(file);
    }
    await convertMany(files, 'xlsx', resaved);
    expect(fs.readdirSync(resaved).sort()).toEqual(files.map((f) => path.basename(f)).sort());

    const a = await consolidateJson(original, path.join(tmp, 'a'));
    const b = await consolidateJson(resaved, path.join(tmp, 'b'));
    expect(a.values['4.3.a']).toBe(10 + 11 + 12 + 13 + 14 + 15);
    expect(a.values['3.5']).toBeCloseTo(70 + 2.5 * 2.5, 9);
    expect(b.values).toEqual(a.values);
    expect(b.reported).toEqual(a.reported);
    expect(b.problems).toEqual(a.problems);
  }, 180_000);
});
