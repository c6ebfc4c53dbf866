import * as fs from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { builtInRegistry } from '../../src/core/builtins';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { checkWorkbook } from '../../src/xlsx/check';
import { run } from '../helpers/cli';
import { convert, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * A workbook made by `phuluc distribute`, opened by LibreOffice: the sheet is protected there too,
 * the input cells (D) and their notes (E) editable, the rest not; saved again as .xlsx it still reads.
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/distribute.test.ts'));

const TIMEOUT = 180_000;
const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const rowOf = layoutUnitSheet(ct37, {}, { protect: {}, deadline: '2023-10-15' }).rowOf;

/** The cells of one row of a flat ODF sheet, repeated cells expanded: each cell's style name and text. */
function fodsRows(xml: string): { style?: string; text: string }[][] {
  const table = /<table:table [^>]*>([\s\S]*?)<\/table:table>/.exec(xml)![1]!;
  const rows: { style?: string; text: string }[][] = [];
  for (const row of table.matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const cells: { style?: string; text: string }[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
      const attrs = cell[1]!;
      const style = /table:style-name="([^"]+)"/.exec(attrs)?.[1];
      const text = (cell[2] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      const repeat = Math.min(Number(/table:number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1), 10);
      for (let i = 0; i < repeat; i++) cells.push({ ...(style ? { style } : {}), text });
    }
    const repeat = Math.min(Number(/table:number-rows-repeated="(\d+)"/.exec(row[1]!)?.[1] ?? 1), 10);
    for (let i = 0; i < repeat; i++) rows.push(cells);
  }
  return rows;
}

/** A cell style's `style:cell-protect`; LibreOffice's default (no attribute) is "protected". */
function cellProtect(xml: string, style: string | undefined): string {
  if (!style) return 'protected';
  const body = new RegExp(`<style:style style:name="${style}"[^>]*>([\\s\\S]*?)</style:style>`).exec(xml)?.[1] ?? '';
  return /style:cell-protect="([^"]+)"/.exec(body)?.[1] ?? 'protected';
}

d('a distributed workbook in LibreOffice', () => {
  let dir: string;
  let file: string;
  let fods: string;

  beforeAll(async () => {
    dir = makeTempDir('phuluc-lo-distribute');
    const roster = path.join(dir, 'danh-sach.csv');
    fs.writeFileSync(roster, 'Mã đơn vị,Tên đơn vị,Email\nSNV,Sở Nội vụ,snv@example.vn\n');
    const out = path.join(dir, 'nop-ve');
    const r = await run(
      'distribute',
      '--template',
      'ct37',
      '--roster',
      roster,
      '--from',
      '2023-01-01',
      '--to',
      '2023-09-30',
      '--deadline',
      '2023-10-15',
      '-o',
      out,
      '--password',
      'pw',
    );
    expect(r.code).toBe(0);
    file = path.join(out, 'SNV.xlsx');
    const fodsDir = path.join(dir, 'fods');
    fs.mkdirSync(fodsDir);
    fods = fs.readFileSync(await convert(file, 'fods', fodsDir), 'utf8');
  }, TIMEOUT);

  afterAll(() => removeTempDir(dir));

  test('the sheet is protected, the input and note cells are not, labels, keys, metadata and ratios are', () => {
    expect(/<table:table [^>]*table:protected="true"/.test(fods)).toBe(true);
    const rows = fodsRows(fods);
    const protectOf = (code: string, col: number) => cellProtect(fods, rows[rowOf.get(code)!]![col]!.style);
    for (const row of ct37.rows) {
      const r = rows[rowOf.get(row.code)!]!;
      expect([row.code, r[0]!.text]).toEqual([row.code, row.code]);
      if (row.kind === 'heading') continue;
      const input = row.kind !== 'ratio';
      expect([row.code, 'D', protectOf(row.code, 3)]).toEqual([row.code, 'D', input ? 'none' : expect.not.stringMatching(/^none$/)]);
      expect([row.code, 'E', protectOf(row.code, 4)]).toEqual([row.code, 'E', input ? 'none' : expect.not.stringMatching(/^none$/)]);
      expect([row.code, 'A', protectOf(row.code, 0)]).not.toEqual([row.code, 'A', 'none']);
      expect([row.code, 'B', protectOf(row.code, 1)]).not.toEqual([row.code, 'B', 'none']);
    }
    // the metadata (@unit in D) stays locked; the deadline is in B4, not a key
    const unitRow = rows.findIndex((r) => r[0]?.text === '@unit');
    expect(cellProtect(fods, rows[unitRow]![3]!.style)).not.toBe('none');
    expect(rows[3]![0]?.text ?? '').toBe('');
    expect(rows[3]![1]!.text).toBe('Hạn gửi báo cáo: 15/10/2023');
  });

  test(
    'saved again as .xlsx by LibreOffice: still protected and read back whole',
    async () => {
      const againDir = path.join(dir, 'again');
      fs.mkdirSync(againDir);
      const again = await convert(file, 'xlsx', againDir);
      const bytes = fs.readFileSync(again);
      const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']!);
      expect(sheet).toMatch(/<sheetProtection [^>]*sheet="(1|true)"/);
      const checked = checkWorkbook(bytes, again, registry);
      expect(checked.problems).toEqual([]);
      expect(checked.sheets[0]!.report!.meta).toEqual({ unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2023-01-01', to: '2023-09-30' });
    },
    TIMEOUT,
  );
});
