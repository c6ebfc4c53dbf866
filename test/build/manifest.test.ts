/**
 * The add-in as Office sees it: manifest.xml has the structure Office requires
 * (test/build/manifest-checks.ts, the same checks as a PHULUC_PUBLIC_URL build's manifest), and
 * every URL and icon it names exists in the production web build; the built pages run the ES5
 * webview guard first, then load Office.js from the build, under a strict
 * Content-Security-Policy; the start-up JavaScript stays within budget (docs/DESIGN.md §8:
 * ≤ 250 KB gzip, the .xlsx/.docx code loaded only when needed).
 *
 * The build (webpack.config.js in production mode, as `npm run build:web`) runs once, into a
 * temporary folder rather than dist-web/, so a test run never disturbs a developer's build.
 * No network: everything, Office.js included, comes from node_modules.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { defaultBuildEnv } from '../browser/harness';
import { cspOf, describeManifest, expectManifestFilesIn, pngSize, readManifest, ROOT, scriptsOf } from './manifest-checks';

const ORIGIN = 'https://localhost:3000/';
const INITIAL_BUDGET_GZIP = 250 * 1024;

interface BuildSummary {
  errors: string[];
  warnings: string[];
  entrypoints: Record<string, string[]>;
  chunks: { names: string[]; files: string[]; initial: boolean }[];
}

// ---- the manifest -------------------------------------------------------------------------

const manifestXml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
describeManifest('manifest.xml', () => manifestXml, ORIGIN);

// ---- the build ------------------------------------------------------------------------------

describe('the production web build', () => {
  let out = '';
  let summary: BuildSummary;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-web-'));
    const summaryFile = path.join(out, '..', `${path.basename(out)}.json`);
    try {
      execFileSync(process.execPath, [path.join(__dirname, 'build-web.cjs'), out, '--summary', summaryFile], {
        cwd: ROOT,
        env: defaultBuildEnv(),
        stdio: 'pipe',
        timeout: 280_000,
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      const written = fs.existsSync(summaryFile) ? (JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as BuildSummary).errors.join('\n\n') : '';
      throw new Error(`the web build failed:\n${written}\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`);
    }
    summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as BuildSummary;
    fs.rmSync(summaryFile, { force: true });
  }, 300_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  const built = (relative: string) => path.join(out, ...relative.split('/'));

  test('builds without errors', () => {
    expect(summary.errors).toEqual([]);
  });

  test('every URL and icon the manifest names exists in the build, icons at their sizes', () => {
    expectManifestFilesIn(readManifest(manifestXml), out, ORIGIN);
    expect(fs.readFileSync(built('manifest.xml'), 'utf8')).toBe(manifestXml); // no PHULUC_PUBLIC_URL: the localhost manifest as it is
    for (const size of [16, 32, 64, 80, 128]) expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
  });

  test('taskpane.html: strict CSP, lang vi, the webview guard, then Office.js from the build, then the bundle', () => {
    const html = fs.readFileSync(built('taskpane.html'), 'utf8');
    expect(html).toMatch(/<html[^>]*\blang="?vi"?/);
    expect(html).toMatch(/<meta[^>]+name="?viewport"?/);
    expect(html).toMatch(/<meta[^>]+http-equiv="?X-UA-Compatible"?[^>]+content="?IE=edge"?/i); // IE's webview in its newest mode, for the guard
    expect(html).toMatch(/<title>Phụ lục<\/title>/);
    expect(html).toMatch(/<div[^>]*\bid="?root"?/);
    const directives = cspOf(html);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]); // no inline script, no eval, no CDN
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(html).not.toContain('appsforoffice.microsoft.com'); // the default: Office.js from this server

    const scripts = scriptsOf(html);
    expect(scripts.every((s) => s.src && s.body === '')).toBe(true); // nothing inline
    const srcs = scripts.map((s) => s.src!);
    expect(srcs[0]).toMatch(/^webview-guard\.[0-9a-f]{8}\.js$/);
    expect(srcs[1]).toBe('office-js/office.js');
    expect(srcs.slice(2)).toEqual(summary.entrypoints.taskpane!.filter((f) => f.endsWith('.js')));
    for (const src of srcs) expect(fs.existsSync(built(src))).toBe(true);
    // the guard is copied as written (ES5, not minified to ES2020)
    expect(fs.readFileSync(built(srcs[0]!), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'src', 'guard', 'webview-guard.js'), 'utf8'));
    // what office.js loads at run time from beside itself: Excel's host scripts and the strings
    for (const file of [
      'office-js/excel-web-16.00.js',
      'office-js/excel-win32-16.01.js',
      'office-js/excel-mac-16.00.js',
      'office-js/vi-vn/office_strings.js',
      'office-js/en-us/office_strings.js',
    ]) {
      expect(fs.existsSync(built(file))).toBe(true);
    }
  });

  test('commands.html runs the guard, loads Office.js and the commands bundle', () => {
    const html = fs.readFileSync(built('commands.html'), 'utf8');
    const srcs = scriptsOf(html).map((s) => s.src!);
    expect(srcs[0]).toMatch(/^webview-guard\.[0-9a-f]{8}\.js$/);
    expect(srcs[1]).toBe('office-js/office.js');
    expect(srcs.slice(2)).toEqual(summary.entrypoints.commands!.filter((f) => f.endsWith('.js')));
    for (const src of srcs) expect(fs.existsSync(built(src))).toBe(true);
    expect(cspOf(html).get('script-src')).toEqual(["'self'"]);
  });

  test('start-up JavaScript ≤ 250 KB gzip; exceljs (and docx) only in lazily loaded chunks', () => {
    // the guard runs on every start too, so it counts
    const guard = fs.readdirSync(out).filter((f) => /^webview-guard\..*\.js$/.test(f));
    const initial = [...guard, ...summary.entrypoints.taskpane!.filter((f) => f.endsWith('.js'))];
    const allJs = fs.readdirSync(out).filter((f) => f.endsWith('.js'));
    const lazy = allJs.filter((f) => !Object.values(summary.entrypoints).flat().includes(f) && !guard.includes(f));
    const size = (file: string) => {
      const bytes = fs.readFileSync(built(file));
      return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    };
    const rows = [
      ...initial.map((f) => ({ ...size(f), kind: 'initial' })),
      ...lazy.map((f) => ({ ...size(f), kind: 'lazy' })),
      ...summary.entrypoints.commands!.filter((f) => f.endsWith('.js')).map((f) => ({ ...size(f), kind: 'commands' })),
    ];
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const total = rows.filter((r) => r.kind === 'initial').reduce((sum, r) => sum + r.gzip, 0);
    console.log(
      [
        'Web build, JavaScript (gzip -9):',
        ...rows.map((r) => `  ${r.kind.padEnd(8)} ${r.file.padEnd(44)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`),
        `  task pane start-up: ${kb(total)} gzip (budget ${kb(INITIAL_BUDGET_GZIP)})`,
      ].join('\n'),
    );

    expect(total).toBeLessThanOrEqual(INITIAL_BUDGET_GZIP);
    for (const file of initial) expect(file).not.toMatch(/^(exceljs|docx)\./);
    const excel = summary.chunks.find((c) => c.names.includes('exceljs'));
    expect(excel).toBeDefined();
    expect(excel!.initial).toBe(false);
    const docx = summary.chunks.find((c) => c.names.includes('docx'));
    if (docx) expect(docx.initial).toBe(false);
  });
});
