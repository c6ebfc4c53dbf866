/**
 * The add-in as Office sees it: manifest.xml has the structure Office requires, and every URL
 * and icon it names exists in the production web build; the built pages run the ES5 webview
 * guard first, then load Office.js from the build, under a strict Content-Security-Policy; the start-up JavaScript stays within budget
 * (docs/DESIGN.md §8: ≤ 250 KB gzip, the .xlsx/.docx code loaded only when needed).
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
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ROOT = path.resolve(__dirname, '..', '..');
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
const REPEATED = new Set(['Host', 'Set', 'ExtensionPoint', 'OfficeTab', 'CustomTab', 'Group', 'Control', 'bt:Image', 'bt:Url', 'bt:String', 'Override', 'bt:Override', 'AppDomain']);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => REPEATED.has(name) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Xml = any;
const manifest: Xml = parser.parse(manifestXml);
const app: Xml = manifest.OfficeApp;

/** Every string value (attribute or text) anywhere below node, with where it was found. */
function strings(node: Xml, where = ''): { where: string; value: string }[] {
  if (typeof node === 'string') return [{ where, value: node }];
  if (Array.isArray(node)) return node.flatMap((child, i) => strings(child, `${where}[${i}]`));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([key, child]) => strings(child, `${where}/${key}`));
  return [];
}

