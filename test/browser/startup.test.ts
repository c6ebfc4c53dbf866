/**
 * Start-up in a real browser (the production build in Debian's Chromium, 320 px):
 *
 * - loaded as Office loads the pane (with _host_Info) and an Office.onReady that answers only
 *   after 4 s (a cold start, Excel on the web, a slow link): the pane says it is connecting to
 *   Excel, never falls back to file mode, and ends in Excel mode;
 * - a plain browser (the real office.js, no sign of Office) goes to file mode promptly;
 * - the webview guard: with the user agent of Internet Explorer 11 or Edge Legacy (the webviews of
 *   Office 2016/2019 volume-licensed), the page shows what to do instead, in Vietnamese or
 *   English, and the pane never starts, without an error; Chromium-based Edge gets the pane; a
 *   bundle the engine cannot parse also brings up the guard's message.
 *
 * What the page shows, and when, is recorded in the page itself (a MutationObserver from before
 * its first script; times are performance.now(), from the start of navigation).
 */
import type { Browser, Page } from 'playwright-core';
import type { FakeOfficeGlobals } from './fake-office';
import { asOfficeLoadsIt, bundleFakeOffice, useFakeOffice } from './fake-office-bundle';
import { describeInChromium, ensureBuild, expectLocalOnly, launchChromium, openPane, overflowing, screenshot, serve, type Pane, type Served } from './harness';

const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; Microsoft Outlook 16.0.10396; ms-office; MSOffice 16) like Gecko';
const EDGE_HTML = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045';
const EDGE_CHROMIUM = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91';

/** Texts whose first appearance the page records. */
const MARKERS = {
  connecting: 'Đang kết nối với Excel…',
  connectingEn: 'Connecting to Excel…',
  excel: 'Trong Excel',
  file: 'Chế độ tệp (ngoài Excel)',
  guardVi: 'Phụ lục không chạy được trong phiên bản Office này',
  guardEn: 'Phụ lục cannot run in this version of Office',
} as const;
type Seen = Partial<Record<keyof typeof MARKERS, number>>;

