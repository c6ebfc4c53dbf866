import { UI } from '../../src/core/i18n/ui';
import type { Problem } from '../../src/core/problems';
import { createExcelHost } from '../../src/excel/host';
import { MARK_COLORS } from '../../src/excel/marks';
import { KEY_ROWS } from '../../src/excel/read-sheets';
import { checkSheets } from '../../src/sheet/check';
import { parseA1 } from '../../src/sheet/grid';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { unitRows } from '../helpers/units';
import { FakeExcel } from './fake-excel';
import { ct37, figuresOf, fills, metaOf, registry, seedUnit, sheetDataOf } from './helpers';

/** A workbook of n unit sheets; every third has errors (a count above its total, a text) and every seventh a warning-only blank unit code. */
function workbookOf(n: number, options: { excelApi?: string; payloadLimit?: number } = {}): FakeExcel {
  const fake = new FakeExcel(options);
  for (let i = 0; i < n; i++) {
    const figures: Record<string, number | string | null> = { ...figuresOf(i) };
    if (i % 3 === 0) {
      figures['3.1.a'] = 50;
      figures['3.1.b'] = 10;
      figures['1.2'] = 'mười hai';
    }
    seedUnit(fake, `Xã ${i}`, i, figures);
  }
  return fake;
}

/** What the core says of the same cells read whole, independently of the adapter. */
const expectedProblems = (fake: FakeExcel, names?: readonly string[]): Problem[] =>
  checkSheets(fake.sheets.filter((s) => !names || names.includes(s.name)).map(sheetDataOf), fake.name, registry).problems;

/** The colour each problem cell must carry: an error's wins over a warning's. */
function expectedMarks(problems: readonly Problem[], fake: FakeExcel): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems) {
    if (!p.where.sheet || !p.where.cell) continue;
    const key = `${fake.sheet(p.where.sheet).id}!${p.where.cell}`;
    if (p.severity === 'error' || !out.has(key)) out.set(key, MARK_COLORS[p.severity]);
  }
  return out;
}

function marksIn(fake: FakeExcel): Map<string, string> {
  const out = new Map<string, string>();
  for (const sheet of fake.sheets) {
    for (const [key, cell] of sheet.cells) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (cell.fill === MARK_COLORS.error || cell.fill === MARK_COLORS.warning) out.set(`${sheet.id}!${String.fromCharCode(65 + c)}${r + 1}`, cell.fill);
    }
  }
  return out;
}