function resources(kind: 'bt:Images' | 'bt:Urls' | 'bt:ShortStrings' | 'bt:LongStrings'): Xml[] {
  const group = app.VersionOverrides.Resources[kind];
  const key = kind === 'bt:Images' ? 'bt:Image' : kind === 'bt:Urls' ? 'bt:Url' : 'bt:String';
  return group?.[key] ?? [];
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  test('is well-formed XML', () => {
    expect(XMLValidator.validate(manifestXml)).toBe(true);
  });

  test('is a task pane add-in for Excel workbooks with the required elements', () => {
    expect(app['@_xsi:type']).toBe('TaskPaneApp');
    expect(app['@_xmlns']).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(app.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(app.Id).toBe('6d1f4f0e-3b1a-4c7e-9a55-5f0b3c2d9e41'); // never changes: Office knows the add-in by it
    expect(app.Version).toMatch(/^\d+(\.\d+){0,3}$/);
    // the package's version, with a fourth part (Office compares all four)
    expect(app.Version).toBe(`${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}.0`);
    expect(app.ProviderName).toBeTruthy();
    expect(app.DefaultLocale).toBe('vi-VN');
    expect(app.DisplayName['@_DefaultValue']).toBe('Phụ lục');
    expect(app.DisplayName['@_DefaultValue'].length).toBeLessThanOrEqual(125);
    expect(app.Description['@_DefaultValue'].length).toBeLessThanOrEqual(250);
    for (const element of [app.DisplayName, app.Description]) {
      expect(element.Override).toEqual(expect.arrayContaining([expect.objectContaining({ '@_Locale': 'en-US' })]));
      for (const override of element.Override) expect(override['@_Value'].length).toBeLessThanOrEqual(element === app.DisplayName ? 125 : 250);
    }
    expect(app.Hosts.Host).toEqual([expect.objectContaining({ '@_Name': 'Workbook' })]);
    expect(app.Requirements.Sets.Set).toEqual([expect.objectContaining({ '@_Name': 'ExcelApi', '@_MinVersion': '1.7' })]);
    expect(app.DefaultSettings.SourceLocation['@_DefaultValue']).toBe(`${ORIGIN}taskpane.html`);
    expect(app.Permissions).toBe('ReadWriteDocument');
  });

  test('lists its elements in the order of the schema', () => {
    const order = ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides'];
    const present = Object.keys(app).filter((key) => !key.startsWith('@_'));
    for (const key of present) expect(order).toContain(key);
    const positions = present.map((key) => order.indexOf(key));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  test('has a "Phụ lục" button in its own group on the Home tab that shows the task pane', () => {
    const overrides = app.VersionOverrides;
    expect(overrides['@_xsi:type']).toBe('VersionOverridesV1_0');
    expect(overrides['@_xmlns']).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    const host = overrides.Hosts.Host.find((h: Xml) => h['@_xsi:type'] === 'Workbook');
    expect(host).toBeDefined();
    const desktop = host.DesktopFormFactor;
    expect(desktop.FunctionFile['@_resid']).toBeTruthy();
    const ribbon = desktop.ExtensionPoint.find((e: Xml) => e['@_xsi:type'] === 'PrimaryCommandSurface');
    const home = ribbon.OfficeTab.find((t: Xml) => t['@_id'] === 'TabHome');
    expect(home).toBeDefined();
    expect(home.Group).toHaveLength(1);
    const [group] = home.Group;
    expect(group['@_id']).not.toMatch(/^Group/); // its own group, not one of Office's
    const buttons = group.Control.filter((c: Xml) => c['@_xsi:type'] === 'Button');
    const button = buttons.find((c: Xml) => c.Action['@_xsi:type'] === 'ShowTaskpane');
    expect(button).toBeDefined();
    expect(button.Action.TaskpaneId).toBeTruthy();
    const label = resources('bt:ShortStrings').find((s) => s['@_id'] === button.Label['@_resid']);
    expect(label['@_DefaultValue']).toBe('Phụ lục');
    const taskpane = resources('bt:Urls').find((u) => u['@_id'] === button.Action.SourceLocation['@_resid']);
    expect(taskpane['@_DefaultValue']).toBe(`${ORIGIN}taskpane.html`);
    const functionFile = resources('bt:Urls').find((u) => u['@_id'] === desktop.FunctionFile['@_resid']);
    expect(functionFile['@_DefaultValue']).toBe(`${ORIGIN}commands.html`);
    // 16, 32 and 80 px icons for the group and the button
    for (const icon of [group.Icon, button.Icon]) {
      expect(icon['bt:Image'].map((i: Xml) => i['@_size']).sort()).toEqual(['16', '32', '80']);
    }
  });

  test('every resid names a resource, and the strings fit the schema with en-US overrides', () => {
    const ids = new Set([...resources('bt:Images'), ...resources('bt:Urls'), ...resources('bt:ShortStrings'), ...resources('bt:LongStrings')].map((r) => r['@_id']));
    const resids = strings(app.VersionOverrides.Hosts).filter((s) => s.where.endsWith('/@_resid'));
    expect(resids.length).toBeGreaterThan(5);
    for (const { where, value } of resids) expect({ where, value, known: ids.has(value) }).toEqual({ where, value, known: true });
    for (const [kind, limit] of [['bt:ShortStrings', 125], ['bt:LongStrings', 250]] as const) {
      for (const s of resources(kind)) {
        expect(s['@_DefaultValue'].length).toBeLessThanOrEqual(limit);
        expect(s['bt:Override']).toEqual([expect.objectContaining({ '@_Locale': 'en-US' })]);
        expect(s['bt:Override'][0]['@_Value'].length).toBeLessThanOrEqual(limit);
      }
    }
  });

  test('every URL is on https://localhost:3000', () => {
    const urls = strings(app).filter((s) => /^[a-z]+:\/\//i.test(s.value) && !s.where.includes('@_xmlns'));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.value.startsWith(ORIGIN)).toBe(true);
  });
});

// ---- the build ------------------------------------------------------------------------------

describe('the production web build', () => {
  let out = '';
  let summary: BuildSummary;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-web-'));
    const summaryFile = path.join(out, '..', `${path.basename(out)}.json`);
    try {
      execFileSync(process.execPath, [path.join(__dirname, 'build-web.cjs'), out, '--summary', summaryFile], { cwd: ROOT, stdio: 'pipe', timeout: 280_000 });
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

  test('every URL and icon the manifest names exists in the build', () => {
    const urls = strings(app).filter((s) => s.value.startsWith(ORIGIN));
    for (const { where, value } of urls) {
      const relative = decodeURIComponent(new URL(value).pathname.slice(1));
      expect({ where, value, exists: fs.existsSync(built(relative)) }).toEqual({ where, value, exists: true });
    }
    expect(fs.existsSync(built('manifest.xml'))).toBe(true);
  });

  test('the icons have the size the manifest says', () => {
    const images = new Map(resources('bt:Images').map((i) => [i['@_id'], i['@_DefaultValue']]));
    const declared: [string, number][] = [
      [app.IconUrl['@_DefaultValue'], 32],
      [app.HighResolutionIconUrl['@_DefaultValue'], 64],
    ];
    const host = app.VersionOverrides.Hosts.Host[0];
    const group = host.DesktopFormFactor.ExtensionPoint[0].OfficeTab[0].Group[0];
    for (const icon of [group.Icon, group.Control[0].Icon]) {
      for (const image of icon['bt:Image']) declared.push([images.get(image['@_resid']), Number(image['@_size'])]);
    }
    for (const [url, size] of declared) {
      const file = built(new URL(url).pathname.slice(1));
      expect({ url, ...pngSize(file) }).toEqual({ url, width: size, height: size });
    }
    for (const size of [16, 32, 64, 80, 128]) expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
  });

  test('taskpane.html: strict CSP, lang vi, the webview guard, then Office.js from the build, then the bundle', () => {
    const html = fs.readFileSync(built('taskpane.html'), 'utf8');
    expect(html).toMatch(/<html[^>]*\blang="?vi"?/);
    expect(html).toMatch(/<meta[^>]+name="?viewport"?/);
    expect(html).toMatch(/<meta[^>]+http-equiv="?X-UA-Compatible"?[^>]+content="?IE=edge"?/i); // IE's webview in its newest mode, for the guard
    expect(html).toMatch(/<title>Phụ lục<\/title>/);
    expect(html).toMatch(/<div[^>]*\bid="?root"?/);
    const csp = /<meta[^>]+http-equiv="?Content-Security-Policy"?[^>]+content="([^"]+)"/i.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]); // no inline script, no eval, no CDN
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ src: /\bsrc="?([^"\s>]+)"?/.exec(m[1]!)?.[1], body: m[2]!.trim() }));
    expect(scripts.every((s) => s.src && s.body === '')).toBe(true); // nothing inline
    const srcs = scripts.map((s) => s.src!);
    expect(srcs[0]).toMatch(/^webview-guard\.[0-9a-f]{8}\.js$/);
    expect(srcs[1]).toBe('office-js/office.js');
    expect(srcs.slice(2)).toEqual(summary.entrypoints.taskpane!.filter((f) => f.endsWith('.js')));
    for (const src of srcs) expect(fs.existsSync(built(src))).toBe(true);
    // the guard is copied as written (ES5, not minified to ES2020)
    expect(fs.readFileSync(built(srcs[0]!), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'src', 'guard', 'webview-guard.js'), 'utf8'));
    // what office.js loads at run time from beside itself: Excel's host scripts and the strings
    for (const file of ['office-js/excel-web-16.00.js', 'office-js/excel-win32-16.01.js', 'office-js/excel-mac-16.00.js', 'office-js/vi-vn/office_strings.js', 'office-js/en-us/office_strings.js']) {
      expect(fs.existsSync(built(file))).toBe(true);
    }
  });

  test('commands.html runs the guard, loads Office.js and the commands bundle', () => {
    const html = fs.readFileSync(built('commands.html'), 'utf8');
    const srcs = [...html.matchAll(/<script\b[^>]*\bsrc="?([^"\s>]+)"?/g)].map((m) => m[1]!);
    expect(srcs[0]).toMatch(/^webview-guard\.[0-9a-f]{8}\.js$/);
    expect(srcs[1]).toBe('office-js/office.js');
    expect(srcs.slice(2)).toEqual(summary.entrypoints.commands!.filter((f) => f.endsWith('.js')));
    for (const src of srcs) expect(fs.existsSync(built(src))).toBe(true);
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
    const rows = [...initial.map((f) => ({ ...size(f), kind: 'initial' })), ...lazy.map((f) => ({ ...size(f), kind: 'lazy' })), ...summary.entrypoints.commands!.filter((f) => f.endsWith('.js')).map((f) => ({ ...size(f), kind: 'commands' }))];
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
