/**
 * Excel mode in a real browser: the production build of the task pane in Debian's Chromium, 320 px
 * wide, loaded as Office loads it (with _host_Info), with a fake Office host in place of
 * office-js/office.js (test/browser/fake-office.ts, bundled by esbuild): Office.onReady answers
 * Excel, and Excel.run runs on the strict in-memory workbook of test/excel/fake-excel.ts, seeded
 * with two units' appendix sheets. The
 * pane is driven through its UI (insert, check, select a problem's cell, consolidate) and every
 * outcome is read from the fake workbook in the page. No request leaves the local server.
 */
import type { Browser, Page } from 'playwright-core';
import type { FakeOfficeGlobals } from './fake-office';
import { asOfficeLoadsIt, bundleFakeOffice, useFakeOffice } from './fake-office-bundle';
import { ct37, EXCEL_FIX, EXCEL_UNITS, expectedSum, labelOf, rowOfCode } from './fixtures';
import {
  describeInChromium,
  ensureBuild,
  expectLocalOnly,
  launchChromium,
  openPane,
  overflowing,
  screenshot,
  serve,
  until,
  type Pane,
  type Served,
} from './harness';

type Cell = string | number | boolean | { formula: string };
interface SheetView {
  id: string;
  grid: Cell[][];
  frozenRows: number;
}
interface WorkbookView {
  names: string[];
  activeId: string;
  selection: { sheetId: string; address: string } | undefined;
}

/** Column A key → column D of a sheet's grid, and the 1-based row of each key. */
function byKey(grid: Cell[][]): { d: Map<string, Cell>; f: Map<string, Cell>; row: Map<string, number> } {
  const d = new Map<string, Cell>();
  const f = new Map<string, Cell>();
  const row = new Map<string, number>();
  grid.forEach((cells, r) => {
    const key = cells[0];
    if (typeof key !== 'string' || key === '') return;
    d.set(key, cells[3] ?? '');
    f.set(key, cells[5] ?? '');
    row.set(key, r + 1);
  });
  return { d, f, row };
}

