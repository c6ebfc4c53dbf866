/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (no browser is ever
 * downloaded), the production web build served by a tiny static server on 127.0.0.1, and a page
 * that records every request it makes so a test can say nothing left this machine.
 *
 * The build: webpack.config.js in production mode (test/build/build-web.cjs --cache, as `npm run
 * build:web`), into a temporary folder named after a hash of everything the build reads (src/,
 * the webpack and TypeScript configurations, package-lock.json and what npm installed,
 * manifest.xml, assets/). Both test files use the same folder, so one run builds once; a later run
 * with the same inputs reuses it. webpack's filesystem cache makes a build after a small change
 * quick (about 15 s instead of about 55 s on two cores).
 */
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/**
 * The README's pictures are refreshed with UPDATE_SCREENSHOTS=1; an ordinary run writes its
 * pictures to the temporary folder, so a test run leaves the checkout as it was.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(os.tmpdir(), 'phuluc-screenshots');
export const VIEWPORT = { width: 320, height: 900 } as const;

/** describe, or describe.skip with a notice on stderr when Debian's Chromium is not installed. */
export function describeInChromium(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n[browser tests] SKIPPED "${name}": ${CHROMIUM} is absent (apt-get install -y chromium). No browser is downloaded.\n\n`);
  describe.skip(name, body);
}

// ---- the build -------------------------------------------------------------------------------

// node_modules/.package-lock.json is npm's record of what is installed: a reinstall changes it.
const BUILD_INPUTS = [
  'src',
  'assets',
  'webpack.config.js',
  'scripts/es2020-loader.cjs',
  'scripts/deploy-options.cjs',
  'tsconfig.json',
  'tsconfig.web.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'manifest.xml',
  'test/build/build-web.cjs',
];

function hashInputs(): string {
  const hash = crypto.createHash('sha256');
  const add = (rel: string): void => {
    const full = path.join(ROOT, rel);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) add(path.join(rel, name));
      return;
    }
    hash.update(rel).update('\0').update(fs.readFileSync(full)).update('\0');
  };
  for (const input of BUILD_INPUTS) add(input);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** This process's environment without the deployment options: tests build the default add-in. */
export function defaultBuildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PHULUC_PUBLIC_URL;
  delete env.PHULUC_OFFICE_JS;
  return env;
}

function run(file: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [file, ...args],
      { cwd: ROOT, env: defaultBuildEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`${path.relative(ROOT, file)} failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/**
 * The production build's folder, built if this very input has not been built yet. A lock folder
 * keeps two test files (or two jest processes) from building the same thing at once.
 */
export async function ensureBuild(timeoutMs = 280_000): Promise<{ dir: string; built: boolean; ms: number }> {
  const started = Date.now();
  const base = path.join(os.tmpdir(), 'phuluc-browser');
  fs.mkdirSync(base, { recursive: true });
  const dir = path.join(base, `web-${hashInputs()}`);
  const done = path.join(dir, '.complete');
  const lock = `${dir}.lock`;
  for (;;) {
    if (fs.existsSync(done)) {
      fs.utimesSync(done, new Date(), new Date());
      return { dir, built: false, ms: Date.now() - started };
    }
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // another process builds the same inputs: wait for it (a lock older than the timeout is stale)
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > timeoutMs) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for another build of ${dir}`);
      await sleep(500);
    }
  }
  const partial = `${dir}.partial-${process.pid}`;
  try {
    if (fs.existsSync(done)) return { dir, built: false, ms: Date.now() - started };
    fs.rmSync(partial, { recursive: true, force: true });
    // one webpack cache per checkout: two checkouts never write the same cache at once
    const cache = path.join(base, `webpack-cache-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
    await run(path.join(__dirname, '../build/build-web.cjs'), [partial, '--cache', cache], timeoutMs);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
    // marked as done only if no input changed while webpack ran (else the next run builds again)
    if (`web-${hashInputs()}` === path.basename(dir)) fs.writeFileSync(done, new Date().toISOString());
    removeOldBuilds(base, dir);
    return { dir, built: true, ms: Date.now() - started };
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds of other inputs not used for an hour (each holds a copy of office-js, ~90 MB). */
function removeOldBuilds(base: string, keep: string): void {
  for (const name of fs.readdirSync(base)) {
    const full = path.join(base, name);
    if (full === keep || !/^web-[0-9a-f]{16}$/.test(name)) continue;
    const stamp = fs.statSync(path.join(full, '.complete'), { throwIfNoEntry: false }) ?? fs.statSync(full, { throwIfNoEntry: false });
    if (stamp && Date.now() - stamp.mtimeMs > 3_600_000) fs.rmSync(full, { recursive: true, force: true });
  }
}

// ---- the static server -----------------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface Served {
  readonly origin: string;
  /** every path the server was asked for, with its status */
  readonly log: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 at a random port: GET and HEAD, files only, nothing outside it. */
export async function serve(dir: string): Promise<Served> {
  const root = path.resolve(dir);
  const log: { path: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const answer = (status: number, body?: Buffer | string, type = 'text/plain; charset=utf-8') => {
      log.push({ path: req.url ?? '', status });
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return answer(400, 'bad request');
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/taskpane.html' : pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) return answer(403, 'forbidden');
    fs.readFile(file, (error, body) => {
      if (error) return answer(404, 'not found');
      answer(200, body, TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- the browser -----------------------------------------------------------------------------

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Pane {
  readonly context: BrowserContext;
  readonly page: Page;
  /** every request the page made, in order */
  readonly requests: string[];
  /** requests to anywhere but the local server, refused before they left */
  readonly refused: string[];
  /** uncaught errors and console errors of the page, but for the Content-Security-Policy's reports */
  readonly errors: string[];
  /** what the page's Content-Security-Policy refused (it never left the page), as "directive url" */
  violations(): Promise<string[]>;
}

/**
 * A 320 px wide page on the local server, not yet navigated (`prepare` may route it first), in a
 * browser that says it is `as.userAgent` (Chromium's own by default) and speaks `as.locale`
 * (vi-VN by default). Every request is recorded; one for another origin is refused (and
 * recorded), so a test run never reaches the network whatever the page does.
 */
export async function openPane(
  browser: Browser,
  origin: string,
  prepare?: (page: Page) => Promise<unknown>,
  as: { userAgent?: string; locale?: string } = {},
): Promise<Pane> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    acceptDownloads: true,
    locale: as.locale ?? 'vi-VN',
    serviceWorkers: 'block',
    ...(as.userAgent ? { userAgent: as.userAgent } : {}),
  });
  const requests: string[] = [];
  const refused: string[] = [];
  const errors: string[] = [];
  await context.route(
    (url) => !isLocal(url.href, origin),
    (route) => {
      refused.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  // Before any script of the page: the CSP's refusals, as the page sees them.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // the CSP's own report of a refusal is counted by violations(), not as an error of the page
    if (message.type() === 'error' && !/violates the following Content Security Policy directive/.test(message.text()))
      errors.push(`console: ${message.text()}`);
  });
  if (prepare) await prepare(page);
  const violations = () => page.evaluate(() => [...(window as unknown as { __cspViolations: string[] }).__cspViolations]);
  return { context, page, requests, refused, errors, violations };
}

/** The local server's origin, or a blob:/data: URL the page made itself. */
export function isLocal(url: string, origin: string): boolean {
  return url === origin || url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith('data:');
}

/**
 * Every request went to the local server (and at least the page itself was asked for); whatever
 * the Content-Security-Policy refused was for another origin and never became a request. Returns
 * the refusals, for the test to report.
 */
export async function expectLocalOnly(pane: Pane, origin: string): Promise<string[]> {
  expect(pane.requests.length).toBeGreaterThan(0);
  expect(pane.requests.filter((url) => !isLocal(url, origin))).toEqual([]);
  expect(pane.refused).toEqual([]);
  const violations = await pane.violations();
  // only other origins' addresses: no script, style or eval of the page itself was refused
  expect(violations.filter((v) => !/^[a-z-]+ https?:\/\//.test(v) || isLocal(v.slice(v.indexOf(' ') + 1), origin))).toEqual([]);
  if (violations.length > 0) process.stderr.write(`[browser tests] the page's Content-Security-Policy refused (no request made): ${violations.join('; ')}\n`);
  return violations;
}

/** What the page downloads when `action` runs: its suggested name and bytes. */
export async function downloadOf(page: Page, action: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), action()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(fs.readFileSync(file)) };
}

/**
 * A PNG under docs/screenshots/ of what a 320 px pane shows: the whole height of the page, and
 * 320 px wide even when something sticks out (overflowing() says what; the picture shows it cut).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, window.innerHeight));
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height } });
  return file;
}

/**
 * What sticks out to the right of a 320 px pane (nothing, expected): the outermost elements whose
 * box does (not their children too), as "tag.class: right=…", and the document's scroll width.
 */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    const sticksOut = (el: Element | null): boolean => {
      if (!el || el === document.body || el === document.documentElement) return false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.right > width + 0.5;
    };
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!sticksOut(el) || sticksOut(el.parentElement)) continue;
      const classes = typeof el.className === 'string' ? el.className.split(/\s+/).filter((c) => c && !/^(___|f[0-9a-z]{4,8}$)/.test(c)) : [];
      out.push(
        `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')} "${(el.textContent ?? '').trim().slice(0, 40)}": right=${Math.round(el.getBoundingClientRect().right)}`,
      );
    }
    if (document.documentElement.scrollWidth > width) out.push(`document scrollWidth=${document.documentElement.scrollWidth}`);
    return out;
  }, VIEWPORT.width);
}

/** Asks `read` again until `done` holds of its answer (or the time is up), and returns the last answer. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await sleep(50);
  }
}
