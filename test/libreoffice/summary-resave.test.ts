import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { run } from '../helpers/cli';
import { foreignXlsx } from '../helpers/foreign';
import { convert, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';
import { ct37FiguresOf, unitRows } from '../helpers/units';

/**
 * A secretariat opens the summary in LibreOffice and saves it before sending it up: it still reads
 * as all its units, with the same figures (DESIGN §4: summaries read back as their leaves).
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/summary-resave.test.ts'));

const ct37 = builtInRegistry().get('ct37', 1)!;
const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);
let dir: string;
beforeAll(() => {
  dir = makeTempDir('phuluc-lo-summary');
});
afterAll(() => removeTempDir(dir));

d('a summary re-saved by LibreOffice', () => {
  test('reads back as the same 300 leaves with the same totals, rates and reporters', async () => {
    const units = path.join(dir, 'units');
    fs.mkdirSync(units);
    for (let i = 0; i < 300; i++) {
      const rows = unitRows(
        ct37,
        { unit: `Xã ${i}`, unitCode: `X${String(i).padStart(3, '0')}`, from: '01/01/2023', to: '30/09/2023' },
        ct37FiguresOf(i, countCodes),
      );
      fs.writeFileSync(path.join(units, `x${i}.xlsx`), foreignXlsx([{ name: `PL ${i}`, rows }]));
    }
    const summary = path.join(dir, 'tong-hop.xlsx');
    expect((await run('consolidate', units, '-o', summary, '--unit', 'Huyện A', '--unit-code', 'HA')).code).toBe(0);
    const resaved = await convert(summary, 'xlsx', path.join(dir, 'lo'));

    const read = async (file: string) => {
      const json = `${file}.json`;
      expect((await run('consolidate', file, '-o', `${file}.up.xlsx`, '--json', json)).code).toBe(0);
      return JSON.parse(fs.readFileSync(json, 'utf8'));
    };
    const [original, again] = [await read(summary), await read(resaved)];
    expect(again.units.filter((u: { status: string }) => u.status === 'included')).toHaveLength(300);
    expect(again.values).toEqual(original.values);
    expect(again.reported).toEqual(original.reported);
    expect(again.problems).toEqual([]);
  }, 240_000);
});

d('a summary compared with the same period before, recalculated by LibreOffice', () => {
  test('the change and its percent, as LibreOffice computes them from D and G, are the figures the summary states; the report read from the re-saved file still compares', async () => {
    const write = (folder: string, code: string, year: number, figures: Record<string, number>) => {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      const rows = unitRows(ct37, { unit: `Xã ${code}`, unitCode: code, from: `${year}-01-01`, to: `${year}-09-30` }, figures);
      fs.writeFileSync(path.join(dir, folder, `${code}.xlsx`), foreignXlsx([{ name: `PL ${code}`, rows }]));
    };
    write('c2022', 'A', 2022, { '2.1': 4, '4.3.a': 30, '4.3.b': 40 });
    write('c2022', 'B', 2022, { '2.1': 6, '4.3.a': 30, '4.3.b': 40 });
    write('c2023', 'A', 2023, { '2.1': 5, '4.3.a': 40, '4.3.b': 45 });
    write('c2023', 'B', 2023, { '2.1': 7, '4.3.a': 40, '4.3.b': 45 });
    const before = path.join(dir, 'c-2022.xlsx');
    const now = path.join(dir, 'c-2023.xlsx');
    expect((await run('consolidate', path.join(dir, 'c2022'), '-o', before)).code).toBe(0);
    expect((await run('consolidate', path.join(dir, 'c2023'), '-o', now, '--previous', before)).code).toBe(0);
    // a conversion to .ods and back makes LibreOffice recalculate every formula
    const ods = await convert(now, 'ods', path.join(dir, 'c-ods'));
    const back = await convert(ods, 'xlsx', path.join(dir, 'c-back'));
    const { readXlsx } = await import('../../src/xlsx/read');
    const read = readXlsx(fs.readFileSync(back));
    if (!read.ok) throw new Error(read.rule);
    const rowOf = (code: string) => read.workbook.sheets[0]!.rows.find((r) => r?.[0]?.value === code)!;
    expect([rowOf('2.1')[6]?.value, rowOf('2.1')[7]?.value, rowOf('2.1')[8]?.value]).toEqual([10, 2, 20]);
    expect(rowOf('4.3')[6]?.value).toBe(75);
    expect(rowOf('4.3')[7]?.value as number).toBeCloseTo(13.888889, 5);
    const text = await run('narrative', back);
    expect(text.out).toContain('tăng 13,89 điểm phần trăm so với cùng kỳ');
  }, 120_000);
});
