import { UI } from '../../src/core/i18n/ui';
import type { ReportMeta } from '../../src/core/report';
import { createExcelHost } from '../../src/excel/host';
import { FakeExcel, type FakeSheet } from './fake-excel';
import { figuresOf, metaOf, seedUnit } from './helpers';

/**
 * Sheets the add-in made are rewritten in place, never deleted and added again: a formula, a chart
 * or a link a user points at them keeps working after every re-run (DESIGN §7).
 */
const province: ReportMeta = { unit: 'Ban Dân vận Tỉnh ủy', unitCode: 'BDV' };
const request = { includeWorkbook: true, files: [], includeInvalid: false, meta: province, lang: 'vi' as const };
const sections = (text: string) => [{ heading: 'I- KẾT QUẢ', level: 1 as const, paragraphs: [text], withoutData: false }];

function rowOf(sheet: FakeSheet, key: string): number {
  for (const [k, cell] of sheet.cells) if (k.endsWith(',0') && cell.value === key) return Number(k.split(',')[0]);
  throw new Error(`no row ${key} on ${sheet.name}`);
}

/** A sheet as a user sees it, without what differs between two equal writes (ids, chart names, the run id). */
function look(fake: FakeExcel, name: string): unknown {
  const snapshot = fake.snapshot().sheets as { name: string; id: string; charts: { name: string }[]; cells: [string, { value: unknown }][] }[];
  const sheet = snapshot.find((s) => s.name === name)!;
  const run = rowOf(fake.sheet(name), '@generatedRun');
  return {
    ...sheet,
    id: undefined,
    charts: sheet.charts.map((c) => ({ ...c, name: undefined })),
    cells: sheet.cells.filter(([key]) => key !== `${run},3`),
  };
}

