import { UI } from '../../src/core/i18n/ui';
import type { ReportMeta } from '../../src/core/report';
import { createExcelHost } from '../../src/excel/host';
import { MARKER_KEYS } from '../../src/excel/generated';
import { KEY_ROWS } from '../../src/excel/read-sheets';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows, type Figure } from '../helpers/units';
import { FakeExcel, type FakeSheet } from './fake-excel';
import { countCodes, ct37, figuresOf, metaOf, seedUnit } from './helpers';

const province: ReportMeta = { unit: 'Ban Dân vận Tỉnh ủy', unitCode: 'BDV' };
const request = (extra: Partial<Parameters<ReturnType<typeof createExcelHost>['consolidate']>[0]> = {}) => ({
  includeWorkbook: true,
  files: [],
  includeInvalid: false,
  meta: province,
  lang: 'vi' as const,
  ...extra,
});

/** DESIGN §5 from the figures alone: sums of the numbers (blank and x not added), the mean of the index. */
function expectedValues(all: readonly Record<string, Figure>[]): Map<string, number | null> {
  const values = new Map<string, number | null>();
  for (const code of [...countCodes, '3.5']) {
    const numbers = all.map((f) => f[code]).filter((v): v is number => typeof v === 'number');
    const sum = numbers.reduce((a, b) => a + b, 0);
    values.set(code, numbers.length === 0 ? null : code === '3.5' ? sum / numbers.length : sum);
  }
  return values;
}

/** Column D of a sheet by its column-A key, as a reader of the summary finds it. */
function byKey(sheet: FakeSheet): Map<string, { value: unknown; formula?: string }> {
  const out = new Map<string, { value: unknown; formula?: string }>();
  for (const [key, cell] of sheet.cells) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    if (c !== 0 || cell.value === '') continue;
    const d = sheet.at(r, 3);
    out.set(String(cell.value), { value: d?.value ?? '', ...(d?.formula ? { formula: d.formula } : {}) });
  }
  return out;
}