describe('check', () => {
  test.each([1, 10, 200])('%i appendix sheets: the core’s problems, every problem cell marked, ≤ 3 syncs', async (n) => {
    const fake = workbookOf(n);
    const host = createExcelHost(fake.environment());
    const expected = expectedProblems(fake);
    expect(expected.some((p) => p.severity === 'error')).toBe(true);

    const { result, syncs } = await fake.measure(() => host.check({ scope: 'all', lang: 'vi' }));
    expect(syncs).toBeLessThanOrEqual(3);
    expect(result.problems).toEqual(expected);
    expect(result.sheets).toBe(n);
    const want = expectedMarks(expected, fake);
    expect(marksIn(fake)).toEqual(want);
    expect(result.marked).toBe(want.size);
    expect(fake.largestResponse).toBeLessThan(5 * 1024 * 1024);
  });

  test("'active' checks only the active sheet", async () => {
    const fake = workbookOf(4);
    fake.activeId = fake.sheet('Xã 3').id;
    const host = createExcelHost(fake.environment());
    const { result, syncs } = await fake.measure(() => host.check({ scope: 'active', lang: 'vi' }));
    expect(syncs).toBeLessThanOrEqual(3);
    expect(result.sheets).toBe(1);
    expect(result.problems).toEqual(expectedProblems(fake, ['Xã 3']));
    expect(result.problems.every((p) => p.where.sheet === 'Xã 3')).toBe(true);
    expect([...marksIn(fake).keys()].every((k) => k.startsWith(fake.sheet('Xã 3').id))).toBe(true);
  });

  test('clearMarks gives every cell its own fill back (none, or the input fill the add-in gave it), ≤ 2 syncs', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    // One sheet from the add-in (input cells filled light yellow), one typed elsewhere (no fills).
    const { name } = await host.insert({ templateId: 'ct37', templateVersion: 1, meta: metaOf(1), lang: 'vi' });
    const inserted = fake.sheet(name);
    const { rowOf } = layoutUnitSheet(ct37, metaOf(1), { lang: 'vi' });
    inserted.type(`D${rowOf.get('3.1.b')! + 1}`, 'nhiều');
    inserted.type(`D${rowOf.get('3.1.a')! + 1}`, 7);
    seedUnit(fake, 'Xã 2', 2, { ...figuresOf(2), '1.1': 'abc', '3.2.a': 99, '3.2.b': 1 });
    const before = fills(fake);

    const checked = await host.check({ scope: 'all', lang: 'vi' });
    expect(checked.marked).toBeGreaterThan(2);
    expect(inserted.at(rowOf.get('3.1.b')!, 3)?.fill).toBe(MARK_COLORS.error);
    expect(fills(fake)).not.toEqual(before);

    const { syncs } = await fake.measure(() => host.clearMarks!());
    expect(syncs).toBeLessThanOrEqual(2);
    expect(fills(fake)).toEqual(before);
    expect(marksIn(fake).size).toBe(0);
    // Nothing left to clear: no round trip at all.
    expect((await fake.measure(() => host.clearMarks!())).syncs).toBe(0);
  });

  test('checking again moves the marks with the problems: a fixed cell gets its own fill back', async () => {
    const fake = new FakeExcel();
    seedUnit(fake, 'Xã 1', 1, { ...figuresOf(1), '1.1': 'abc' });
    const host = createExcelHost(fake.environment());
    const before = fills(fake);
    await host.check({ scope: 'all', lang: 'vi' });
    const cell = expectedProblems(fake).find((p) => p.code === '1.1')!.where.cell!;
    expect(fake.sheet('Xã 1').cell(cell)?.fill).toBe(MARK_COLORS.error);

    fake.sheet('Xã 1').type(cell, 12); // the unit corrects it
    const again = await host.check({ scope: 'all', lang: 'vi' });
    expect(again.problems).toEqual(expectedProblems(fake));
    expect(fake.sheet('Xã 1').cell(cell)?.fill).toBe(before.get(`${fake.sheet('Xã 1').id}!${parseA1(cell).row},${parseA1(cell).col}`) ?? null);
    expect(marksIn(fake)).toEqual(expectedMarks(again.problems, fake));
    // The user colours the corrected cell: clearing the other marks leaves that colour alone.
    fake.sheet('Xã 1').cell(cell)!.fill = '#00B0F0';
    await host.clearMarks!();
    expect(fills(fake)).toEqual(new Map([...before, [`${fake.sheet('Xã 1').id}!${parseA1(cell).row},${parseA1(cell).col}`, '#00B0F0']]));
  });

  test('a marked sheet deleted before clearing: the other marks are still cleared', async () => {
    const fake = workbookOf(3);
    const host = createExcelHost(fake.environment());
    const before = fills(fake);
    await host.check({ scope: 'all', lang: 'vi' });
    fake.deleteSheet(fake.sheet('Xã 0'));
    const { syncs } = await fake.measure(() => host.clearMarks!());
    expect(syncs).toBeLessThanOrEqual(2);
    const remaining = new Map([...before].filter(([k]) => fake.sheets.some((s) => k.startsWith(s.id))));
    expect(fills(fake)).toEqual(remaining);
  });

  test('selectProblem activates the sheet and selects the cell in one sync; a hidden or deleted sheet is said, not shown', async () => {
    const fake = workbookOf(3);
    seedUnit(fake, 'Xã 5', 5, { ...figuresOf(5), '1.1': 'abc' });
    const host = createExcelHost(fake.environment());
    const { problems } = await host.check({ scope: 'all', lang: 'vi' });
    const target = problems.find((p) => p.where.sheet === 'Xã 5' && p.code === '1.1')!;
    const { syncs } = await fake.measure(() => host.selectProblem!(target));
    expect(syncs).toBe(1);
    expect(fake.active.name).toBe('Xã 5');
    expect(fake.selection).toEqual({ sheetId: fake.sheet('Xã 5').id, address: target.where.cell });

    // A problem of a picked file has nothing to select here.
    expect((await fake.measure(() => host.selectProblem!({ ...target, where: { file: 'other.xlsx', sheet: 'Xã 5', cell: 'D1' } }))).syncs).toBe(0);

    fake.sheet('Xã 0').visibility = 'Hidden';
    const again = await host.check({ scope: 'all', lang: 'vi' });
    const hidden = again.problems.find((p) => p.where.sheet === 'Xã 0' && p.where.cell)!;
    await expect(host.selectProblem!(hidden)).rejects.toThrow(UI.vi.sheetHidden('Xã 0'));

    // The sheet was deleted meanwhile: a readable error.
    fake.deleteSheet(fake.sheet('Xã 5'));
    await expect(host.selectProblem!(target)).rejects.toThrow(UI.vi.sheetMissing('Xã 5'));
  });

  test('a workbook with no appendix: the core’s "no appendix" error, nothing marked', async () => {
    const fake = new FakeExcel();
    fake.seedSheet('Sheet1', [['Ghi chép', 'khác']]);
    const host = createExcelHost(fake.environment());
    const result = await host.check({ scope: 'all', lang: 'vi' });
    expect(result.problems.map((p) => p.rule)).toEqual(['file.noAppendix']);
    expect(result.problems[0]!.where.file).toBe(fake.name);
    expect(result.marked).toBe(0);
    // Excel may have no name for a new workbook: the reader's words stand in.
    const unnamed = new FakeExcel({ name: '' });
    const other = await createExcelHost(unnamed.environment()).check({ scope: 'all', lang: 'vi' });
    expect(other.problems[0]!.where.file).toBe(UI.vi.thisWorkbook);
  });

  test('a large data sheet beside the appendices is not read whole; an appendix longer than the first window is', async () => {
    const fake = workbookOf(2);
    // 5,000 rows × 30 columns of someone's data: no appendix.
    const data = fake.createSheet('Dữ liệu');
    for (let r = 0; r < 5000; r++) for (let c = 0; c < 30; c++) data.ensure(r, c).value = `dòng ${r} cột ${c} với chữ dài cho nặng`;
    // An appendix with thousands of note rows inserted before its last indicator rows.
    const rows = unitRows(ct37, metaOf(9), { ...figuresOf(9), '4.5.a': 'sai' });
    const cut = rows.findIndex((row) => row[0] === '4.4.a');
    const padded = [...rows.slice(0, cut), ...Array.from({ length: KEY_ROWS + 300 }, (_, k) => [null, `ghi chú ${k}`, null, null, 'thêm']), ...rows.slice(cut)];
    fake.seedSheet('Xã dài', padded);

    const host = createExcelHost(fake.environment());
    const result = await host.check({ scope: 'all', lang: 'vi' });
    expect(result.problems).toEqual(expectedProblems(fake));
    expect(result.problems.some((p) => p.where.sheet === 'Xã dài' && p.code === '4.5.a')).toBe(true);
    expect(result.sheets).toBe(3);
    // Far less than the 5,000 × 30 cells of the data sheet came back.
    expect(fake.largestResponse).toBeLessThan(1_500_000);
  });

  test('when Excel finds a response too large, the reads are split and the result is the same', async () => {
    const fake = workbookOf(40, { payloadLimit: 60_000 });
    const host = createExcelHost(fake.environment());
    const { result, syncs } = await fake.measure(() => host.check({ scope: 'all', lang: 'vi' }));
    expect(result.problems).toEqual(expectedProblems(fake));
    expect(syncs).toBeGreaterThan(3); // the price of the split, only when needed
    expect(fake.largestResponse).toBeLessThanOrEqual(60_000);
  });
});