describeInChromium('Excel mode in Chromium against a fake Office host (production build, 320 px)', () => {
  let served: Served;
  let browser: Browser;
  let pane: Pane;
  let page: Page;
  let overflow: string[] = [];

  const workbook = (): Promise<WorkbookView> =>
    page.evaluate(() => {
      const { fake } = (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc;
      return { names: fake.sheets.map((s) => s.name), activeId: fake.activeId, selection: fake.selection ? { ...fake.selection } : undefined };
    });
  const sheet = (name: string): Promise<SheetView> =>
    page.evaluate((n) => {
      const s = (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc.fake.sheet(n);
      return { id: s.id, grid: s.grid(), frozenRows: s.frozenRows };
    }, name);
  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  /** the tab in view: every tab stays mounted, the others hidden */
  const panel = () => page.locator('section[role=tabpanel]:not([hidden])');

  beforeAll(async () => {
    const [build, fakeOffice] = await Promise.all([ensureBuild(), bundleFakeOffice()]);
    process.stderr.write(`[browser tests] web build ${build.built ? `built in ${build.ms} ms` : 'reused'}: ${build.dir}\n`);
    served = await serve(build.dir);
    browser = await launchChromium();
    pane = await openPane(browser, served.origin, (p) => useFakeOffice(p, fakeOffice));
    page = pane.page;
    await page.goto(asOfficeLoadsIt(served.origin));
    await page.getByText('Trong Excel', { exact: true }).waitFor({ timeout: 15_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  test('starts in Excel mode through Office.onReady, asks for the requirement sets, lists no limitation', async () => {
    const office = await page.evaluate(() => {
      const g = (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc;
      return { onReady: g.onReady, setsAsked: [...g.setsAsked] };
    });
    expect(office.onReady).toBeGreaterThanOrEqual(1);
    expect(office.setsAsked).toEqual(expect.arrayContaining(['ExcelApi 1.7', 'ExcelApi 1.8', 'ExcelApi 1.9']));
    await expect(page.getByText('Phiên bản Excel này thiếu').count()).resolves.toBe(0);
    for (const name of ['Chèn phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo']) await expect(tab(name).isVisible()).resolves.toBe(true);
    // the fake stood in for office.js: nothing else of office-js/ was fetched
    expect(pane.requests.filter((url) => url.includes('/office-js/'))).toEqual([`${served.origin}/office-js/office.js`]);
    expect((await workbook()).names).toEqual(['Sheet1', ...EXCEL_UNITS.map((u) => u.sheet)]);
  });

  test('Chèn phụ lục: a new appendix sheet appears in the workbook, active, the first input cell selected', async () => {
    await panel().getByLabel('Tên đơn vị', { exact: true }).fill('Sở Nội vụ');
    await panel().getByLabel('Mã đơn vị', { exact: true }).fill('SNV');
    await page.getByRole('button', { name: 'Chèn phụ lục vào trang mới' }).click();
    const done = panel().getByText(/^Đã chèn phụ lục vào trang ".+"\.$/);
    await done.waitFor({ timeout: 15_000 });
    const name = /"(.+)"/.exec((await done.textContent())!)![1]!;

    const after = await workbook();
    expect(after.names).toEqual(['Sheet1', ...EXCEL_UNITS.map((u) => u.sheet), name]);
    const inserted = await sheet(name);
    const { d } = byKey(inserted.grid);
    expect(d.get('@template')).toBe('ct37@1');
    expect(d.get('@unit')).toBe('Sở Nội vụ');
    expect(d.get('@unitCode')).toBe('SNV');
    // every input row of the template, blank; every ratio row a formula
    for (const row of ct37.rows) {
      if (row.kind === 'count') expect([row.code, d.get(row.code)]).toEqual([row.code, '']);
      if (row.kind === 'ratio') expect([row.code, typeof d.get(row.code)]).toEqual([row.code, 'object']);
    }
    expect(after.activeId).toBe(inserted.id);
    expect(inserted.frozenRows).toBeGreaterThan(0);
    expect(after.selection).toEqual({ sheetId: inserted.id, address: `D${inserted.frozenRows + 1}` });
  });

  test('Kiểm tra: the problem is listed with its cell, marked, and a click selects that cell in its sheet', async () => {
    await tab('Kiểm tra').click();
    await expect(page.getByRole('radio', { name: 'Mọi trang phụ lục' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    // three appendix sheets: the two units and the one just inserted
    await panel().getByText('Đã kiểm tra 3 trang phụ lục: 1 lỗi, 0 cảnh báo. Đã đánh dấu 1 ô.').waitFor({ timeout: 15_000 });

    const wrong = EXCEL_UNITS[1]!;
    const cell = `D${rowOfCode('4.3.a')}`;
    const errors = panel().locator('ul.problems > li.problem.error');
    await expect(errors.count()).resolves.toBe(1);
    const item = errors.first();
    await expect(item.locator('.place').textContent()).resolves.toBe(`Phu luc xa.xlsx › ${wrong.sheet} › ${cell}`);
    await expect(item.locator('.message').textContent()).resolves.toBe(`${labelOf('4.3.a')} (4.3.a) = 140 lớn hơn ${labelOf('4.3.b')} (4.3.b) = 130.`);
    await panel().getByText('Bấm vào một dòng để chọn ô có vấn đề.').waitFor();

    // the cell is marked in the workbook (light red), its neighbours are not
    const fills = await page.evaluate(
      ({ name, address, below }) => {
        const s = (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc.fake.sheet(name);
        return [s.cell(address)?.fill ?? null, s.cell(below)?.fill ?? null];
      },
      { name: wrong.sheet, address: cell, below: `D${rowOfCode('4.3.b')}` },
    );
    expect(fills[0]).toEqual(expect.stringMatching(/^#[0-9A-F]{6}$/i));
    expect(fills[1]).toBeNull();

    overflow = await overflowing(page);
    await screenshot(page, 'excel-check.png');

    const before = await workbook();
    expect(before.activeId).not.toBe((await sheet(wrong.sheet)).id);
    await item.locator('button.problem-button').click();
    const wrongId = (await sheet(wrong.sheet)).id;
    const selected = await until(workbook, (w) => w.selection?.sheetId === wrongId);
    expect(selected.selection).toEqual({ sheetId: wrongId, address: cell });
    expect(selected.activeId).toBe(wrongId);
  });

  test('Tổng hợp: once the figure is corrected, a "Tổng hợp" sheet appears with the sums in D and the ratio as a formula', async () => {
    // the user types the right figure over the wrong one
    await page.evaluate(({ name, address, value }) => (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc.fake.sheet(name).type(address, value), {
      name: EXCEL_FIX.sheet,
      address: `D${rowOfCode(EXCEL_FIX.code)}`,
      value: EXCEL_FIX.value,
    });
    const units = EXCEL_UNITS.map((u) => (u.sheet === EXCEL_FIX.sheet ? { ...u, figures: { ...u.figures, [EXCEL_FIX.code]: EXCEL_FIX.value } } : u));

    await tab('Tổng hợp').click();
    await expect(page.getByRole('checkbox', { name: 'Các trang phụ lục trong sổ này' }).isChecked()).resolves.toBe(true);
    await panel().getByLabel('Cơ quan tổng hợp', { exact: true }).fill('Ban Dân vận Huyện ủy');
    await panel().getByLabel('Mã cơ quan tổng hợp', { exact: true }).fill('BDV');
    await page.getByRole('button', { name: 'Tổng hợp', exact: true }).click();
    // the two units and the blank appendix inserted above
    await panel().getByText('Đã tổng hợp 3/3 đơn vị vào trang "Tổng hợp".').waitFor({ timeout: 15_000 });

    const after = await workbook();
    expect(after.names).toEqual(expect.arrayContaining(['Tổng hợp', 'Kiểm tra', 'Đơn vị']));
    const summary = await sheet('Tổng hợp');
    expect(after.activeId).toBe(summary.id);
    const { d, f, row } = byKey(summary.grid);
    expect(d.get('@template')).toBe('ct37@1');
    expect(d.get('@unit')).toBe('Ban Dân vận Huyện ủy');
    expect(d.get('@unitCode')).toBe('BDV');
    for (const code of ['2.1', '2.2', '4.3.a', '4.3.b']) {
      const { sum, reported } = expectedSum(units, code);
      expect([code, d.get(code), f.get(code)]).toEqual([code, sum, reported]);
    }
    expect(d.get('4.3.a')).toBe(150);
    expect(d.get('4.3.b')).toBe(170);
    // nobody reported 1.1: blank, never 0
    expect(d.get('1.1')).toBe('');
    // the ratio: a formula over the summed numerator and denominator (the fake does not compute it)
    const ratio = d.get('4.3') as { formula: string };
    expect(ratio.formula).toEqual(expect.stringContaining(`D${row.get('4.3.a')}`));
    expect(ratio.formula).toEqual(expect.stringContaining(`D${row.get('4.3.b')}`));
  });

  test('at 320 px nothing is wider than the pane after a check with problems listed', () => {
    expect(overflow).toEqual([]);
  });

  test('nothing left the machine: every request went to the local server, and the page logged no error', async () => {
    await expectLocalOnly(pane, served.origin);
    // the Excel host's code was loaded lazily, from the build
    expect(pane.requests.some((url) => /\/src_excel_host_ts\.[0-9a-f]{8}\.js$/.test(url))).toBe(true);
    expect(served.log.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(pane.errors).toEqual([]);
  });
});