function expectSummaryHolds(sheet: FakeSheet, figures: readonly Record<string, Figure>[]): void {
  const keys = byKey(sheet);
  for (const [code, value] of expectedValues(figures)) {
    const got = keys.get(code)!.value;
    if (value === null) expect([code, got]).toEqual([code, expect.anything()]);
    else expect([code, got]).toEqual([code, expect.closeTo(value, 9)]);
  }
  for (const row of ct37.rows.filter((r) => r.kind === 'ratio')) expect(keys.get(row.code)?.formula).toMatch(/^=IF\(/);
  expect(keys.get('@leaves')?.value).toBe(figures.length);
  expect(keys.get('@unitCode')?.value).toBe(province.unitCode);
}

function workbookOf(n: number, options: { excelApi?: string; payloadLimit?: number } = {}): { fake: FakeExcel; figures: Record<string, Figure>[] } {
  const fake = new FakeExcel(options);
  const figures = Array.from({ length: n }, (_, i) => figuresOf(i));
  figures.forEach((f, i) => seedUnit(fake, `Xã ${i}`, i, f));
  return { fake, figures };
}

const names = (fake: FakeExcel): string[] => fake.sheets.map((s) => s.name);

describe('consolidate', () => {
  test.each([1, 10, 200])(
    '%i appendix sheets: the summary’s column D is the consolidation of the figures, with "Kiểm tra" and "Đơn vị"; ≤ 4 syncs, and again ≤ 4',
    async (n) => {
      const { fake, figures } = workbookOf(n);
      const host = createExcelHost(fake.environment());
      const { result, syncs } = await fake.measure(() => host.consolidate(request()));
      expect(syncs).toBeLessThanOrEqual(4);
      expect(result.name).toBe(UI.vi.summarySheet);
      expect(result.summary?.included.length).toBe(n);
      expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
      for (const [code, value] of expectedValues(figures))
        expect([code, result.summary!.rows.get(code)?.value ?? null]).toEqual([code, value === null ? null : expect.closeTo(value, 9)]);

      const units = fake.sheet(UI.vi.unitsSheet);
      const unitCodes = [...units.cells].filter(([k]) => k.endsWith(',0')).map(([, c]) => c.value);
      for (let i = 0; i < n; i++) expect(unitCodes).toContain(metaOf(i).unitCode);
      expect(fake.sheet(UI.vi.problemsSheet).at(0, 0)?.value).toBe(UI.vi.problemHeaders[0]);
      expect(fake.active.name).toBe('Tổng hợp');

      // Run again: the four sheets rewritten in place, in as few round trips.
      const ids = fake.sheets.map((s) => s.id);
      const again = await fake.measure(() => host.consolidate(request()));
      expect(again.syncs).toBeLessThanOrEqual(4);
      expect(fake.sheets.map((s) => s.id)).toEqual(ids);
      expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
    },
  );

  test("a re-run replaces the add-in's own three sheets (no second copy) and does not read its summary as an input", async () => {
    const { fake, figures } = workbookOf(5);
    const host = createExcelHost(fake.environment());
    await host.consolidate(request());
    const before = names(fake);
    figures[2]!['1.1'] = 1000;
    fake.sheet('Xã 2').type(`D${findRow(fake.sheet('Xã 2'), '1.1') + 1}`, 1000); // a unit corrects a figure
    const { result, syncs } = await fake.measure(() => host.consolidate(request()));
    expect(syncs).toBeLessThanOrEqual(4);
    expect(names(fake).sort()).toEqual(before.sort());
    expect(result.summary?.included.length).toBe(5);
    expect(result.problems.filter((p) => p.rule.startsWith('consolidate.'))).toEqual([]);
    expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
  });

  test('a long "Kiểm tra" from an earlier run is still recognised: its marker rows lie beyond the first read window', async () => {
    const { fake } = workbookOf(2);
    const host = createExcelHost(fake.environment());
    await host.consolidate(request());
    const checks = fake.sheet(UI.vi.problemsSheet);
    const marker = findRow(checks, MARKER_KEYS.by);
    // As if the earlier run had listed thousands of problems: the marker rows move down.
    const moved = [...checks.cells].map(([key, cell]) => {
      const [r, c] = key.split(',').map(Number) as [number, number];
      return [r >= marker ? `${r + KEY_ROWS},${c}` : key, cell] as const;
    });
    checks.cells.clear();
    for (const [key, cell] of moved) checks.cells.set(key, cell);
    for (let r = marker; r < marker + KEY_ROWS; r++) for (let c = 0; c < 7; c++) checks.ensure(r, c).value = `vấn đề ${r}`;
    const before = names(fake);
    const { syncs } = await fake.measure(() => host.consolidate(request()));
    expect(names(fake).sort()).toEqual(before.sort());
    expect(syncs).toBeLessThanOrEqual(5); // one more read for the long sheet's columns A and D
  });

  test('a sheet the user named "Tổng hợp" is never overwritten: the summary goes to "Tổng hợp (2)", and a re-run replaces only that', async () => {
    const { fake, figures } = workbookOf(3);
    const users = fake.seedSheet('Tổng hợp', [['Ghi chú của tôi'], [1, 2, 3]]);
    const theirs = JSON.stringify(users.grid());
    const host = createExcelHost(fake.environment());
    const first = await host.consolidate(request());
    expect(first.name).toBe('Tổng hợp (2)');
    const second = await host.consolidate(request());
    expect(second.name).toBe('Tổng hợp (2)');
    expect(JSON.stringify(fake.sheet('Tổng hợp').grid())).toBe(theirs);
    expect(
      names(fake)
        .filter((n) => n.startsWith('Tổng hợp'))
        .sort(),
    ).toEqual(['Tổng hợp', 'Tổng hợp (2)']);
    expectSummaryHolds(fake.sheet('Tổng hợp (2)'), figures);
  });

  test('a copy the user keeps of an earlier summary is neither replaced nor counted again', async () => {
    const { fake, figures } = workbookOf(4);
    const host = createExcelHost(fake.environment());
    await host.consolidate(request());
    const copy = fake.createSheet('Tổng hợp quý 3');
    for (const [key, cell] of fake.sheet('Tổng hợp').cells) copy.cells.set(key, structuredClone(cell));
    const kept = JSON.stringify(copy.grid());
    const again = await host.consolidate(request());
    expect(again.summary?.included.length).toBe(4);
    expect(again.problems.filter((p) => p.rule === 'consolidate.doubleCounted' || p.rule.startsWith('consolidate.duplicate'))).toEqual([]);
    expect(JSON.stringify(fake.sheet('Tổng hợp quý 3').grid())).toBe(kept);
    expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
  });

  test("a district's summary pasted into the province's workbook is an input (its units counted once) and is not replaced", async () => {
    // The district consolidates its communes in its own workbook.
    const district = workbookOf(3);
    await createExcelHost(district.fake.environment()).consolidate(request({ meta: { unit: 'Huyện A', unitCode: 'HA' } }));
    // The province's workbook: that summary pasted in, plus two communes reporting directly.
    const fake = new FakeExcel();
    const pasted = fake.createSheet('Tổng hợp');
    for (const [key, cell] of district.fake.sheet('Tổng hợp').cells) pasted.cells.set(key, structuredClone(cell));
    // with its per-unit sheet, which holds the district's communes
    const pastedDetail = fake.createSheet('Chi tiết đơn vị');
    for (const [key, cell] of district.fake.sheet('Chi tiết đơn vị').cells) pastedDetail.cells.set(key, structuredClone(cell));
    const direct = [figuresOf(10), figuresOf(11)];
    direct.forEach((f, i) => seedUnit(fake, `Xã ${10 + i}`, 10 + i, f));
    const kept = JSON.stringify(pasted.grid());

    const result = await createExcelHost(fake.environment()).consolidate(request());
    expect(result.name).toBe('Tổng hợp (2)');
    expect(result.summary?.included.length).toBe(5);
    expect(JSON.stringify(fake.sheet('Tổng hợp').grid())).toBe(kept);
    expectSummaryHolds(fake.sheet('Tổng hợp (2)'), [...district.figures, ...direct]);
  });

  test('a bar chart per ratio row on the charts sheet: units sorted by rate, the consolidated rate last, Vietnamese titles, within 4 syncs', async () => {
    const { fake, figures } = workbookOf(6);
    const host = createExcelHost(fake.environment());
    const before = fake.syncs;
    await host.consolidate(request());
    expect(fake.syncs - before).toBeLessThanOrEqual(4);
    const sheet = fake.sheet(UI.vi.chartsSheet);
    const ratioRows = ct37.rows.filter((r) => r.kind === 'ratio');
    // independently: each unit's rate and the whole's, from the figures
    const rateOf = (f: Record<string, Figure>, n: string, d: string) =>
      typeof f[n] === 'number' && typeof f[d] === 'number' && f[d] !== 0 ? ((f[n] as number) / (f[d] as number)) * 100 : null;
    const charted = ratioRows.filter(
      (row) => figures.some((f) => rateOf(f, row.ratio!.numerator, row.ratio!.denominator) !== null) || expectedValues(figures).get(row.ratio!.denominator),
    );
    expect(sheet.charts.map((c) => c.title)).toEqual(charted.map((row) => `${row.label.vi} (%)`));
    for (const [i, chart] of sheet.charts.entries()) {
      expect(chart.type).toBe('BarClustered');
      // Excel draws bars from the bottom up: the axis is reversed so the highest rate is on top.
      expect(chart.reversePlotOrder).toBe(true);
      const [from, to] = chart.source.split(':');
      const r0 = Number(/\d+/.exec(from!)![0]) - 1;
      const r1 = Number(/\d+/.exec(to!)![0]) - 1;
      const rates: number[] = [];
      for (let r = r0 + 1; r < r1; r++) rates.push(sheet.at(r, 1)!.value as number);
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
      const row = charted[i]!;
      const unitRates = figures.map((f) => rateOf(f, row.ratio!.numerator, row.ratio!.denominator)).filter((x): x is number => x !== null);
      expect(rates.map((x) => x.toFixed(9)).sort()).toEqual(unitRates.map((x) => x.toFixed(9)).sort());
      expect(sheet.at(r1, 0)?.value).toBe(UI.vi.chartOverall);
      const sums = expectedValues(figures);
      expect(sheet.at(r1, 1)?.value).toBeCloseTo((sums.get(row.ratio!.numerator)! / sums.get(row.ratio!.denominator)!) * 100, 9);
    }
  });

  test('picked files, with progress; the workbook left out when asked', async () => {
    const fake = new FakeExcel();
    seedUnit(fake, 'Xã 99', 99); // in the workbook, but not asked for
    const figures = [figuresOf(1), figuresOf(2), figuresOf(3)];
    const files = figures.map((f, i) => ({ name: `xa-${i + 1}.xlsx`, bytes: foreignXlsx([{ name: 'PL', rows: unitRows(ct37, metaOf(i + 1), f) }]) }));
    const progress: [number, number][] = [];
    const host = createExcelHost(fake.environment());
    const { result, syncs } = await fake.measure(() =>
      host.consolidate(request({ includeWorkbook: false, files }), (done, total) => progress.push([done, total])),
    );
    expect(syncs).toBeLessThanOrEqual(4);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(result.summary?.included.map((u) => u.report.meta.unitCode).sort()).toEqual(['X001', 'X002', 'X003']);
    expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
  });

  test('compared with the same period before (a picked file): "Cùng kỳ" in G, the change in H and I as formulas, the earlier period stated, landscape; then the report says it', async () => {
    const { fake, figures } = workbookOf(3);
    const earlier = figures.map((f) => Object.fromEntries(Object.entries(f).map(([code, v]) => [code, typeof v === 'number' ? v + 1 : v])));
    const previous = {
      name: 'tong-hop-2022.xlsx',
      bytes: foreignXlsx([{ name: 'PL', rows: unitRows(ct37, { ...metaOf(0), from: '2022-01-01', to: '2022-09-30' }, earlier[0]!) }]),
    };
    const host = createExcelHost(fake.environment());
    const { result, syncs } = await fake.measure(() => host.consolidate(request({ previous })));
    expect(syncs).toBeLessThanOrEqual(4);
    expect(result.summary?.comparison).toBeDefined();
    const sheet = fake.sheet('Tổng hợp');
    const rowOf = (code: string) =>
      [...sheet.cells]
        .find(([k, c]) => k.endsWith(',0') && c.value === code)![0]
        .split(',')
        .map(Number)[0]!;
    const code = countCodes.find((c) => typeof earlier[0]![c] === 'number')!;
    const r = rowOf(code);
    expect(sheet.at(r, 6)?.value).toBe(earlier[0]![code]);
    expect(sheet.at(r, 7)?.formula).toBe(`=IF(AND(ISNUMBER(D${r + 1}),ISNUMBER(G${r + 1})),D${r + 1}-G${r + 1},"")`);
    expect(sheet.page.orientation).toBe('Landscape');
    const keys = byKey(sheet);
    expect(keys.has('@previousFrom')).toBe(true);
    // the report written from this workbook's summary compares without the file being picked again
    const input = await host.narrativeInput({});
    expect(input.source?.comparison?.previous.meta).toEqual({ from: '2022-01-01', to: '2022-09-30' });
  });

  test('a roster that cannot be read is a problem, not a failure; missing units are listed', async () => {
    const { fake } = workbookOf(2);
    const host = createExcelHost(fake.environment());
    const bad = await host.consolidate(request({ roster: { name: 'r.csv', bytes: new TextEncoder().encode('so,ho ten\nX000,Xã 0') } }));
    expect(bad.problems.map((p) => p.rule)).toContain('consolidate.rosterUnreadable');
    expect(bad.summary?.included.length).toBe(2);
    const good = await host.consolidate(request({ roster: { name: 'r.csv', bytes: new TextEncoder().encode('unitCode,unit\nX000,Xã số 0\nX777,Xã vắng') } }));
    expect(good.problems.filter((p) => p.rule === 'consolidate.rosterMissing').map((p) => p.params.unit ?? p.params.unitCode)).toHaveLength(1);
    expect(names(fake).filter((n) => n.startsWith('Tổng hợp'))).toEqual(['Tổng hợp']);
  });

  test('nothing to consolidate: the problems say so and nothing is written', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    const { result, syncs } = await fake.measure(() => host.consolidate(request()));
    expect(result.summary).toBeUndefined();
    expect(result.problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['file.noAppendix', 'consolidate.nothing']));
    expect(names(fake)).toEqual(['Sheet1']);
    expect(syncs).toBeLessThanOrEqual(2);
  });

  test('without ExcelApi 1.9 the summary is written without print set-up; the marker rows are there', async () => {
    const { fake, figures } = workbookOf(3, { excelApi: '1.7' });
    const host = createExcelHost(fake.environment());
    expect(host.limitations).toHaveLength(2);
    await host.consolidate(request());
    const summary = fake.sheet('Tổng hợp');
    expectSummaryHolds(summary, figures);
    expect(summary.page).toEqual({});
    const keys = byKey(summary);
    expect(keys.get(MARKER_KEYS.by)?.value).toBe('phuluc');
    expect(keys.get(MARKER_KEYS.as)?.value).toBe('summary');
    expect(keys.get(MARKER_KEYS.for)?.value).toBe('code:bdv');
  });

  test('the per-unit breakdown: one row per unit, code and name frozen at the left, a filter to sort by (ExcelApi 1.9), kept on a re-run', async () => {
    for (const excelApi of ['1.9', '1.7'] as const) {
      const { fake, figures } = workbookOf(4, { excelApi });
      const host = createExcelHost(fake.environment());
      await host.consolidate(request());
      await host.consolidate(request());
      const detail = fake.sheet('Chi tiết đơn vị');
      expect([detail.frozenRows, detail.frozenColumns]).toEqual([2, 4]);
      expect(detail.autoFilter).toBe(excelApi === '1.9' ? 'A2:AS6' : undefined);
      expect(detail.cell('A1')?.value).toBe('@codes');
      expect([3, 4, 5, 6].map((r) => detail.cell(`A${r}`)?.value)).toEqual(['@leaf', '@leaf', '@leaf', '@leaf']);
      expect(figures).toHaveLength(4);
    }
  });

  test('a write larger than one request is spread over several, and the result is the same', async () => {
    const { fake, figures } = workbookOf(60, { payloadLimit: 120_000 });
    const host = createExcelHost(fake.environment(), { requestBudget: 100_000 });
    const { syncs } = await fake.measure(() => host.consolidate(request()));
    expect(syncs).toBeGreaterThan(4); // the price of the split, only when needed
    expect(fake.largestRequest).toBeLessThanOrEqual(120_000);
    expectSummaryHolds(fake.sheet('Tổng hợp'), figures);
    // The same workbook without a small limit: one write.
    const plain = workbookOf(60);
    expect((await plain.fake.measure(() => createExcelHost(plain.fake.environment()).consolidate(request()))).syncs).toBeLessThanOrEqual(4);
  });

  test('narrativeInput: the add-in’s summary when there is one, else the active appendix sheet', async () => {
    const { fake, figures } = workbookOf(3);
    const host = createExcelHost(fake.environment());
    fake.activeId = fake.sheet('Xã 1').id;
    const single = await host.narrativeInput({});
    expect(single.source?.isSummary).toBe(false);
    expect(single.meta.unitCode).toBe('X001');
    expect(single.source?.rows.get('1.1')?.value ?? null).toBe(typeof figures[1]!['1.1'] === 'number' ? figures[1]!['1.1'] : null);

    await host.consolidate(request());
    const { result, syncs } = await fake.measure(() => host.narrativeInput({}));
    expect(syncs).toBeLessThanOrEqual(3);
    expect(result.source?.isSummary).toBe(true);
    expect(result.meta.unitCode).toBe('BDV');
    for (const [code, value] of expectedValues(figures))
      if (value !== null && code !== '3.5') expect([code, result.source?.rows.get(code)?.value]).toEqual([code, value]);
  });
});

function findRow(sheet: FakeSheet, key: string): number {
  for (const [k, cell] of sheet.cells) if (k.endsWith(',0') && cell.value === key) return Number(k.split(',')[0]);
  throw new Error(`no row ${key}`);
}