async function recordWhatAppears(page: Page): Promise<void> {
  await page.addInitScript((markers) => {
    const seen: Record<string, number> = {};
    (window as unknown as { __seen: Record<string, number> }).__seen = seen;
    const check = () => {
      const text = document.body?.textContent ?? '';
      for (const [key, marker] of Object.entries(markers)) if (seen[key] === undefined && text.includes(marker)) seen[key] = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  }, MARKERS);
}

const seenIn = (page: Page): Promise<Seen> => page.evaluate(() => ({ ...(window as unknown as { __seen: Seen }).__seen }));
const ms = (t: number | undefined) => (t === undefined ? '—' : `${Math.round(t)} ms`);

describeInChromium('start-up in Chromium (production build, 320 px)', () => {
  let served: Served;
  let browser: Browser;
  let fakeOffice: string;
  const panes: Pane[] = [];

  beforeAll(async () => {
    const [build, bundled] = await Promise.all([ensureBuild(), bundleFakeOffice()]);
    process.stderr.write(`[browser tests] web build ${build.built ? `built in ${build.ms} ms` : 'reused'}: ${build.dir}\n`);
    fakeOffice = bundled;
    served = await serve(build.dir);
    browser = await launchChromium();
  }, 300_000);

  afterEach(async () => {
    for (const pane of panes.splice(0)) await pane.context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(prepare?: (page: Page) => Promise<unknown>, as: { userAgent?: string; locale?: string } = {}): Promise<Pane> {
    const pane = await openPane(
      browser,
      served.origin,
      async (page) => {
        await recordWhatAppears(page);
        await prepare?.(page);
      },
      as,
    );
    panes.push(pane);
    return pane;
  }

  test('inside Office, Office.onReady after 4 s: "Đang kết nối với Excel…" meanwhile, then Excel mode, never file mode', async () => {
    const pane = await open((page) => useFakeOffice(page, fakeOffice, { onReadyDelayMs: 4000 }));
    const { page } = pane;
    await page.goto(asOfficeLoadsIt(served.origin));
    // at 2.5 s, past the 1.5 s a plain browser gets: still connecting, and saying so
    await page.waitForFunction(() => performance.now() >= 2_500, undefined, { polling: 50 });
    const atTwoAndAHalf = await seenIn(page);
    expect(atTwoAndAHalf).toEqual({ connecting: expect.any(Number) });
    await expect(page.getByText(MARKERS.connecting).isVisible()).resolves.toBe(true);
    await screenshot(page, 'startup-connecting.png');
    await expect(page.locator('main[aria-busy="true"]').count()).resolves.toBe(1);

    await page.getByText(MARKERS.excel, { exact: true }).waitFor({ timeout: 15_000 });
    const seen = await seenIn(page);
    const readyAt = await page.evaluate(() => (window as unknown as { __phuluc: FakeOfficeGlobals }).__phuluc.readyAt);
    process.stderr.write(
      `[startup] Office.onReady late (4 s): progress shown at ${ms(seen.connecting)}, onReady answered at ${ms(readyAt)}, Excel mode at ${ms(seen.excel)}, file mode ${ms(seen.file)}\n`,
    );
    expect(seen.connecting).toBeLessThan(1_500);
    expect(seen.file).toBeUndefined();
    expect(readyAt).toBeGreaterThanOrEqual(4_000);
    expect(seen.excel).toBeGreaterThanOrEqual(readyAt!);
    expect(seen.excel! - readyAt!).toBeLessThan(2_000);
    await expect(page.getByText(MARKERS.connecting).count()).resolves.toBe(0);
    for (const name of ['Chèn phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo'])
      await expect(page.getByRole('tab', { name, exact: true }).isVisible()).resolves.toBe(true);
    expect(pane.errors).toEqual([]);
    await expectLocalOnly(pane, served.origin);
  });

  test('the progress is in English when Office says its language is not Vietnamese', async () => {
    const { page } = await open((p) => useFakeOffice(p, fakeOffice, { onReadyDelayMs: 1500 }));
    await page.goto(asOfficeLoadsIt(served.origin, 'en-US'));
    await page.getByText(MARKERS.connectingEn).waitFor({ timeout: 5_000 });
    await page
      .getByText('In Excel', { exact: true })
      .or(page.getByText(MARKERS.excel, { exact: true }))
      .waitFor({ timeout: 15_000 });
  });

  test('a plain browser (the real office.js, no sign of Office): file mode promptly, no progress, no guard', async () => {
    const pane = await open(undefined, { userAgent: EDGE_CHROMIUM }); // Chromium-based Edge ("Edg/") is not Edge Legacy
    const { page } = pane;
    await page.goto(`${served.origin}/taskpane.html`);
    await page.getByText(MARKERS.file, { exact: false }).waitFor({ timeout: 10_000 });
    const seen = await seenIn(page);
    process.stderr.write(`[startup] plain browser: file mode at ${ms(seen.file)} (no progress: ${ms(seen.connecting)})\n`);
    expect(seen.file).toBeLessThan(3_000);
    expect(seen.connecting).toBeUndefined();
    await expect(page.locator('#webview-guard').count()).resolves.toBe(0);
    await expect(page.locator('html').getAttribute('data-pane')).resolves.toBe('started');
    expect(pane.errors).toEqual([]);
    await expectLocalOnly(pane, served.origin);
  });

  describe('the webview guard', () => {
    /** The guard's message as the user sees it, and the state of the page behind it. */
    async function guardOf(page: Page) {
      const guard = page.locator('#webview-guard');
      await guard.waitFor({ timeout: 10_000 });
      await page.waitForLoadState('load');
      await page.waitForTimeout(1_000); // time for a pane that should not start to show itself
      return {
        title: await guard.locator('h1').textContent(),
        items: await guard.locator('li').allTextContents(),
        role: await guard.getAttribute('role'),
        webview: await page.locator('html').getAttribute('data-webview'),
        paneStarted: await page.locator('html').getAttribute('data-pane'),
        rootVisible: await page.locator('#root').isVisible(),
        rootChildren: await page.locator('#root > *').count(),
        tabs: await page.getByRole('tab').count(),
      };
    }

    test('Internet Explorer 11 (Office 2019 volume-licensed), loaded as Office loads it: the message in Vietnamese, no pane, no error', async () => {
      const pane = await open(undefined, { userAgent: IE11 });
      await pane.page.goto(asOfficeLoadsIt(served.origin));
      const guard = await guardOf(pane.page);
      expect(guard).toMatchObject({
        title: MARKERS.guardVi,
        role: 'alert',
        webview: 'unsupported',
        paneStarted: null,
        rootVisible: false,
        rootChildren: 0,
        tabs: 0,
      });
      expect(guard.items).toHaveLength(4);
      expect(guard.items[0]).toContain('Office 2021');
      expect(guard.items[0]).toContain('Microsoft 365');
      expect(guard.items[1]).toContain('Excel trên web');
      expect(guard.items[2]).toContain(`${served.origin}/taskpane.html`); // file mode, without Office's query string
      expect(guard.items[2]).not.toContain('_host_Info');
      expect(guard.items[3]).toContain('dòng lệnh phuluc');
      expect(await overflowing(pane.page)).toEqual([]);
      await screenshot(pane.page, 'webview-guard.png');
      expect(pane.errors).toEqual([]);
      await expectLocalOnly(pane, served.origin);
    });

    test("Internet Explorer 11 with Office in English: the message in English (Office's language, not the browser's)", async () => {
      const pane = await open(undefined, { userAgent: IE11, locale: 'vi-VN' });
      await pane.page.goto(asOfficeLoadsIt(served.origin, 'en-US'));
      const guard = await guardOf(pane.page);
      expect(guard.title).toBe(MARKERS.guardEn);
      expect(guard.items.join(' ')).toMatch(/Office 2021.*Excel on the web.*file mode.*command line/);
      expect(pane.errors).toEqual([]);
    });

    test('Edge Legacy (EdgeHTML): the message, in the browser’s language when Office gives none', async () => {
      const pane = await open(undefined, { userAgent: EDGE_HTML, locale: 'en-GB' });
      await pane.page.goto(`${served.origin}/taskpane.html`);
      const guard = await guardOf(pane.page);
      expect(guard).toMatchObject({ title: MARKERS.guardEn, webview: 'unsupported', paneStarted: null, tabs: 0 });
      expect(pane.errors).toEqual([]);
    });

    test('the ribbon’s function file (commands.html) in Internet Explorer 11: no error either', async () => {
      const pane = await open(undefined, { userAgent: IE11 });
      await pane.page.goto(`${served.origin}/commands.html?_host_Info=Excel$Win32$16.01$vi-VN$$$$0`);
      await pane.page.waitForLoadState('load');
      await expect(pane.page.locator('html').getAttribute('data-webview')).resolves.toBe('unsupported');
      expect(pane.errors).toEqual([]);
    });

    test('any webview that cannot parse the bundle (a SyntaxError before the pane started): the message too', async () => {
      const pane = await open((page) =>
        page.route(/\/vendors\.[0-9a-f]+\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: 'let let = 1;' })),
      );
      await pane.page.goto(`${served.origin}/taskpane.html`);
      const guard = await guardOf(pane.page);
      expect(guard).toMatchObject({ title: MARKERS.guardVi, webview: 'unsupported', paneStarted: null, tabs: 0 });
      expect(pane.errors.filter((e) => !/SyntaxError|lexically bound/.test(e))).toEqual([]);
    });
  });
});
