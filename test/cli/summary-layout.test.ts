import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { builtInRegistry } from '../../src/core/builtins';
import { num } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { writeXlsx } from '../../src/xlsx/write';
import { run } from '../helpers/cli';

/** DESIGN §4 (revised 2026-12): "Tổng hợp" is A–F, the units are rows of "Chi tiết đơn vị". */

const ct37 = builtInRegistry().get('ct37', 1)!;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-layout-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

async function unit(code: string, figures: Record<string, number>): Promise<string> {
  const values = new Map(Object.entries(figures).map(([k, v]) => [k, num(v)]));
  const file = path.join(dir, 'units', `${code}.xlsx`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await writeXlsx([layoutUnitSheet(ct37, { unit: `Xã ${code}`, unitCode: code, from: '2023-01-01', to: '2023-09-30' }, { values })]));
  return file;
}

test('a summary whose breakdown rows the user sorted and filtered reads back as the same leaves', async () => {
  await unit('X1', { '1.1': 1, '4.3.a': 1, '4.3.b': 2 });
  await unit('X2', { '1.1': 20, '4.3.a': 5, '4.3.b': 5 });
  await unit('X3', { '1.1': 300 });
  const summary = path.join(dir, 'tong-hop.xlsx');
  expect((await run('consolidate', path.join(dir, 'units'), '-o', summary, '--unit', 'Huyện 1', '--unit-code', 'H1')).code).toBe(0);

  // Sort the units by 1.1, largest first, as a user would with the filter buttons: rows move, keys stay.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(summary);
  const detail = wb.getWorksheet('Chi tiết đơn vị')!;
  const rows = [3, 4, 5].map((r) => (detail.getRow(r).values as unknown[]).slice(1));
  const col11 = (detail.getRow(1).values as unknown[]).indexOf('1.1') - 1;
  rows.sort((a, b) => Number(b[col11]) - Number(a[col11]));
  rows.forEach((values, i) => (detail.getRow(3 + i).values = values as ExcelJS.CellValue[]));
  const sorted = path.join(dir, 'sorted.xlsx');
  await wb.xlsx.writeFile(sorted);

  const other = await unit('X4', { '1.1': 4000 });
  const json = path.join(dir, 'up.json');
  expect((await run('consolidate', sorted, other, '-o', path.join(dir, 'up.xlsx'), '--json', json)).code).toBe(0);
  const result = readJson(json);
  expect(result.values['1.1']).toBe(4321);
  expect(result.values['4.3']).toBeCloseTo((6 / 7) * 100, 9);
  expect(result.units.map((u: { unitCode: string; status: string; sheet: string }) => [u.unitCode, u.status])).toEqual([
    ['X1', 'included'],
    ['X2', 'included'],
    ['X3', 'included'],
    ['X4', 'included'],
  ]);
  expect(result.units[0].sheet).toBe('Chi tiết đơn vị');

  // and the same leaf again beside the summary is seen and counted once
  const again = path.join(dir, 'dup.json');
  await run('consolidate', sorted, path.join(dir, 'units', 'X2.xlsx'), '-o', path.join(dir, 'dup.xlsx'), '--json', again);
  expect(readJson(again).values['1.1']).toBe(321);
  expect(readJson(again).problems.map((p: { rule: string }) => p.rule)).toEqual(['consolidate.doubleCounted']);
});

test('a summary whose breakdown sheet was deleted is not consolidated, and says why', async () => {
  await unit('X1', { '1.1': 1 });
  const summary = path.join(dir, 'tong-hop.xlsx');
  await run('consolidate', path.join(dir, 'units'), '-o', summary);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(summary);
  wb.removeWorksheet(wb.getWorksheet('Chi tiết đơn vị')!.id);
  const cut = path.join(dir, 'cut.xlsx');
  await wb.xlsx.writeFile(cut);
  const other = await unit('X9', { '1.1': 9 });
  const json = path.join(dir, 'r.json');
  expect((await run('consolidate', cut, other, '-o', path.join(dir, 'r.xlsx'), '--json', json)).code).toBe(1);
  const result = readJson(json);
  expect(result.values['1.1']).toBe(9);
  expect(result.problems.find((p: { rule: string }) => p.rule === 'sheet.breakdownMissing').message).toContain('không được tổng hợp tiếp');
  // the summary's own body is told apart, excluded, never "missing"
  expect(result.units.find((u: { file: string }) => u.file === cut)).toMatchObject({ status: 'excluded', reasons: ['sheet.breakdownMissing'] });
});

test('a summary in the layout before 2026-12 (one column per unit) still reads as its leaves', async () => {
  const old = path.join(__dirname, '..', 'fixtures', 'summary', 'tong-hop-old-layout.xlsx');
  const other = await unit('XD', { '1.1': 100, '4.3.a': 4, '4.3.b': 4 });
  const json = path.join(dir, 'r.json');
  expect((await run('consolidate', old, other, '-o', path.join(dir, 'r.xlsx'), '--json', json)).code).toBe(0);
  const result = readJson(json);
  expect(result.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['XA', 'XB', 'XC', 'XD']);
  expect(result.values['1.1']).toBe(109);
  expect(result.values['4.3']).toBeCloseTo((16 / 20) * 100, 9);
  expect(result.values['3.5']).toBeCloseTo(85, 9);
  expect(result.reported['4.4.a']).toBe(0);
  expect(result.problems).toEqual([]);
});
