import { UI } from '../../src/core/i18n/ui';
import { connectExcel } from '../../src/excel/boot';
import { FakeExcel } from './fake-excel';

type Globals = { Office?: unknown; Excel?: unknown };
const globals = globalThis as unknown as Globals;

const HostType = { Excel: 'Excel', Word: 'Word' };
const PlatformType = { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS' };

/** An Office.js stand-in: what onReady answers, the display language, the requirement sets. */
function installOffice(options: { onReady: () => Promise<unknown>; displayLanguage?: string; isSetSupported?: (name: string, version: string) => boolean }): void {
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

afterEach(() => {
  delete globals.Office;
  delete globals.Excel;
});

describe('connectExcel', () => {
  test('outside Office: undefined, so the page starts in file mode', async () => {
    expect(await connectExcel(50)).toBeUndefined();
  });

  test('an Office.js that never answers: undefined once the time is up', async () => {
    installOffice({ onReady: () => new Promise(() => undefined) });
    const started = Date.now();
    expect(await connectExcel(30)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('another Office application, or an Office.js that fails: undefined, never a throw', async () => {
    installOffice({ onReady: () => Promise.resolve({ host: HostType.Word, platform: PlatformType.PC }) });
    expect(await connectExcel(50)).toBeUndefined();
    installOffice({ onReady: () => Promise.reject(new Error('broken')) });
    expect(await connectExcel(50)).toBeUndefined();
    installOffice({
      onReady: () => {
        throw new Error('worse');
      },
    });
    expect(await connectExcel(50)).toBeUndefined();
  });

  test('inside Excel: the Excel host, in the display language, running on Excel.run', async () => {
    const fake = new FakeExcel({ excelApi: '1.8' });
    globals.Excel = { run: (batch: never) => fake.run(batch) };
    installOffice({ onReady: () => Promise.resolve({ host: HostType.Excel, platform: PlatformType.OfficeOnline }), displayLanguage: 'vi-VN', isSetSupported: (n, v) => fake.isSetSupported(n, v) });
    const connected = (await connectExcel(50))!;
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
    const connected = (await connectExcel(50))!;
    expect(connected.lang).toBe('en');
    expect(connected.host.canDownload).toBe(false);
    expect(connected.host.limitations).toEqual([UI.en.excelLimitTooOld]);
  });
});
