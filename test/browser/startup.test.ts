/**
 * Start-up in a real browser (the production build in Debian's Chromium, 320 px):
 *
 * - loaded as Office loads the pane (with _host_Info) and an Office.onReady that answers only
 *   after 4 s (a cold start, Excel on the web, a slow link): the pane says it is connecting to
 *   Excel, never falls back to file mode, and ends in Excel mode;
 * - a plain browser (the real office.js, no sign of Office) goes to file mode promptly.
 *
 * What the page shows, and when, is recorded in the page itself (a MutationObserver from before
 * its first script; times are performance.now(), from the start of navigation).
 */
import type { Browser, Page } from 'playwright-core';
import type { FakeOfficeGlobals } from './fake-office';
import { asOfficeLoadsIt, bundleFakeOffice, useFakeOffice } from './fake-office-bundle';
import { describeInChromium, ensureBuild, expectLocalOnly, launchChromium, openPane, screenshot, serve, type Pane, type Served } from './harness';

const EDGE_CHROMIUM = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91';

/** Texts whose first appearance the page records. */
const MARKERS = {
  connecting: 'Đang kết nối với Excel…',
  connectingEn: 'Connecting to Excel…',
  excel: 'Trong Excel',
  file: 'Chế độ tệp (ngoài Excel)',
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
    process.stderr.write(`[startup] Office.onReady late (4 s): progress shown at ${ms(seen.connecting)}, onReady answered at ${ms(readyAt)}, Excel mode at ${ms(seen.excel)}, file mode ${ms(seen.file)}\n`);
    expect(seen.connecting).toBeLessThan(1_500);
    expect(seen.file).toBeUndefined();
    expect(readyAt).toBeGreaterThanOrEqual(4_000);
    expect(seen.excel).toBeGreaterThanOrEqual(readyAt!);
    expect(seen.excel! - readyAt!).toBeLessThan(2_000);
    await expect(page.getByText(MARKERS.connecting).count()).resolves.toBe(0);
    for (const name of ['Chèn phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo']) await expect(page.getByRole('tab', { name, exact: true }).isVisible()).resolves.toBe(true);
    expect(pane.errors).toEqual([]);
    await expectLocalOnly(pane, served.origin);
  });

  test('the progress is in English when Office says its language is not Vietnamese', async () => {
    const { page } = await open((p) => useFakeOffice(p, fakeOffice, { onReadyDelayMs: 1500 }));
    await page.goto(asOfficeLoadsIt(served.origin, 'en-US'));
    await page.getByText(MARKERS.connectingEn).waitFor({ timeout: 5_000 });
    await page.getByText('In Excel', { exact: true }).or(page.getByText(MARKERS.excel, { exact: true })).waitFor({ timeout: 15_000 });
  });

  test('a plain browser (the real office.js, no sign of Office): file mode promptly, no progress', async () => {
    const pane = await open(undefined, { userAgent: EDGE_CHROMIUM });
    const { page } = pane;
    await page.goto(`${served.origin}/taskpane.html`);
    await page.getByText(MARKERS.file, { exact: false }).waitFor({ timeout: 10_000 });
    const seen = await seenIn(page);
    process.stderr.write(`[startup] plain browser: file mode at ${ms(seen.file)} (no progress: ${ms(seen.connecting)})\n`);
    expect(seen.file).toBeLessThan(3_000);
    expect(seen.connecting).toBeUndefined();
    expect(pane.errors).toEqual([]);
    await expectLocalOnly(pane, served.origin);
  });
});
