import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { builtInRegistry } from '../../src/core/builtins';
import { run } from '../helpers/cli';
import { foreignXlsx } from '../helpers/foreign';
import { convert, sofficeAvailable } from '../helpers/soffice';
import { unitRows, type Figure } from '../helpers/units';

/**
 * The five ways issue 9 found a wrong figure reaching a Party committee's report, each on files
 * written by another program (inline strings, no styles: not this project's writer), end to end
 * through the command line.
 */

const ct37 = builtInRegistry().get('ct37', 1)!;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-signable-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PERIOD = { from: '30/09/2022', to: '29/09/2023' };
function unitFile(
  name: string,
  code: string,
  figures: Record<string, Figure>,
  period: { from: string; to: string } = PERIOD,
  template = `${ct37.id}@${ct37.version}`,
): string {
  const rows = unitRows(ct37, { unit: `Đơn vị ${code}`, unitCode: code, ...period }, figures);
  rows[1]![3] = template;
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, foreignXlsx([{ name: `PL ${code}`, rows }]));
  return file;
}
const rowOf = (code: string): number => unitRows(ct37, {}, {}).findIndex((r) => r[0] === code) + 1;
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

test('1. A ratio never mixes two sets of units: 10/10 and 10/blank is an error on the blank cell, and the rate is 10/10', async () => {
  unitFile('nop/a.xlsx', 'A', { '4.3.a': 10, '4.3.b': 10 });
  const b = unitFile('nop/b.xlsx', 'B', { '4.3.a': 10 });

  const checked = await run('validate', b, '--json');
  expect(checked.code).toBe(1);
  const problems = JSON.parse(checked.out).problems;
  expect(problems).toEqual([expect.objectContaining({ rule: 'rule.pairIncomplete', cell: `D${rowOf('4.3.b')}`, code: '4.3.b', codes: ['4.3.a', '4.3.b'] })]);
  expect(problems[0].message).toContain('Đã nhập 4.3.a = 10');
  expect(problems[0].message).toContain('để trống 4.3.b');

  for (const extra of [[], ['--include-invalid']]) {
    const out = path.join(dir, `tong-hop${extra.length}.xlsx`);
    const json = path.join(dir, `tong-hop${extra.length}.json`);
    const r = await run('consolidate', path.join(dir, 'nop'), '-o', out, '--json', json, ...extra);
    expect(r.code).toBe(1);
    const result = readJson(json);
    expect([result.values['4.3.a'], result.values['4.3.b'], result.values['4.3']]).toEqual([10, 10, 100]);
    // the narrative says the same figures
    const said = await run('narrative', out);
    expect(said.out).toContain('10/10 đơn, đạt 100%');
    expect(said.out).not.toContain('200%');
  }
});

