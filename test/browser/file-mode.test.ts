/**
 * File mode in a real browser: the production build of the task pane in Debian's Chromium, 320 px
 * wide, served from 127.0.0.1, with the real office.js of the build (outside Office, so the page
 * starts in file mode). Each tab is driven as a user would: files are picked through the hidden
 * file inputs, results are caught as downloads and read back with the project's own .xlsx reader,
 * and the figures are compared with figures computed here from the units' own. Every request the
 * page makes must go to the local server. One screenshot per tab (to docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import type { Browser, Page } from 'playwright-core';
import { builtInRegistry } from '../../src/core/builtins';
import { checkWorkbook } from '../../src/xlsx/check';
import { readXlsx } from '../../src/xlsx/read';
import type { SheetData } from '../../src/sheet/grid';
import { foreignXlsx } from '../helpers/foreign';
import { ct37, expectedSum, FILE_UNITS, labelOf, rowOfCode, rowsOf, viNumber, WRONG_UNIT, type UnitFixture } from './fixtures';
import {
  describeInChromium,
  downloadOf,
  ensureBuild,
  expectLocalOnly,
  launchChromium,
  openPane,
  overflowing,
  screenshot,
  serve,
  until,
  VIEWPORT,
  type Pane,
  type Served,
} from './harness';

const registry = builtInRegistry();
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileOf = (u: UnitFixture) => ({
  name: `${u.meta.unitCode}.xlsx`,
  mimeType: XLSX_MIME,
  buffer: Buffer.from(foreignXlsx([{ name: u.sheet, rows: rowsOf(u) }])),
});

/** Column A key → the D cell of a sheet read by readXlsx. */
function columnD(sheet: SheetData): Map<string, { value: unknown; formula?: string }> {
  const out = new Map<string, { value: unknown; formula?: string }>();
  for (const row of sheet.rows) {
    const key = row?.[0]?.value;
    if (typeof key !== 'string' || key === '') continue;
    const d = row?.[3];
    out.set(key, { value: d?.value ?? null, ...(d?.formula !== undefined ? { formula: d.formula } : {}) });
  }
  return out;
}

