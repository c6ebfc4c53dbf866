import { UI } from '../../src/core/i18n/ui';
import { connectExcel, isDarkColor, officeHostHint, startLanguage, type PageEnvironment } from '../../src/excel/boot';
import { FakeExcel } from './fake-excel';

type Globals = { Office?: unknown; Excel?: unknown };
const globals = globalThis as unknown as Globals;

const HostType = { Excel: 'Excel', Word: 'Word' };
const PlatformType = { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS' };

/** An Office.js stand-in: what onReady answers, the display language, the requirement sets. */
function installOffice(options: {
  onReady: () => Promise<unknown>;
  displayLanguage?: string;
  isSetSupported?: (name: string, version: string) => boolean;
}): void {
  globals.Office = {
    onReady: options.onReady,
    HostType,
    PlatformType,
    context: {
      displayLanguage: options.displayLanguage ?? 'vi-VN',
      requirements: { isSetSupported: options.isSetSupported ?? (() => true) },
    },
  };
}

/** A page with no sign of Office: onReady gets ms before file mode. */
const plainBrowser = (ms: number) => ({ insideOffice: false, plainBrowserMs: ms });
/** A page Office opened: onReady gets as long as it takes (plainBrowserMs does not apply). */
const inOffice = { insideOffice: true, plainBrowserMs: 50 };

afterEach(() => {
  jest.useRealTimers();
  delete globals.Office;
  delete globals.Excel;
});

describe('connectExcel', () => {
  test('no Office.js at all: undefined at once, so the page starts in file mode', async () => {
    expect(await connectExcel(plainBrowser(50))).toBeUndefined();
  });

  test('a plain browser whose Office.js never answers: undefined once its short time is up', async () => {
    installOffice({ onReady: () => new Promise(() => undefined) });
    const started = Date.now();
    expect(await connectExcel(plainBrowser(30))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('another Office application, or an Office.js that fails: undefined, never a throw', async () => {
    installOffice({ onReady: () => Promise.resolve({ host: HostType.Word, platform: PlatformType.PC }) });
    expect(await connectExcel(plainBrowser(50))).toBeUndefined();
    installOffice({ onReady: () => Promise.reject(new Error('broken')) });
    expect(await connectExcel(plainBrowser(50))).toBeUndefined();
    installOffice({
      onReady: () => {
        throw new Error('worse');
      },
    });
    expect(await connectExcel(plainBrowser(50))).toBeUndefined();
  });

  test('inside Excel: the Excel host, in the display language, running on Excel.run', async () => {
    const fake = new FakeExcel({ excelApi: '1.8' });
    globals.Excel = { run: (batch: never) => fake.run(batch) };
    installOffice({
      onReady: () => Promise.resolve({ host: HostType.Excel, platform: PlatformType.OfficeOnline }),
      displayLanguage: 'vi-VN',
      isSetSupported: (n, v) => fake.isSetSupported(n, v),
    });
    const connected = (await connectExcel(inOffice))!;
    expect(connected.lang).toBe('vi');
    expect(connected.host.mode).toBe('excel');
    expect(connected.host.canDownload).toBe(true);
    expect(connected.host.limitations).toEqual([UI.vi.excelLimitPrint]);
    const { name } = await connected.host.insert({ templateId: 'ct37', templateVersion: 1, meta: { unitCode: 'A' }, lang: 'vi' });
    expect(fake.sheet(name).value('A5')).toBe('@template');
  });

  test('English outside Vietnamese; no download on Mac; a requirement check that throws counts as unsupported', async () => {
    installOffice({
      onReady: () => Promise.resolve({ host: HostType.Excel, platform: PlatformType.Mac }),
      displayLanguage: 'fr-FR',
      isSetSupported: () => {
        throw new Error('no requirements API');
      },
    });
    const connected = (await connectExcel(plainBrowser(50)))!;
    expect(connected.lang).toBe('en');
    expect(connected.host.canDownload).toBe(false);
    expect(connected.host.limitations).toEqual([UI.en.excelLimitTooOld]);
  });
});

describe('connectExcel inside Office: waits for Office.onReady however long it takes', () => {
  /** onReady answers Excel after ms (fake time); the Excel host then needs Excel.run. */
  function slowExcel(ms: number): void {
    const fake = new FakeExcel({ excelApi: '1.9' });
    globals.Excel = { run: (batch: never) => fake.run(batch) };
    installOffice({ onReady: () => new Promise((resolve) => setTimeout(() => resolve({ host: HostType.Excel, platform: PlatformType.PC }), ms)) });
  }
  const PENDING = Symbol('pending');
  const settled = <T>(promise: Promise<T>) => Promise.race([promise, Promise.resolve(PENDING)]);

  test('a cold start answering after 30 s ends in Excel, never in file mode meanwhile', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    slowExcel(30_000);
    const connecting = connectExcel(inOffice);
    await jest.advanceTimersByTimeAsync(29_000); // far past the 1.5 s a plain browser gets
    expect(await settled(connecting)).toBe(PENDING);
    await jest.advanceTimersByTimeAsync(1_000);
    const connected = await connecting;
    expect(connected?.host.mode).toBe('excel');
  });

  test('the same late answer in a plain browser: file mode once its time is up', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    slowExcel(30_000);
    const connecting = connectExcel(plainBrowser(1500));
    await jest.advanceTimersByTimeAsync(1_500);
    expect(await connecting).toBeUndefined();
  });

  test('an Office.js that never answers inside Office keeps the page waiting (it shows its progress)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    installOffice({ onReady: () => new Promise(() => undefined) });
    const connecting = connectExcel(inOffice);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(await settled(connecting)).toBe(PENDING);
  });

  test('inside Office, an answer that is not Excel, a failure, or no Office.js: file mode, never a throw', async () => {
    installOffice({ onReady: () => Promise.resolve({ host: null, platform: null }) });
    expect(await connectExcel(inOffice)).toBeUndefined();
    installOffice({ onReady: () => Promise.reject(new Error('broken')) });
    expect(await connectExcel(inOffice)).toBeUndefined();
    delete globals.Office;
    expect(await connectExcel(inOffice)).toBeUndefined();
  });
});

describe('officeHostHint: Office hosts the page, seen before Office.js answers', () => {
  const plain: PageEnvironment = {
    search: '',
    hash: '',
    windowName: '',
    sessionHostInfo: null,
    external: { AddSearchProvider: () => undefined },
    webkit: undefined,
  };
  const page = (changes: Partial<PageEnvironment>): PageEnvironment => ({ ...plain, ...changes });

  test.each<[string, Partial<PageEnvironment>, { source: string; host: string; platform: string; locale: string }]>([
    [
      'Windows: _host_Info on the SourceLocation URL',
      { search: '?_host_Info=Excel$Win32$16.01$vi-VN$$$$0' },
      { source: 'query', host: 'excel', platform: 'win32', locale: 'vi-vn' },
    ],
    [
      'Excel on the web: percent-encoded, with other parameters',
      { search: '?et=&_host_Info=Excel%24Web%2416.00%24en-US%24telemetry%24%24%240&_xdm_Info=abc' },
      { source: 'query', host: 'excel', platform: 'web', locale: 'en-us' },
    ],
    [
      'Mac: the | form office.js also reads',
      { search: '?_host_Info=Excel|Mac|16.00|fr-FR' },
      { source: 'query', host: 'excel', platform: 'mac', locale: 'fr-fr' },
    ],
    [
      'reloaded inside the pane: office.js kept it in sessionStorage',
      { sessionHostInfo: 'Excel$Win32$16.01$en-US$$$$0' },
      { source: 'session', host: 'excel', platform: 'win32', locale: 'en-us' },
    ],
    [
      'window.name as Excel on the web writes it',
      { windowName: JSON.stringify({ hostInfo: 'Excel$Web$16.00$vi-VN$$$$0', xdmInfo: 'x' }) },
      { source: 'window-name', host: 'excel', platform: 'web', locale: 'vi-vn' },
    ],
    ['Excel on the web: only the _xdm_Info of its iframe', { hash: '#_xdm_Info=abc$def' }, { source: 'xdm', host: '', platform: '', locale: '' }],
    [
      'Windows desktop: the host object Office injects',
      { external: { GetHostInfo: () => 'Excel$Win32$16.01$vi-VN' } },
      { source: 'external', host: '', platform: '', locale: '' },
    ],
    [
      'Mac desktop: the Agave message handler',
      { webkit: { messageHandlers: { Agave: { postMessage: () => undefined } } } },
      { source: 'webkit', host: '', platform: '', locale: '' },
    ],
  ])('%s', (_name, changes, expected) => {
    expect(officeHostHint(page(changes))).toEqual(expected);
  });

  test('a plain browser: nothing, whatever else the URL or window.name holds', () => {
    expect(officeHostHint(plain)).toBeUndefined();
    expect(officeHostHint(page({ search: '?lang=en', windowName: 'some-other-frame' }))).toBeUndefined();
    expect(officeHostHint(page({ windowName: '{not json', search: '?_host_Info=' }))).toBeUndefined();
    expect(officeHostHint(page({ windowName: JSON.stringify({ other: 1 }), external: undefined }))).toBeUndefined();
  });

  test("the language before Office answers: ?lang= when given, else the host's locale, else the browser's languages, else Vietnamese", () => {
    const hint = (locale: string) => ({ source: 'query' as const, host: 'excel', platform: 'win32', locale });
    expect(startLanguage(hint('vi-vn'), '')).toBe('vi');
    expect(startLanguage(hint('en-us'), '')).toBe('en');
    // the address says which: a support person opening the pane in the other language
    expect(startLanguage(hint('en-us'), '?lang=vi')).toBe('vi');
    expect(startLanguage(hint(''), '?lang=en')).toBe('en');
    expect(startLanguage(undefined, '?lang=en', ['vi-VN'])).toBe('en');
    // a plain browser: its languages, the first that is Vietnamese or English
    expect(startLanguage(undefined, '', ['fr-FR', 'en-GB', 'vi'])).toBe('en');
    expect(startLanguage(undefined, '', ['vi-VN', 'en-US'])).toBe('vi');
    expect(startLanguage(undefined, '', ['fr-FR'])).toBe('vi');
    expect(startLanguage(undefined, '?lang=de', [])).toBe('vi');
  });

  test("Office's dark and black themes are dark; white, colorful and what cannot be read are not", () => {
    expect(isDarkColor('#262626')).toBe(true); // dark grey
    expect(isDarkColor('#000000')).toBe(true); // black
    expect(isDarkColor('#FFFFFF')).toBe(false); // white
    expect(isDarkColor('#E6E6E6')).toBe(false); // colorful's body
    expect(isDarkColor(undefined)).toBe(false);
    expect(isDarkColor('rgb(0,0,0)')).toBe(false);
  });
});
