/**
 * The secretariat's whole sequence in file mode, by keyboard only, at 300 and 500 px: create a
 * unit's file, check a unit's file with an error, consolidate three units, write the report from
 * the summary just made and download it as .docx. Only page.keyboard moves the focus and presses
 * things; the one step no keyboard can do, choosing files in the system's dialog, is done on the
 * file chooser the "add files" button opened (pressed by keyboard). After each action the result
 * has the focus and is what the live region says. axe-core (test/browser/axe.ts) finds nothing
 * serious or critical on each tab before and after each action, in Vietnamese, and on each tab in
 * English. Pictures: sequence-<width>-<step>.png (to docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { checkWorkbook } from '../../src/xlsx/check';
import { builtInRegistry } from '../../src/core/builtins';
import { foreignXlsx } from '../helpers/foreign';
import { expectAxeClean } from './axe';
import { FILE_UNITS, rowsOf, WRONG_UNIT, type UnitFixture } from './fixtures';
import {
  describeInChromium,
  downloadOf,
  ensureBuild,
  expectLocalOnly,
  launchChromium,
  openPane,
  SCREENSHOTS,
  serve,
  until,
  VIEWPORT,
  type Pane,
  type Served,
} from './harness';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileOf = (u: UnitFixture) => ({
  name: `${u.meta.unitCode}.xlsx`,
  mimeType: XLSX_MIME,
  buffer: Buffer.from(foreignXlsx([{ name: u.sheet, rows: rowsOf(u) }])),
});

/** The tabs' accessible names in file mode, in the TabList's order. */
const TABS = { vi: ['Tạo tệp phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo'], en: ['Create the appendix file', 'Check', 'Consolidate', 'Report'] } as const;

/** What has the focus: its role, its accessible name (as far as the pane sets it) and test id. */
interface Focused {
  tag: string;
  role: string;
  name: string;
  testId: string | null;
  dummy: boolean;
  /** the tab panel it is in, if any */
  panel: string | null;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: '', name: '', testId: null, dummy: false, panel: null };
    const text = (ids: string) =>
      ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim();
    const labelled = el.getAttribute('aria-labelledby');
    const labels = (el as HTMLInputElement).labels;
    // innerText: not the text Fluent keeps hidden to reserve a tab's bold width
    const name =
      (el.getAttribute('aria-label') ?? (labelled ? text(labelled) : '')) ||
      (labels && labels.length > 0 ? (labels[0]!.textContent ?? '') : '') ||
      el.innerText;
    const input = el instanceof HTMLInputElement ? (({ checkbox: 'checkbox', radio: 'radio' } as Record<string, string>)[el.type] ?? 'textbox') : undefined;
    const role =
      el.getAttribute('role') ?? input ?? ({ BUTTON: 'button', SELECT: 'combobox', TEXTAREA: 'textbox' } as Record<string, string>)[el.tagName] ?? '';
    return {
      tag: el.tagName.toLowerCase(),
      role,
      name: name.trim(),
      testId: el.getAttribute('data-testid'),
      dummy: el.hasAttribute('data-tabster-dummy'),
      panel: el.closest('[role=tabpanel]')?.id ?? null,
    };
  });
}

/**
 * Presses `key` until the focus is on what `want` accepts; throws with the way it went when it is
 * not reached in `max` presses. The focus never rests on one of tabster's bumpers.
 */
async function pressUntil(page: Page, key: string, want: (f: Focused) => boolean, what: string, max = 60): Promise<Focused> {
  const way: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (now.dummy) throw new Error(`${key} left the focus on a tabster bumper after ${way.join(' → ')}`);
    way.push(`${now.role || now.tag} "${now.name.slice(0, 40)}"`);
    if (want(now)) return now;
  }
  throw new Error(`${key} ×${max} never reached ${what}: ${way.join(' → ')}`);
}

/** Tab (or Shift+Tab) to the control of this role and accessible name. */
const tabTo = (page: Page, role: string, name: string | RegExp, back = false) =>
  pressUntil(
    page,
    back ? 'Shift+Tab' : 'Tab',
    (f) => f.role === role && (typeof name === 'string' ? f.name === name : name.test(f.name)),
    `${role} "${String(name)}"`,
  );

