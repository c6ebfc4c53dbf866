/// <reference types="office-js" />
/**
 * A fake Office host for the task pane in Chromium: the test serves this file (bundled by esbuild
 * as an IIFE, test/browser/excel-mode.test.ts) in place of office-js/office.js. It defines
 * `Office` (onReady answers Excel on PC, display language vi-VN, ExcelApi up to 1.9) and `Excel`
 * whose `run` is the strict in-memory workbook of test/excel/fake-excel.ts, seeded with the
 * appendix sheets of test/browser/fixtures.ts. The fake is on `window.__phuluc` for assertions.
 *
 * A test may set `window.__fakeOfficeOptions` before the page loads (context.addInitScript):
 * `onReadyDelayMs` makes Office.onReady answer that long after this script ran, as a cold start of
 * Excel or a slow link does (the real office.js also answers every caller at the same moment).
 */
import { FakeExcel } from '../excel/fake-excel';
import { EXCEL_UNITS, rowsOf } from './fixtures';

export interface FakeOfficeOptions {
  readonly onReadyDelayMs?: number;
}

export interface FakeOfficeGlobals {
  readonly fake: FakeExcel;
  /** performance.now() when Office.onReady answered, undefined before */
  readyAt: number | undefined;
  /** every Office.context.requirements.isSetSupported(name, version) the page asked */
  readonly setsAsked: string[];
  /** how many times the page called Office.onReady */
  onReady: number;
}

const fake = new FakeExcel({ excelApi: '1.9', name: 'Phu luc xa.xlsx' });
for (const unit of EXCEL_UNITS) fake.seedSheet(unit.sheet, rowsOf(unit));

const globals: FakeOfficeGlobals = { fake, readyAt: undefined, setsAsked: [], onReady: 0 };
const info = { host: 'Excel', platform: 'PC' };
const options = (window as unknown as { __fakeOfficeOptions?: FakeOfficeOptions }).__fakeOfficeOptions ?? {};
const ready = new Promise<typeof info>((resolve) =>
  setTimeout(() => {
    globals.readyAt = performance.now();
    resolve(info);
  }, options.onReadyDelayMs ?? 0),
);

const versionAtMost = (version: string, max: string): boolean => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = max.split('.').map(Number);
  return a < c || (a === c && b <= d);
};

const office = {
  HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
  PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
  context: {
    displayLanguage: 'vi-VN',
    contentLanguage: 'vi-VN',
    platform: 'PC',
    host: 'Excel',
    requirements: {
      isSetSupported: (name: string, version?: string): boolean => {
        globals.setsAsked.push(`${name} ${version ?? ''}`.trim());
        return name === 'ExcelApi' && versionAtMost(version ?? '1.1', '1.9');
      },
    },
  },
  onReady: (callback?: (i: typeof info) => void): Promise<typeof info> => {
    globals.onReady++;
    return ready.then((answer) => {
      callback?.(answer);
      return answer;
    });
  },
};

const target = window as unknown as { Office: unknown; Excel: unknown; __phuluc: FakeOfficeGlobals };
target.Office = office;
target.Excel = { run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => fake.run(batch) };
target.__phuluc = globals;