describe('rewrite in place', () => {
  test("a user's formulas pointing at every sheet consolidation writes still point at them, and show the new figures, after two re-runs", async () => {
    const fake = new FakeExcel();
    for (let i = 0; i < 4; i++) seedUnit(fake, `Xã ${i}`, i, figuresOf(i));
    const host = createExcelHost(fake.environment());
    await host.consolidate(request);
    const generated = [UI.vi.summarySheet, UI.vi.breakdownSheet, UI.vi.problemsSheet, UI.vi.unitsSheet, UI.vi.chartsSheet];
    const ids = generated.map((name) => fake.sheet(name).id);

    // The user's own sheet: the consolidated 1.1, the first row of "Kiểm tra" and "Đơn vị", a rate on "Biểu đồ", a cell of the breakdown.
    const summaryRow = rowOf(fake.sheet(UI.vi.summarySheet), '1.1') + 1;
    const mine = fake.createSheet('Báo cáo của tôi');
    mine.type('A1', `='${UI.vi.summarySheet}'!D${summaryRow}`);
    mine.type('A2', `='${UI.vi.problemsSheet}'!A1`);
    mine.type('A3', `='${UI.vi.unitsSheet}'!A1`);
    mine.type('A4', `='${UI.vi.chartsSheet}'!B3`);
    mine.type('A5', `='${UI.vi.breakdownSheet}'!B1`);
    const formulas = ['A1', 'A2', 'A3', 'A4', 'A5'].map((a) => mine.cell(a)!.formula);
    const total = (): number => [0, 1, 2, 3].reduce((sum, i) => sum + Number(fake.sheet(`Xã ${i}`).value(`D${rowOf(fake.sheet(`Xã ${i}`), '1.1') + 1}`)), 0);
    expect(mine.value('A1')).toBe(total());

    for (const figure of [1000, 2000]) {
      // A unit corrects a figure; consolidation runs again.
      const unit = fake.sheet('Xã 2');
      unit.type(`D${rowOf(unit, '1.1') + 1}`, figure);
      await host.consolidate(request);
      expect(generated.map((name) => fake.sheet(name).id)).toEqual(ids);
      expect(['A1', 'A2', 'A3', 'A4', 'A5'].map((a) => mine.cell(a)!.formula)).toEqual(formulas);
      expect(mine.value('A1')).toBe(total());
      expect(['A2', 'A3', 'A4', 'A5'].map((a) => mine.value(a))).not.toContain('#REF!');
      expect(mine.value('A2')).toBe(UI.vi.problemHeaders[0]);
      expect(mine.value('A3')).toBe(UI.vi.unitHeaders[0]);
      expect(typeof mine.value('A4')).toBe('number');
    }
    expect(fake.sheets.map((s) => s.name).sort()).toEqual([...generated, 'Báo cáo của tôi', 'Sheet1', 'Xã 0', 'Xã 1', 'Xã 2', 'Xã 3'].sort());
  });

  test('a rewritten sheet holds exactly what a fresh one would: no earlier row, format, merge, validation or chart left over', async () => {
    // First run: many problems (a long "Kiểm tra"), more units; second run: fewer of both.
    const fake = new FakeExcel();
    for (let i = 0; i < 6; i++) seedUnit(fake, `Xã ${i}`, i, { ...figuresOf(i), '1.2': i % 2 === 0 ? 'mười' : 3 });
    const host = createExcelHost(fake.environment(), { runId: () => 'run' });
    await host.consolidate({ ...request, includeInvalid: true });
    const mine = fake.createSheet('Của tôi');
    mine.type('A1', `='${UI.vi.problemsSheet}'!F2`);
    for (let i = 3; i < 6; i++) fake.deleteSheet(fake.sheet(`Xã ${i}`));
    for (let i = 0; i < 3; i++) {
      const unit = fake.sheet(`Xã ${i}`);
      unit.type(`D${rowOf(unit, '1.2') + 1}`, 4);
    }
    await host.consolidate(request);

    // The same workbook consolidated from scratch.
    const fresh = new FakeExcel();
    for (let i = 0; i < 3; i++) {
      seedUnit(fresh, `Xã ${i}`, i, { ...figuresOf(i), '1.2': i % 2 === 0 ? 'mười' : 3 });
      const unit = fresh.sheet(`Xã ${i}`);
      unit.type(`D${rowOf(unit, '1.2') + 1}`, 4);
    }
    await createExcelHost(fresh.environment(), { runId: () => 'run' }).consolidate(request);
    for (const name of [UI.vi.summarySheet, UI.vi.breakdownSheet, UI.vi.problemsSheet, UI.vi.unitsSheet, UI.vi.chartsSheet])
      expect([name, look(fake, name)]).toEqual([name, look(fresh, name)]);
    expect(mine.cell('A1')?.formula).toBe(`='${UI.vi.problemsSheet}'!F2`);
  });

  test('the charts are drawn again, not added twice, highest rate on top', async () => {
    const fake = new FakeExcel();
    for (let i = 0; i < 5; i++) seedUnit(fake, `Xã ${i}`, i, figuresOf(i));
    const host = createExcelHost(fake.environment());
    await host.consolidate(request);
    const count = fake.sheet(UI.vi.chartsSheet).charts.length;
    expect(count).toBeGreaterThan(0);
    await host.consolidate(request);
    const charts = fake.sheet(UI.vi.chartsSheet).charts;
    expect(charts).toHaveLength(count);
    // Bars are drawn from the bottom up; the rows are highest first, so the axis is reversed.
    expect(charts.every((c) => c.type === 'BarClustered' && c.reversePlotOrder === true)).toBe(true);
  });

  test('the report written into a sheet is rewritten in place when written again; a user sheet of that name is left alone', async () => {
    const fake = new FakeExcel();
    fake.seedSheet(UI.vi.narrativeSheet, [['của người dùng']]);
    const host = createExcelHost(fake.environment());
    const first = await host.insertNarrative!(sections('Lần một.'), 'vi');
    expect(first.name).toBe(`${UI.vi.narrativeSheet} (2)`);
    const id = fake.sheet(first.name).id;
    const mine = fake.createSheet('Của tôi');
    mine.type('A1', `='${first.name}'!A2`);
    expect(mine.value('A1')).toBe('Lần một.');

    const { result, syncs } = await fake.measure(() => host.insertNarrative!(sections('Lần hai, dài hơn.'), 'vi'));
    expect(syncs).toBeLessThanOrEqual(3);
    expect(result.name).toBe(first.name);
    expect(fake.sheet(first.name).id).toBe(id);
    expect(mine.cell('A1')?.formula).toBe(`='${first.name}'!A2`);
    expect(mine.value('A1')).toBe('Lần hai, dài hơn.');
    expect(fake.sheet(UI.vi.narrativeSheet).grid()).toEqual([['của người dùng']]);
    expect(fake.sheets.filter((s) => s.name.startsWith(UI.vi.narrativeSheet))).toHaveLength(2);
  });

  test("a sheet the user made by hand under the add-in's name is never rewritten", async () => {
    const fake = new FakeExcel();
    seedUnit(fake, 'Xã 1', 1);
    const users = fake.seedSheet(UI.vi.summarySheet, [['Ghi chú của tôi'], [1, 2, 3]]);
    const theirs = JSON.stringify(users.grid());
    const host = createExcelHost(fake.environment());
    await host.consolidate(request);
    await host.consolidate(request);
    expect(JSON.stringify(users.grid())).toBe(theirs);
    expect(fake.sheets.filter((s) => s.name.startsWith(UI.vi.summarySheet)).map((s) => s.name)).toEqual([UI.vi.summarySheet, `${UI.vi.summarySheet} (2)`]);
    expect(metaOf(1).unitCode).toBe('X001');
  });
});