/** The result region of the tab shown, once it has the focus and the live region says what it shows. */
async function outcomeFocused(
  page: Page,
  expected: string,
): Promise<{ testId: string | null; panel: string | null; text: string; spoken: string; inside: boolean }> {
  const read = () =>
    page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      const box = active?.getBoundingClientRect();
      const spoken = [...document.querySelectorAll('[data-testid^=announce-]')].map((e) => e.textContent ?? '').join('');
      return {
        testId: active?.getAttribute('data-testid') ?? null,
        panel: active?.closest('[role=tabpanel]')?.id ?? null,
        text: active?.textContent?.trim() ?? '',
        spoken,
        inside: box ? box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth : false,
      };
    });
  // in view once the message has grown in (the pane scrolls it into view again then)
  const seen = await until(read, (f) => f.testId === 'outcome' && f.text.includes(expected) && f.spoken === f.text && f.inside, 20_000);
  expect(seen).toMatchObject({ testId: 'outcome', inside: true });
  expect(seen.text).toContain(expected);
  expect(seen.spoken).toBe(seen.text);
  return seen;
}

/** A picture of the page at its own width, the whole height (harness.screenshot clips to 320 px). */
async function picture(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? VIEWPORT.width;
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, window.innerHeight));
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true, clip: { x: 0, y: 0, width, height } });
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

