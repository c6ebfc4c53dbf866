import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { readXlsx } from '../../src/xlsx/read';
import { run } from '../helpers/cli';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows, type Figure } from '../helpers/units';

/**
 * So sánh cùng kỳ through the command line: a year's units consolidated with the year before's
 * summary, the comparison in the summary's columns and JSON, then in the report's sentences —
 * from the summary that holds it, or from an earlier file named on the narrative's command line.
 */
const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const self = registry.get('tu-kiem-tra-dan-chu', 1)!;
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-compare-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function unit(folder: string, code: string, year: number, figures: Record<string, Figure>): string {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  const file = path.join(dir, folder, `${code}.xlsx`);
  const meta = { unit: `Xã ${code}`, unitCode: code, from: `${year}-01-01`, to: `${year}-09-30` };
  fs.writeFileSync(file, foreignXlsx([{ name: `PL ${code}`, rows: unitRows(ct37, meta, figures) }]));
  return file;
}

/** Column G–I and D of "Tổng hợp" by code, as written. */
function summaryColumns(file: string) {
  const read = readXlsx(fs.readFileSync(file));
  if (!read.ok) throw new Error(read.rule);
  // the summary comes first, whatever its name in the language it was made in
  const sheet = read.workbook.sheets[0]!;
  const byCode = new Map<string, { d: unknown; g: unknown; h: unknown; hFormula?: string; i: unknown }>();
  for (const row of sheet.rows) {
    const key = row?.[0]?.value;
    if (typeof key !== 'string') continue;
    byCode.set(key, {
      d: row?.[3]?.value ?? null,
      g: row?.[6]?.value ?? null,
      h: row?.[7]?.value ?? null,
      ...(row?.[7]?.formula ? { hFormula: row[7]!.formula } : {}),
      i: row?.[8]?.value ?? null,
    });
  }
  return byCode;
}