(sofficeAvailable() ? test : test.skip)(
  '1b. the summary’s live ratio formula agrees with its counts when LibreOffice recalculates it (needs soffice)',
  async () => {
    unitFile('nop/a.xlsx', 'A', { '4.3.a': 10, '4.3.b': 10 });
    unitFile('nop/b.xlsx', 'B', { '4.3.a': 10, '4.4.a': 3, '4.4.b': 4 });
    const out = path.join(dir, 'tong-hop.xlsx');
    expect((await run('consolidate', path.join(dir, 'nop'), '-o', out, '--include-invalid')).code).toBe(1);
    const resaved = await convert(out, 'xlsx', path.join(dir, 'lo'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(resaved);
    const sheet = wb.getWorksheet('Tổng hợp')!;
    const valueOf = (code: string) => {
      const row = sheet.getColumn(1).values.findIndex((v) => v === code);
      const cell = sheet.getRow(row).getCell(4).value as number | { result: number } | null;
      return typeof cell === 'object' && cell !== null ? cell.result : cell;
    };
    expect([valueOf('4.3.a'), valueOf('4.3.b'), valueOf('4.3')]).toEqual([10, 10, 100]);
    expect([valueOf('4.4.a'), valueOf('4.4.b'), valueOf('4.4')]).toEqual([3, 4, 75]);
  },
  120_000,
);

test('2. --include-invalid adds no cell an error names: 5 > 4 keeps both out, the rest of the unit is added', async () => {
  unitFile('nop/a.xlsx', 'A', { '1.1': 1, '4.4.a': 2, '4.4.b': 3 });
  unitFile('nop/b.xlsx', 'B', { '1.1': 7, '4.4.a': 5, '4.4.b': 4 });
  const json = path.join(dir, 'kq.json');
  expect((await run('consolidate', path.join(dir, 'nop'), '-o', path.join(dir, 'kq.xlsx'), '--json', json, '--include-invalid')).code).toBe(1);
  const result = readJson(json);
  expect([result.values['1.1'], result.values['4.4.a'], result.values['4.4.b']]).toEqual([8, 2, 3]);
  const included = result.problems.find((p: { rule: string }) => p.rule === 'consolidate.invalidIncluded');
  expect(included.message).toContain('không cộng các ô có lỗi hoặc đi cặp với ô có lỗi (4.4.a, 4.4.b), các ô khác được cộng');
});

test('3. a unit whose file was refused is "excluded" with its reason, never "not submitted"', async () => {
  unitFile('nop/a.xlsx', 'A', { '1.1': 1 });
  unitFile('nop/d.xlsx', 'D', { '1.1': 2 }, PERIOD, 'ct37 bản 1'); // retyped beyond reading
  unitFile('nop/e.xlsx', 'E', { '1.1': 3 }, PERIOD, 'ct37'); // retyped without the version: accepted
  fs.writeFileSync(path.join(dir, 'nop', 'bao-cao_C.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  fs.writeFileSync(path.join(dir, 'nop', 'ghi-chu.txt'), 'không phải báo cáo');
  const roster = path.join(dir, 'danh-sach.csv');
  fs.writeFileSync(roster, 'unitCode,unit\nA,Đơn vị A\nC,Đơn vị C\nD,Đơn vị D\nE,Đơn vị E\nF,Đơn vị F\n');
  const json = path.join(dir, 'kq.json');
  const r = await run('consolidate', path.join(dir, 'nop'), '-o', path.join(dir, 'kq.xlsx'), '--json', json, '--roster', roster);
  expect(r.code).toBe(1);
  const result = readJson(json);
  const units = result.units.map((u: { unitCode: string | null; file: string | null; status: string; flags: string[]; reasons: string[] }) => [
    u.unitCode ?? path.basename(u.file!),
    u.status,
    u.flags,
    u.reasons,
  ]);
  expect(units).toEqual([
    ['A', 'included', [], []],
    ['C', 'excluded', ['unreadable'], ['file.unsupportedType']],
    ['D', 'excluded', [], ['sheet.templateMalformed']],
    ['E', 'included', [], []],
    ['F', 'missing', [], []],
  ]);
  const rules = result.problems.map((p: { severity: string; rule: string }) => `${p.severity} ${p.rule}`).sort();
  expect(rules).toEqual([
    'error file.unsupportedType',
    'error sheet.templateMalformed',
    'warning consolidate.rosterMissing',
    'warning file.unsupportedType',
    'warning sheet.templateNoVersion',
  ]);
  expect(result.problems.find((p: { rule: string; severity: string }) => p.rule === 'file.unsupportedType' && p.severity === 'error').message).toBe(
    'Không đọc được tệp .xls: hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx hoặc .ods.',
  );
  expect(r.out).toContain('Đã tổng hợp 2/5 đơn vị');
  expect(r.out).toContain('2 đơn vị đã nhận nhưng chưa tổng hợp, 1 đơn vị chưa nộp');
});

test('4. a unit of another period is held back, and the summary keeps the period most units report (or the one given)', async () => {
  unitFile('nop/a.xlsx', 'A', { '1.1': 1 });
  unitFile('nop/b.xlsx', 'B', { '1.1': 2 });
  unitFile('nop/c.xlsx', 'C', { '1.1': 40 }, { from: '01/01/2022', to: '31/12/2022' });
  const json = path.join(dir, 'kq.json');
  expect((await run('consolidate', path.join(dir, 'nop'), '-o', path.join(dir, 'kq.xlsx'), '--json', json)).code).toBe(1);
  const result = readJson(json);
  expect(result.values['1.1']).toBe(3);
  expect(result.period).toEqual({ from: '2022-09-30', to: '2023-09-29' });
  const differs = result.problems.find((p: { rule: string }) => p.rule === 'consolidate.periodDiffers');
  expect(differs).toMatchObject({ severity: 'error', cell: 'D5' });
  expect(differs.message).toContain('(01/01/2022 – 31/12/2022) khác kỳ của bản tổng hợp (30/09/2022 – 29/09/2023)');

  const given = path.join(dir, 'kq2.json');
  await run('consolidate', path.join(dir, 'nop'), '-o', path.join(dir, 'kq2.xlsx'), '--json', given, '--from', '01/01/2022', '--to', '2022-12-31');
  expect(readJson(given).values['1.1']).toBe(40);
  const half = await run('consolidate', path.join(dir, 'nop'), '-o', path.join(dir, 'kq3.xlsx'), '--from', '01/01/2022');
  expect(half.code).toBe(2);
  expect(half.err).toContain('--from và --to');
});

test('5. an .ods unit, saved by LibreOffice, is consolidated exactly like its .xlsx twin; in a folder it is read, not skipped', async () => {
  const fixtures = path.join(__dirname, '..', 'fixtures', 'ods');
  const results = [];
  for (const twin of ['ct37-unit.xlsx', 'ct37-unit.ods']) {
    const folder = path.join(dir, twin.replace('.', '-'));
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(fixtures, twin), path.join(folder, twin));
    const json = path.join(dir, `${twin}.json`);
    const r = await run('consolidate', folder, '-o', path.join(dir, `${twin}.tong-hop.xlsx`), '--json', json, '--include-invalid');
    expect(r.code).toBeLessThan(2);
    results.push(readJson(json));
  }
  const [xlsx, ods] = results;
  expect(ods.units.map((u: { unitCode: string; status: string }) => [u.unitCode, u.status])).toEqual(
    xlsx.units.map((u: { unitCode: string; status: string }) => [u.unitCode, u.status]),
  );
  expect(ods.units[0].status).toBe('included');
  expect(ods.values).toEqual(xlsx.values);
  expect(ods.reported).toEqual(xlsx.reported);
  expect(Object.values(ods.values).filter((v) => v !== null).length).toBeGreaterThan(5);
  const rulesOf = (r: { problems: { rule: string; cell: string | null }[] }) => r.problems.map((p) => `${p.rule} ${p.cell}`).sort();
  expect(rulesOf(ods)).toEqual(rulesOf(xlsx));
});

test('a missing input is named in words, not ENOENT', async () => {
  const r = await run('validate', path.join(dir, 'khong-co.xlsx'));
  expect(r.code).toBe(2);
  expect(r.out).toContain('Không tìm thấy tệp hoặc thư mục');
  expect(r.out + r.err).not.toContain('ENOENT');
});