describeInChromium('file mode in Chromium (production build, 320 px)', () => {
  let served: Served;
  let browser: Browser;
  let pane: Pane;
  let page: Page;
  /** what sticks out of the 320 px pane on each tab, measured when its screenshot is taken */
  const overflow: Record<string, string[]> = {};
  /** the summary downloaded by "Tổng hợp", picked again by "Báo cáo" */
  let summary: { name: string; bytes: Uint8Array } | undefined;

  beforeAll(async () => {
    const build = await ensureBuild();
    process.stderr.write(`[browser tests] web build ${build.built ? `built in ${build.ms} ms` : 'reused'}: ${build.dir}\n`);
    served = await serve(build.dir);
    browser = await launchChromium();
    pane = await openPane(browser, served.origin);
    page = pane.page;
    await page.goto(`${served.origin}/taskpane.html`);
    // no sign of Office on the page: file mode as soon as office.js says there is no host (at most 1.5 s)
    await page.getByText('Chế độ tệp (ngoài Excel)', { exact: false }).waitFor({ timeout: 15_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  /** the tab in view: every tab stays mounted, the others hidden */
  const panel = () => page.locator('section[role=tabpanel]:not([hidden])');

  test('starts in file mode with the four tabs in Vietnamese', async () => {
    expect(await page.title()).toBe('Phụ lục');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    const tabs = page.getByRole('tab');
    await expect(tabs.count()).resolves.toBe(4);
    // in file mode the first tab makes a file: it says so
    for (const name of ['Tạo tệp phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo']) await expect(tab(name).isVisible()).resolves.toBe(true);
    await expect(tab('Tạo tệp phụ lục').getAttribute('aria-selected')).resolves.toBe('true');
    // the real office.js was loaded from the build, beside the page
    expect(pane.requests).toContain(`${served.origin}/office-js/office.js`);
  });

  test('the four tabs fit from 280 to 350 px: no horizontal scrollbar, every tab inside the viewport', async () => {
    const widths: Record<string, number> = {};
    const language = page.getByTestId('switch-language');
    const english = async () => (await page.locator('html').getAttribute('lang')) === 'en' || (await language.textContent()) === 'VI';
    try {
      for (const [lang, width] of [280, 300, 320, 350].flatMap(
        (w) =>
          [
            ['vi', w],
            ['en', w],
          ] as const,
      )) {
        if ((lang === 'en') !== (await english())) await language.click();
        await page.getByRole('tab', { name: lang === 'en' ? 'Create the appendix file' : 'Tạo tệp phụ lục', exact: true }).waitFor();
        await page.setViewportSize({ width, height: VIEWPORT.height });
        const measured = await page.evaluate(() => {
          const root = document.documentElement;
          const tabs = Array.from(document.querySelectorAll('[role=tab]')).map((t) => t.getBoundingClientRect());
          return {
            scrollWidth: root.scrollWidth,
            clientWidth: root.clientWidth,
            viewport: window.innerWidth,
            tabs: tabs.map((r) => ({ left: r.left, right: r.right })),
            row: Math.round(tabs[tabs.length - 1]!.right - tabs[0]!.left),
          };
        });
        widths[`${lang} ${width}`] = measured.row;
        expect([width, measured.scrollWidth <= measured.clientWidth]).toEqual([width, true]);
        expect(measured.tabs).toHaveLength(4);
        for (const t of measured.tabs) expect([width, t.left >= 0 && t.right <= measured.viewport]).toEqual([width, true]);
      }
    } finally {
      await page.setViewportSize(VIEWPORT);
      if (await english()) await language.click();
    }
    await tab('Tạo tệp phụ lục').waitFor();
    process.stderr.write(`[browser tests] tab row width by viewport: ${JSON.stringify(widths)}\n`);
    // the short label is what is seen; the tab's name is still the full one
    await expect(tab('Tạo tệp phụ lục').getAttribute('title')).resolves.toBe('Tạo tệp phụ lục');
    await expect(tab('Tạo tệp phụ lục').textContent()).resolves.toBe('Tạo tệp');
  });

  test('Tạo tệp phụ lục: the created file downloads with the unit, its code, the template and the period', async () => {
    await panel().getByLabel('Tên đơn vị', { exact: true }).fill('Sở Nội vụ');
    await panel().getByLabel('Mã đơn vị', { exact: true }).fill('SNV');
    const file = await downloadOf(page, () => page.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' }).click());
    expect(file.name).toBe('ct37-SNV.xlsx');
    await panel().getByText('Đã tạo tệp ct37-SNV.xlsx.').waitFor();

    const read = readXlsx(file.bytes);
    if (!read.ok) throw new Error(`the download is not a workbook: ${read.rule}`);
    expect(read.workbook.sheets).toHaveLength(1);
    const checked = checkWorkbook(file.bytes, file.name, registry);
    expect(checked.unreadable).toBe(false);
    expect(checked.sheets).toHaveLength(1);
    const report = checked.sheets[0]!.report!;
    expect(report.template).toEqual({ id: 'ct37', version: 1 });
    expect(report.meta).toEqual({ unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2017-05-11', to: '2022-05-30' });
    // a blank appendix: nothing reported, nothing wrong
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect([...report.values.values()].every((v) => v.kind === 'blank')).toBe(true);
    // every indicator of the template has its row
    for (const row of ct37.rows.filter((r) => r.kind === 'count')) expect(report.cells.get(row.code)).toMatch(/^D\d+$/);

    overflow['Tạo tệp phụ lục'] = await overflowing(page);
    await screenshot(page, 'tab-insert.png');
  });

  test('Kiểm tra: a numerator above its denominator is reported with its cell and the Vietnamese message', async () => {
    await tab('Kiểm tra').click();
    const input = panel().locator('input[type=file][aria-label="Thêm tệp (.xlsx, .ods)"]');
    await input.setInputFiles(fileOf(WRONG_UNIT));
    await panel()
      .getByText(/^1 tệp, [\d,]+ MB$/)
      .waitFor();
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();

    await panel()
      .getByText(/Đã kiểm tra 1 trang phụ lục: 1 lỗi/)
      .waitFor({ timeout: 15_000 });
    // the file with the error is counted as such beside the pick
    await panel()
      .getByText(/^1 tệp, [\d,]+ MB, 1 tệp có lỗi$/)
      .waitFor();
    const cell = `D${rowOfCode('4.3.a')}`;
    const expected = `${labelOf('4.3.a')} (4.3.a) = 140 lớn hơn ${labelOf('4.3.b')} (4.3.b) = 130.`;
    const problems = panel().locator('ul.problems > li');
    await expect(problems.count()).resolves.toBe(1);
    const item = problems.first();
    await expect(item.locator('.place').textContent()).resolves.toBe(`TH.xlsx › ${WRONG_UNIT.sheet} › ${cell}`);
    await expect(item.locator('.code').textContent()).resolves.toBe(' [4.3.a]');
    await expect(item.locator('.message').textContent()).resolves.toBe(expected);
    await expect(item.textContent()).resolves.toContain('Lỗi');
    // file mode cannot select a cell: the line is not a button
    await expect(item.locator('button').count()).resolves.toBe(0);

    overflow['Kiểm tra'] = await overflowing(page);
    await screenshot(page, 'tab-check.png');
  });

  test('Tổng hợp: three units consolidate into a summary whose figures are the sums and the ratio recomputed', async () => {
    await tab('Tổng hợp').click();
    await panel().locator('input[type=file][aria-label="Thêm tệp của đơn vị (.xlsx, .ods)"]').setInputFiles(FILE_UNITS.map(fileOf));
    await panel()
      .getByText(/^3 tệp, [\d,]+ MB$/)
      .waitFor();
    await page.getByLabel('Cơ quan tổng hợp', { exact: true }).fill('Ban Dân vận Huyện ủy');
    await page.getByLabel('Mã cơ quan tổng hợp').fill('BDV');
    const file = await downloadOf(page, () => page.getByRole('button', { name: 'Tổng hợp', exact: true }).click());
    await panel().getByText('Đã tổng hợp 3/3 đơn vị.').waitFor();
    expect(file.name).toBe('tong-hop-ct37-BDV.xlsx');
    // the result has the focus, was scrolled into the 320 px viewport, and is what the polite live region says
    const focused = await until(
      () =>
        page.evaluate(() => {
          const active = document.activeElement as HTMLElement | null;
          const box = active?.getBoundingClientRect();
          return {
            testId: active?.getAttribute('data-testid') ?? null,
            text: active?.textContent?.trim() ?? '',
            inside: box ? box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth : false,
            width: window.innerWidth,
            spoken: document.querySelector('[data-testid=announce-polite]')?.textContent ?? '',
          };
        }),
      // in view once the message has grown in (the pane scrolls it into view again then)
      (f) => f.testId === 'outcome' && f.spoken !== '' && f.inside,
    );
    expect(focused).toMatchObject({ testId: 'outcome', inside: true, width: 320 });
    expect(focused.text).toContain('Đã tổng hợp 3/3 đơn vị.');
    expect(focused.spoken).toBe(focused.text);
    summary = file;

    const read = readXlsx(file.bytes);
    if (!read.ok) throw new Error(`the summary is not a workbook: ${read.rule}`);
    expect(read.workbook.sheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi tiết đơn vị', 'Kiểm tra', 'Đơn vị']);
    const d = columnD(read.workbook.sheets[0]!);
    expect(d.get('@template')?.value).toBe('ct37@1');
    expect(d.get('@unit')?.value).toBe('Ban Dân vận Huyện ủy');
    expect(d.get('@unitCode')?.value).toBe('BDV');

    // count rows: the sum of the units that reported a number (blank and x not added)
    for (const code of ['2.1', '2.2', '4.3.a', '4.3.b', '4.4.a', '4.4.b']) {
      const { sum, reported } = expectedSum(FILE_UNITS, code);
      expect([code, d.get(code)?.value]).toEqual([code, reported > 0 ? sum : null]);
      // column F: how many units reported the row
      const row = read.workbook.sheets[0]!.rows.find((r) => r?.[0]?.value === code)!;
      expect([code, row[5]?.value]).toEqual([code, reported]);
    }
    expect(d.get('4.3.a')?.value).toBe(1200);
    // rows nobody reported stay blank, never 0
    expect(d.get('1.1')?.value).toBeNull();

    // ratio rows: a formula over the summed numerator and denominator, its result saved
    const ratio = d.get('4.3')!;
    const a = expectedSum(FILE_UNITS, '4.3.a').sum;
    const b = expectedSum(FILE_UNITS, '4.3.b').sum;
    expect(ratio.formula).toBeDefined();
    const rowA = read.workbook.sheets[0]!.rows.findIndex((r) => r?.[0]?.value === '4.3.a') + 1;
    const rowB = read.workbook.sheets[0]!.rows.findIndex((r) => r?.[0]?.value === '4.3.b') + 1;
    expect(ratio.formula).toContain(`D${rowA}`);
    expect(ratio.formula).toContain(`D${rowB}`);
    expect(typeof ratio.value).toBe('number');
    const value = ratio.value as number;
    // saved either as a fraction (percent format) or on the 0–100 scale
    expect(value > 1 ? value : value * 100).toBeCloseTo((a / b) * 100, 6);

    // the summary reads back as a report of the same template with the same sums
    const again = checkWorkbook(file.bytes, file.name, registry);
    const back = again.sheets.find((s) => s.sheet === 'Tổng hợp')!.report!;
    expect(back.values.get('4.3.b')).toEqual({ kind: 'number', value: b });

    overflow['Tổng hợp'] = await overflowing(page);
    await screenshot(page, 'tab-consolidate.png');
  });

  test('Báo cáo: the downloaded summary gives the sentence with the figures in Vietnamese style', async () => {
    if (!summary) throw new Error('the consolidation test did not leave a summary to report on');
    await tab('Báo cáo').click();
    await panel()
      .locator('input[type=file][aria-label="Chọn tệp tổng hợp hoặc phụ lục (.xlsx, .ods)"]')
      .setInputFiles({ name: summary.name, mimeType: XLSX_MIME, buffer: Buffer.from(summary.bytes) });
    await panel().getByText(summary.name, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Viết báo cáo' }).click();

    const preview = page.getByRole('article', { name: 'Xem trước báo cáo' });
    await preview.waitFor({ timeout: 15_000 });
    const a = expectedSum(FILE_UNITS, '4.3.a').sum;
    const b = expectedSum(FILE_UNITS, '4.3.b').sum;
    const sentence = `Kết quả giải quyết đơn thư khiếu nại: ${viNumber(a, 0)}/${viNumber(b, 0)} đơn, đạt ${viNumber((a / b) * 100)}%.`;
    expect(sentence).toBe('Kết quả giải quyết đơn thư khiếu nại: 1.200/1.300 đơn, đạt 92,31%.');
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain(sentence);
    // the denunciations: 11 of 13 (the x of one unit is not added)
    expect(text).toContain(`${viNumber(expectedSum(FILE_UNITS, '4.4.a').sum, 0)}/${viNumber(expectedSum(FILE_UNITS, '4.4.b').sum, 0)}`);
    await expect(page.getByRole('button', { name: 'Tải báo cáo .docx' }).isVisible()).resolves.toBe(true);
    // the screenshot shows the sentence: the preview scrolls within itself
    await preview.getByText(sentence).scrollIntoViewIfNeeded();

    overflow['Báo cáo'] = await overflowing(page);
    await screenshot(page, 'tab-report.png');
  });

  test('at 320 px nothing on any tab is wider than the pane (no horizontal scrolling)', () => {
    expect(Object.keys(overflow)).toEqual(['Tạo tệp phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo']);
    expect(overflow).toEqual({ 'Tạo tệp phụ lục': [], 'Kiểm tra': [], 'Tổng hợp': [], 'Báo cáo': [] });
  });

  test('nothing left the machine: every request went to the local server, and the page logged no error', async () => {
    await expectLocalOnly(pane, served.origin);
    // the lazily loaded .xlsx code came from the build too
    expect(pane.requests.some((url) => /\/exceljs\.[0-9a-f]{8}\.js$/.test(url))).toBe(true);
    expect(served.log.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(pane.errors).toEqual([]);
  });
});
