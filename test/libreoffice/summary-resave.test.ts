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
      const rows = unitRows(ct37, { unit: `Xã ${i}`, unitCode: `X${String(i).padStart(3, '0')}`, from: '01/01/2023', to: '30/09/2023' }, ct37FiguresOf(i, countCodes));
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
