import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { builtInRegistry } from '../../src/core/builtins';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { checkWorkbook } from '../../src/xlsx/check';
import { run } from '../helpers/cli';
import { ct37FiguresOf, type Figure } from '../helpers/units';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);
/** the rows a unit fills in: every row but headings and ratio formulas */
const inputCodes = ct37.rows.filter((r) => r.kind !== 'heading' && r.kind !== 'ratio').map((r) => r.code);
/** rows are found by key; the layout is the one place that says where each key is */
const rowOf = layoutUnitSheet(ct37, {}, { protect: {}, deadline: '2023-10-15' }).rowOf;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-distribute-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const code = (i: number): string => `DV${String(i + 1).padStart(2, '0')}`;
const unitName = (i: number): string => `Xã số ${i + 1}`;

/** A roster as an office keeps it: Vietnamese headers and a column the command does not use. */
function writeRoster(count = 30): string {
  const lines = ['Mã đơn vị,Tên đơn vị,Email'];
  for (let i = 0; i < count; i++) lines.push(`${code(i)},${unitName(i)},xa${i + 1}@example.vn`);
  const file = path.join(dir, 'danh-sach.csv');
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

const distribute = (roster: string, out: string, ...more: string[]) =>
  run('distribute', '--template', 'ct37', '--roster', roster, '--from', '01/01/2023', '--to', '2023-09-30', '-o', out, ...more);

const sheetXml = (file: string): { sheet: string; styles: string; zip: Record<string, Uint8Array> } => {
  const zip = unzipSync(fs.readFileSync(file));
  return { sheet: strFromU8(zip['xl/worksheets/sheet1.xml']!), styles: strFromU8(zip['xl/styles.xml']!), zip };
};

/** The A1 addresses of the cells whose style (cellXfs, by the `s` attribute) says `locked="0"`. */
function unlockedCells(file: string): string[] {
  const { sheet, styles } = sheetXml(file);
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
  const xfs = cellXfs.split(/(?=<xf[\s>])/).filter((x) => x.startsWith('<xf'));
  const unlockedStyle = xfs.map((xf) => /<protection[^>]*locked="0"/.test(xf));
  const cells: string[] = [];
  for (const m of sheet.matchAll(/<c\s([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    const ref = /\br="([A-Z]+\d+)"/.exec(attrs)![1]!;
    const s = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
    if (unlockedStyle[s]) cells.push(ref);
  }
  return cells.sort();
}

const expectedUnlocked = (): string[] => inputCodes.flatMap((c) => [`D${rowOf.get(c)! + 1}`, `E${rowOf.get(c)! + 1}`]).sort();

/** Figures typed into the D cells by another program: the sheet XML edited, nothing else touched. */
function fillIn(file: string, figures: Record<string, Figure>): void {
  const { zip } = sheetXml(file);
  let sheet = strFromU8(zip['xl/worksheets/sheet1.xml']!);
  for (const [c, v] of Object.entries(figures)) {
    if (v === null) continue;
    const ref = `D${rowOf.get(c)! + 1}`;
    const cell = new RegExp(`<c r="${ref}"( s="\\d+")?\\s*/>`);
    expect(sheet).toMatch(cell);
    sheet = sheet.replace(cell, (_all, s: string | undefined) =>
      typeof v === 'number' ? `<c r="${ref}"${s ?? ''}><v>${v}</v></c>` : `<c r="${ref}"${s ?? ''} t="inlineStr"><is><t>${v}</t></is></c>`,
    );
  }
  zip['xl/worksheets/sheet1.xml'] = strToU8(sheet);
  fs.writeFileSync(file, zipSync(zip));
}

describe('phuluc distribute', () => {
  test('a 30-unit roster → 30 protected workbooks, each read back with its unit, code, period and no problem', async () => {
    const roster = writeRoster();
    const out = path.join(dir, 'nop-ve', 'dot-1'); // created, parents too
    const r = await distribute(roster, out, '--deadline', '15/10/2023');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Đã tạo 30 tệp trong ${out}/ (mẫu ct37@1, kỳ 01/01/2023 – 30/09/2023, hạn 15/10/2023).\n`);
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(Array.from({ length: 30 }, (_, i) => `${code(i)}.xlsx`));
    const want = expectedUnlocked();
    expect(want).toHaveLength(inputCodes.length * 2);
    for (let i = 0; i < 30; i++) {
      const file = path.join(out, `${code(i)}.xlsx`);
      const checked = checkWorkbook(fs.readFileSync(file), file, registry);
      expect(checked.problems).toEqual([]);
      expect(checked.sheets).toHaveLength(1);
      expect(checked.sheets[0]!.report!.meta).toEqual({ unit: unitName(i), unitCode: code(i), from: '2023-01-01', to: '2023-09-30' });
      expect(checked.sheets[0]!.report!.template).toEqual({ id: 'ct37', version: 1 });
      // protected, no password; exactly the input cells of D and their notes in E are unlocked
      const { sheet } = sheetXml(file);
      expect(sheet).toMatch(/<sheetProtection [^>]*sheet="1"/);
      expect(sheet).not.toMatch(/<sheetProtection [^>]*hashValue=/);
      // rows may be inserted (a unit's explanations), not deleted
      expect(sheet).toMatch(/<sheetProtection [^>]*insertRows="0"/);
      expect(sheet).not.toMatch(/<sheetProtection [^>]*deleteRows="0"/);
      expect(unlockedCells(file)).toEqual(want);
    }

    // the deadline under the title, in column B (never a key in column A)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'DV07.xlsx'));
    const ws = wb.worksheets[0]!;
    const lines: [number, unknown, unknown][] = [];
    ws.eachRow((row, n) => lines.push([n, row.getCell(1).value, row.getCell(2).value]));
    const deadline = lines.filter(([, , b]) => typeof b === 'string' && b.includes('15/10/2023'));
    expect(deadline).toEqual([[4, null, 'Hạn gửi báo cáo: 15/10/2023']]);
    expect(ws.getCell('D5').protection).toBeUndefined(); // @template: locked (the default)
    expect(ws.getCell(`D${rowOf.get('4.3.a')! + 1}`).protection).toMatchObject({ locked: false });
    expect(ws.getCell(`D${rowOf.get('4.3')! + 1}`).protection).toBeUndefined(); // the ratio formula
  });

  test('--password hashes the protection; --lang en; without --deadline the line under the title stays blank', async () => {
    const roster = writeRoster(3);
    const out = path.join(dir, 'out');
    const r = await distribute(roster, out, '--password', 'bi mat', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Wrote 3 files in ${out}/ (template ct37@1, period 01/01/2023 – 30/09/2023).\n`);
    for (const name of fs.readdirSync(out)) {
      const { sheet } = sheetXml(path.join(out, name));
      expect(sheet).toMatch(/<sheetProtection [^>]*algorithmName="SHA-512"[^>]*hashValue="[A-Za-z0-9+/=]{20,}"/);
      expect(unlockedCells(path.join(out, name))).toEqual(expectedUnlocked());
      expect(sheet).not.toContain('<c r="B4"');
    }
  });

  test('never overwrites without --force: one existing target and nothing at all is written', async () => {
    const roster = writeRoster(5);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'DV03.xlsx'), 'the unit already sent this back');
    const r = await distribute(roster, out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('DV03.xlsx');
    expect(r.err).toContain('--force');
    expect(fs.readdirSync(out)).toEqual(['DV03.xlsx']);
    expect(fs.readFileSync(path.join(out, 'DV03.xlsx'), 'utf8')).toBe('the unit already sent this back');

    const forced = await distribute(roster, out, '--force');
    expect(forced.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['DV01.xlsx', 'DV02.xlsx', 'DV03.xlsx', 'DV04.xlsx', 'DV05.xlsx']);
    const file = path.join(out, 'DV03.xlsx');
    expect(checkWorkbook(fs.readFileSync(file), file, registry).sheets[0]!.report!.meta.unitCode).toBe('DV03');
  });

  test('file names: the code made safe, the name without a code, a collision gets " (2)" and exit 1', async () => {
    const roster = path.join(dir, 'ds.csv');
    fs.writeFileSync(roster, 'Mã đơn vị;Tên đơn vị\nHB/1;Huyện B\nHB:1;Huyện B mới\n;Phường Đông Hà\nSNV;Sở Nội vụ\n');
    const out = path.join(dir, 'out');
    const r = await distribute(roster, out);
    expect(r.code).toBe(1);
    expect(fs.readdirSync(out).sort()).toEqual(['HB-1 (2).xlsx', 'HB-1.xlsx', 'Phường-Đông-Hà.xlsx', 'SNV.xlsx']);
    expect(r.err).toContain('"HB:1"');
    expect(r.err).toContain('HB-1 (2).xlsx');
    expect(r.err).toContain('Phường-Đông-Hà.xlsx');
    const second = path.join(out, 'HB-1 (2).xlsx');
    expect(checkWorkbook(fs.readFileSync(second), second, registry).sheets[0]!.report!.meta).toEqual({
      unit: 'Huyện B mới',
      unitCode: 'HB:1',
      from: '2023-01-01',
      to: '2023-09-30',
    });
    const named = path.join(out, 'Phường-Đông-Hà.xlsx');
    expect(checkWorkbook(fs.readFileSync(named), named, registry).sheets[0]!.report!.meta.unit).toBe('Phường Đông Hà');
  });

  test.each([
    ['a roster with no unit', 'Mã đơn vị,Tên đơn vị,Email\n', [], 'không có đơn vị nào'],
    ['a bad --from', 'Mã đơn vị\nA\n', ['--from', '31/02/2023'], '--from'],
    ['--from after --to', 'Mã đơn vị\nA\n', ['--from', '2023-10-01'], '--from'],
    ['a bad --deadline', 'Mã đơn vị\nA\n', ['--deadline', 'tuần sau'], '--deadline'],
    ['an unknown template', 'Mã đơn vị\nA\n', ['--template', 'ct99'], 'ct99'],
  ])('%s: exit 2, nothing written', async (_what, csv, args, said) => {
    const roster = path.join(dir, 'ds.csv');
    fs.writeFileSync(roster, csv);
    const out = path.join(dir, 'out');
    const r = await distribute(roster, out, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(said);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  test('a missing roster or --roster left out: exit 2', async () => {
    expect((await distribute(path.join(dir, 'none.csv'), path.join(dir, 'out'))).code).toBe(2);
    expect((await run('distribute', '--template', 'ct37', '--from', '2023-01-01', '--to', '2023-09-30', '-o', dir)).code).toBe(2);
  });

  test('filled in by another program: validate passes and consolidate gives the sums, exactly as with files from `phuluc new`', async () => {
    const roster = writeRoster(4);
    const out = path.join(dir, 'distributed');
    expect((await distribute(roster, out, '--deadline', '2023-10-15', '--password', 'pw')).code).toBe(0);
    const fresh = path.join(dir, 'new');
    fs.mkdirSync(fresh);
    const figures = Array.from({ length: 4 }, (_, i) => ct37FiguresOf(i + 1, countCodes));
    for (let i = 0; i < 4; i++) {
      fillIn(path.join(out, `${code(i)}.xlsx`), figures[i]!);
      const plain = path.join(fresh, `${code(i)}.xlsx`);
      const made = await run(
        'new',
        '--template',
        'ct37',
        '--unit',
        unitName(i),
        '--unit-code',
        code(i),
        '--from',
        '2023-01-01',
        '--to',
        '2023-09-30',
        '-o',
        plain,
      );
      expect(made.code).toBe(0);
      fillIn(plain, figures[i]!);
    }
    const check = await run('validate', out, '--json');
    expect(JSON.parse(check.out).problems).toEqual([]);
    expect(check.code).toBe(0);

    const jsonA = path.join(dir, 'a.json');
    const jsonB = path.join(dir, 'b.json');
    const a = await run('consolidate', out, '-o', path.join(dir, 'a.xlsx'), '--json', jsonA, '--roster', roster);
    const b = await run('consolidate', fresh, '-o', path.join(dir, 'b.xlsx'), '--json', jsonB, '--roster', roster);
    expect([a.code, b.code]).toEqual([0, 0]);
    const [ra, rb] = [jsonA, jsonB].map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
    expect(ra.values).toEqual(rb.values);
    expect(ra.reported).toEqual(rb.reported);
    expect(ra.units).toHaveLength(4);
    for (const c of countCodes) {
      const nums = figures.map((f) => f[c]).filter((v): v is number => typeof v === 'number');
      expect([c, ra.values[c]]).toEqual([c, nums.length === 0 ? null : nums.reduce((s, v) => s + v, 0)]);
    }
  });
});