describe('so sánh cùng kỳ in the command line', () => {
  test('consolidate --previous: Cùng kỳ, the change and its percent in the summary (live formulas with their results), previous and change in the JSON', async () => {
    unit('2022', 'A', 2022, { '2.1': 4, '2.2': 20, '4.3.a': 30, '4.3.b': 40 });
    unit('2022', 'B', 2022, { '2.1': 6, '2.2': 25, '4.3.a': 30, '4.3.b': 40 });
    unit('2023', 'A', 2023, { '2.1': 5, '2.2': 20, '4.3.a': 40, '4.3.b': 45, '5.1': 3 });
    unit('2023', 'B', 2023, { '2.1': 7, '2.2': 25, '4.3.a': 40, '4.3.b': 45 });
    const before = path.join(dir, 'th-2022.xlsx');
    expect((await run('consolidate', path.join(dir, '2022'), '-o', before)).code).toBe(0);
    const now = path.join(dir, 'th-2023.xlsx');
    const json = path.join(dir, 'th-2023.json');
    const r = await run('consolidate', path.join(dir, '2023'), '-o', now, '--json', json, '--previous', before);
    expect([r.code, r.err]).toEqual([0, '']);

    const data = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(data.previous['2.1']).toBe(10);
    expect(data.change['2.1']).toEqual({ diff: 2, percent: 20 });
    // a rate: 80/90 = 88.89% against 60/80 = 75%, in points, no percent
    expect(data.previous['4.3']).toBe(75);
    expect(data.change['4.3'].diff).toBeCloseTo(13.888889, 5);
    expect(data.change['4.3'].percent).toBeNull();
    // unchanged, and a row with no earlier figure
    expect(data.change['2.2']).toEqual({ diff: 0, percent: 0 });
    expect(data.previous['5.1']).toBeNull();
    expect(data.change['5.1']).toEqual({ diff: null, percent: null });

    const columns = summaryColumns(now);
    // dates as Excel keeps them: serial numbers (1 January 2022 is 44562)
    expect(columns.get('@previousFrom')!.d).toBe(44562);
    expect(columns.get('@previousTo')!.d).toBe(44834);
    expect(columns.get('2.1')).toMatchObject({ d: 12, g: 10, h: 2, i: 20 });
    expect(columns.get('2.1')!.hFormula).toMatch(/D\d+-G\d+/);
    expect(columns.get('4.3')!.g).toBe(75);
    expect(columns.get('4.3')!.h as number).toBeCloseTo(13.888889, 5);
    expect(columns.get('4.3')!.i).toBeNull();
    // no earlier figure: no change (the formula's cached result is empty text)
    expect(columns.get('5.1')).toMatchObject({ d: 3, g: null, h: '' });

    // the report from the summary that holds the comparison says it, without naming the earlier file again
    const text = await run('narrative', now);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 45 đơn vị (so với cùng kỳ: tăng 2 đoàn (20%); không đổi).');
    expect(text.out).toContain('Kết quả giải quyết đơn thư khiếu nại: 80/90 đơn, đạt 88,89%, tăng 13,89 điểm phần trăm so với cùng kỳ.');
    const en = await run('narrative', now, '--lang', 'en');
    expect(en.out).toContain('up 13.89 percentage points on the same period before');
  });

  test('narrative --previous: one unit’s appendix compared with its own earlier appendix', async () => {
    const earlier = unit('2022', 'A', 2022, { '4.3.a': 30, '4.3.b': 40 });
    const later = unit('2023', 'A', 2023, { '4.3.a': 27, '4.3.b': 40 });
    const r = await run('narrative', later, '--previous', earlier);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('Kết quả giải quyết đơn thư khiếu nại: 27/40 đơn, đạt 67,5%, giảm 7,5 điểm phần trăm so với cùng kỳ.');
  });

  test('an earlier file of another template is not compared, and says why; one of the same period is compared with a warning', async () => {
    unit('2023', 'A', 2023, { '2.1': 5 });
    const other = path.join(dir, 'other.xlsx');
    fs.writeFileSync(
      other,
      foreignXlsx([{ name: 'PL', rows: unitRows(self, { unit: 'Xã A', unitCode: 'A', from: '2022-01-01', to: '2022-09-30' }, { '1.1': 3 }) }]),
    );
    const out = path.join(dir, 'th.xlsx');
    const json = path.join(dir, 'th.json');
    const r = await run('consolidate', path.join(dir, '2023'), '-o', out, '--json', json, '--previous', other, '--lang', 'en');
    expect(r.code).toBe(0);
    const data = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(data.previous).toBeUndefined();
    expect(data.problems.map((p: { rule: string }) => p.rule)).toContain('compare.templateDiffers');
    expect(data.problems.find((p: { rule: string }) => p.rule === 'compare.templateDiffers').message).toContain('tu-kiem-tra-dan-chu@1');
    expect(summaryColumns(out).get('@previousFrom')).toBeUndefined();

    const same = unit('same', 'A', 2023, { '2.1': 4 });
    const again = await run('consolidate', path.join(dir, '2023'), '-o', out, '--json', json, '--previous', same, '--force');
    expect(again.code).toBe(0);
    const compared = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(compared.change['2.1']).toEqual({ diff: 1, percent: 25 });
    expect(compared.problems.map((p: { rule: string }) => p.rule)).toContain('compare.notEarlier');
    // a --previous that does not exist is a mistyped argument
    const missing = await run('consolidate', path.join(dir, '2023'), '-o', out, '--previous', path.join(dir, 'khong-co.xlsx'), '--force');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('không tìm thấy tệp');
    expect(missing.err).not.toContain('ENOENT');
  });
});

describe('coverage in the report', () => {
  test('a summary of 2 units out of a roster of 4 says so in each sentence; zeros while a unit was held back are said', async () => {
    unit('u', 'A', 2023, { '2.1': 0, '2.2': 0, '4.3.a': 40, '4.3.b': 45 });
    unit('u', 'B', 2023, { '2.1': 0, '2.2': 0 });
    // C sends a figure above its denominator: held back, and the inspection figures are 0 without it
    unit('u', 'C', 2023, { '2.1': 9, '2.2': 30, '4.3.a': 50, '4.3.b': 10 });
    const roster = path.join(dir, 'roster.csv');
    fs.writeFileSync(roster, 'Mã đơn vị,Tên đơn vị\nA,Xã A\nB,Xã B\nC,Xã C\nD,Xã D\n');
    const out = path.join(dir, 'th.xlsx');
    expect((await run('consolidate', path.join(dir, 'u'), '-o', out, '--roster', roster)).code).toBe(1);
    const r = await run('narrative', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Kết quả giải quyết đơn thư khiếu nại: 40/45 đơn, đạt 88,89% (số liệu của 1/4 đơn vị).');
    expect(r.out).toContain('Tổng số đoàn kiểm tra: 0 đoàn; tổng số đơn vị cơ sở được kiểm tra: 0 đơn vị (số liệu của 2/4 đơn vị).');
    expect(r.out).toContain('Các số liệu trên bằng 0 nhưng chưa gồm 1 đơn vị đã nộp mà chưa được tổng hợp');
  });
});