describeInChromium('the secretariat’s sequence by keyboard only, checked by axe-core (file mode, production build)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    const build = await ensureBuild();
    process.stderr.write(`[browser tests] web build ${build.built ? `built in ${build.ms} ms` : 'reused'}: ${build.dir}\n`);
    served = await serve(build.dir);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  for (const width of [300, 500] as const) {
    describe(`${width} px wide`, () => {
      let pane: Pane;
      let page: Page;
      const shot = (step: string) => picture(page, `sequence-${width}-${step}.png`);
      const axe = (label: string) => expectAxeClean(page, `${width} px, ${label}`);
      const selected = () =>
        page.evaluate(() => {
          const tab = document.querySelector<HTMLElement>('[role=tab][aria-selected=true]');
          return tab?.getAttribute('aria-label') ?? tab?.innerText.trim() ?? '';
        });

      /**
       * To the tab list (Shift+Tab from below, Tab from above), the arrow keys to `name`, then
       * `key` (Enter or Space). Fluent's TabList moves the focus with the arrows and selects only
       * on Enter or Space (no selectTabOnFocus): the tab shown stays until then.
       */
      async function openTab(name: string, lang: 'vi' | 'en' = 'vi', key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
        const names: readonly string[] = TABS[lang];
        const before = await selected();
        const where = await focused(page);
        if (where.role !== 'tab')
          await pressUntil(page, where.panel || where.testId === 'outcome' ? 'Shift+Tab' : 'Tab', (f) => f.role === 'tab', 'the tab list');
        // the tab list is one stop of the Tab key: the focus lands on the tab shown
        expect((await focused(page)).name).toBe(before);
        for (let i = 0; i < names.length; i++) {
          const now = await focused(page);
          if (now.name === name) break;
          await page.keyboard.press(names.indexOf(now.name) < names.indexOf(name) ? 'ArrowRight' : 'ArrowLeft');
        }
        expect((await focused(page)).name).toBe(name);
        expect(await selected()).toBe(before);
        await page.keyboard.press(key);
        await until(selected, (s) => s === name);
        expect(await selected()).toBe(name);
      }

      /**
       * The file dialogs the page opened, not yet answered. Listened for from the start, so that
       * Chromium hands every dialog to the test (a listener added just before the key press may
       * not be in place yet when the dialog opens).
       */
      const choosers: FileChooser[] = [];

      /** Presses the "add files" button (reached by Tab) and answers the file dialog it opens. */
      async function addFiles(button: string, files: ReturnType<typeof fileOf>[]): Promise<void> {
        await tabTo(page, 'button', button);
        choosers.length = 0;
        await page.keyboard.press('Enter');
        await until(
          async () => choosers.length,
          (n) => n > 0,
        );
        const chooser = choosers.shift();
        if (!chooser) throw new Error(`Enter on "${button}" opened no file dialog`);
        expect(chooser.isMultiple()).toBe(true);
        await chooser.setFiles(files);
      }

      beforeAll(async () => {
        pane = await openPane(browser, served.origin);
        page = pane.page;
        page.on('filechooser', (chooser) => choosers.push(chooser));
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${served.origin}/taskpane.html`);
        await page.getByText('Chế độ tệp (ngoài Excel)', { exact: false }).waitFor({ timeout: 15_000 });
      }, 60_000);

      afterAll(async () => {
        await pane?.context.close();
      });

      test('Tạo tệp: the unit typed in, the file created and downloaded, the result focused and announced', async () => {
        expect(await selected()).toBe('Tạo tệp phụ lục');
        await expect(page.getByRole('tab', { name: 'Tạo tệp phụ lục', exact: true }).textContent()).resolves.toBe('Tạo tệp');
        await axe('Tạo tệp, before');
        await shot('1-create');

        // from the top of the page: the language button, the tab list, the template, then the unit
        await tabTo(page, 'textbox', 'Tên đơn vị');
        await page.keyboard.type('Sở Nội vụ');
        await tabTo(page, 'textbox', 'Mã đơn vị');
        await page.keyboard.type('SNV');
        await tabTo(page, 'button', 'Tạo tệp phụ lục (.xlsx)');
        const file = await downloadOf(page, () => page.keyboard.press('Enter'));
        expect(file.name).toBe('ct37-SNV.xlsx');
        expect(isZip(file.bytes)).toBe(true);
        const report = checkWorkbook(file.bytes, file.name, builtInRegistry()).sheets[0]!.report!;
        expect(report.meta).toMatchObject({ unit: 'Sở Nội vụ', unitCode: 'SNV' });

        const result = await outcomeFocused(page, 'Đã tạo tệp ct37-SNV.xlsx.');
        expect(result.panel).toBe('panel-insert');
        await axe('Tạo tệp, after creating');
        await shot('1-created');
      });

      test('Kiểm tra: a unit’s file with an error added through the file dialog, checked, the result focused and announced', async () => {
        await openTab('Kiểm tra');
        await axe('Kiểm tra, before');
        await addFiles('Thêm tệp (.xlsx, .ods)', [fileOf(WRONG_UNIT)]);
        await page.locator('#panel-check').getByText('1 tệp,', { exact: false }).waitFor();
        await axe('Kiểm tra, file added');

        await tabTo(page, 'button', 'Kiểm tra');
        await page.keyboard.press('Enter');
        const result = await outcomeFocused(page, 'Đã kiểm tra 1 trang phụ lục: 1 lỗi');
        expect(result.panel).toBe('panel-check');
        await expect(page.locator('#panel-check ul.problems > li').count()).resolves.toBe(1);
        // the file's line now says it has an error
        await page.locator('#panel-check').getByText('1 tệp có lỗi', { exact: false }).waitFor();
        await axe('Kiểm tra, after checking');
        await shot('2-checked');
      });

      test('Tổng hợp: three units added, the list opened and read by keyboard, consolidated and downloaded; then on to Báo cáo in one key', async () => {
        await openTab('Tổng hợp');
        await axe('Tổng hợp, before');
        await addFiles('Thêm tệp của đơn vị (.xlsx, .ods)', FILE_UNITS.map(fileOf));
        await page.locator('#panel-consolidate').getByText('3 tệp,', { exact: false }).waitFor();

        // the list of the files picked: opened, its scrolling box reached by Tab, closed again
        await tabTo(page, 'button', 'Xem danh sách');
        await page.keyboard.press('Space');
        await page.locator('#panel-consolidate').getByRole('region', { name: 'Các tệp đã chọn' }).waitFor();
        await axe('Tổng hợp, the list of files open');
        await shot('3-files');
        await tabTo(page, 'region', 'Các tệp đã chọn');
        await tabTo(page, 'button', 'Ẩn danh sách', true);
        await page.keyboard.press('Enter');
        await until(
          () => page.locator('#panel-consolidate [role=region]').count(),
          (n) => n === 0,
        );

        await tabTo(page, 'textbox', 'Cơ quan tổng hợp');
        await page.keyboard.type('Ban Dân vận Huyện ủy');
        await tabTo(page, 'textbox', 'Mã cơ quan tổng hợp');
        await page.keyboard.type('BDV');
        await axe('Tổng hợp, files and body filled in');
        await tabTo(page, 'button', 'Tổng hợp');
        const summary = await downloadOf(page, () => page.keyboard.press('Enter'));
        expect(summary.name).toBe('tong-hop-ct37-BDV.xlsx');
        expect(isZip(summary.bytes)).toBe(true);
        const result = await outcomeFocused(page, 'Đã tổng hợp 3/3 đơn vị.');
        expect(result.panel).toBe('panel-consolidate');
        await axe('Tổng hợp, after consolidating');
        await shot('3-consolidated');

        // from the result, on to the button that writes the report from this very summary
        await tabTo(page, 'button', 'Viết báo cáo từ bản tổng hợp này');
        await page.keyboard.press('Enter');
        await until(selected, (s) => s === 'Báo cáo');
        expect(await selected()).toBe('Báo cáo');
        const written = await outcomeFocused(page, 'Đã viết các đoạn văn của báo cáo');
        expect(written.panel).toBe('panel-report');
        await expect(page.getByRole('article', { name: 'Xem trước báo cáo' }).textContent()).resolves.toContain(
          'Kết quả giải quyết đơn thư khiếu nại: 1.200/1.300 đơn, đạt 92,31%.',
        );
        // the summary is the report tab's file now
        await page.locator('#panel-report').getByText(summary.name).waitFor();
        await axe('Báo cáo, written from the summary');
      });

      test('Báo cáo: the header typed in, the .docx downloaded (a zip with the header in it), the result focused and announced', async () => {
        // back up from the result to the header, which comes first
        await tabTo(page, 'textbox', 'Cơ quan ban hành', true);
        // filled from the summary's consolidating body; typed over
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type('Ban Dân vận Huyện ủy Ninh Phước');
        await tabTo(page, 'textbox', 'Cơ quan cấp trên (nếu có)');
        await page.keyboard.type('Huyện ủy Ninh Phước');
        await tabTo(page, 'textbox', 'Số văn bản');
        await page.keyboard.type('15-BC/BDVHU');
        await axe('Báo cáo, header filled in');
        await shot('4-header');

        await tabTo(page, 'button', 'Tải báo cáo .docx');
        const docx = await downloadOf(page, () => page.keyboard.press('Enter'));
        expect(docx.name).toBe('bao-cao-ct37.docx');
        expect(isZip(docx.bytes)).toBe(true);
        const xml = strFromU8(unzipSync(docx.bytes)['word/document.xml']!)
          .replace(/<[^>]+>/g, '')
          .toUpperCase();
        for (const text of ['BAN DÂN VẬN HUYỆN ỦY NINH PHƯỚC', 'HUYỆN ỦY NINH PHƯỚC', '15-BC/BDVHU']) expect([text, xml.includes(text)]).toEqual([text, true]);

        const result = await outcomeFocused(page, 'Đã tạo báo cáo .docx.');
        expect(result.panel).toBe('panel-report');
        await axe('Báo cáo, after the .docx');
        await shot('4-docx');
      });

      test('in English: every tab, reached by keyboard, is as clean; then back to Vietnamese', async () => {
        await tabTo(page, 'button', 'EN – switch to English', true);
        await page.keyboard.press('Enter');
        await until(
          () => focused(page),
          (f) => f.name === 'VI – chuyển sang tiếng Việt',
        );
        for (const name of TABS.en) {
          await openTab(name, 'en', 'Space');
          await axe(`${name} (English)`);
        }
        await shot('5-english');
        await tabTo(page, 'button', 'VI – chuyển sang tiếng Việt', true);
        await page.keyboard.press('Enter');
        await until(
          () => focused(page),
          (f) => f.name === 'EN – switch to English',
        );
        await expect(page.getByRole('tab', { name: 'Báo cáo', exact: true }).getAttribute('aria-selected')).resolves.toBe('true');
      });

      test('nothing left the machine and the page logged no error', async () => {
        await expectLocalOnly(pane, served.origin);
        expect(pane.errors).toEqual([]);
      });
    });
  }
});
