/**
 * Deployment (docs/deploy.md): PHULUC_PUBLIC_URL moves every address of the built manifest to the
 * server the add-in will live on, PHULUC_OFFICE_JS=cdn takes Office.js from Microsoft's CDN with
 * the pages' Content-Security-Policy to match; wrong values stop the build with a clear message.
 * One production build with both options, into a temporary folder (no network: the CDN is only
 * named, never fetched).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultBuildEnv } from '../browser/harness';
import { cspOf, describeManifest, expectManifestFilesIn, readManifest, ROOT, scriptsOf } from './manifest-checks';

const deploy = require('../../scripts/deploy-options.cjs') as {
  LOCAL_ORIGIN: string;
  OFFICE_JS_CDN: string;
  parsePublicUrl(raw: string): string;
  parseOfficeJs(raw: string | undefined): 'self' | 'cdn';
  deployOptions(env: Record<string, string | undefined>): { publicUrl: string; officeJs: 'self' | 'cdn'; officeJsSrc: string; scriptSources: string[] };
  manifestFor(xml: string, publicUrl: string): string;
};

const PUBLIC_URL = 'https://phuluc.so-noi-vu.example.gov.vn/office/phu-luc';
const manifestXml = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');

describe('PHULUC_PUBLIC_URL and PHULUC_OFFICE_JS: the values', () => {
  test('an https address, with or without a folder; a trailing slash is dropped', () => {
    expect(deploy.parsePublicUrl('https://phuluc.example.vn')).toBe('https://phuluc.example.vn');
    expect(deploy.parsePublicUrl('https://phuluc.example.vn/')).toBe('https://phuluc.example.vn');
    expect(deploy.parsePublicUrl(' https://Server.Example.vn:8443/office/phu-luc/ ')).toBe('https://server.example.vn:8443/office/phu-luc');
    expect(deploy.parsePublicUrl('https://intranet/addins/phuluc_v2')).toBe('https://intranet/addins/phuluc_v2');
  });

  test.each([
    ['not a URL', 'phuluc.example.vn', /không phải một địa chỉ web.*not a web address/],
    ['http', 'http://phuluc.example.vn', /https/],
    ['a file URL', 'file:///C:/phuluc', /https/],
    ['a query', 'https://phuluc.example.vn/addin?x=1', /\?…/],
    ['a fragment', 'https://phuluc.example.vn/addin#top', /#…/],
    ['an empty query', 'https://phuluc.example.vn/addin?', /\?…/],
    ['credentials', 'https://user:pass@phuluc.example.vn', /mật khẩu.*password/],
    ['a space', 'https://phuluc.example.vn/phu luc', /letters, digits/],
    ['a quote', 'https://phuluc.example.vn/a"b', /letters, digits/],
    ['an ampersand', 'https://phuluc.example.vn/a&b', /letters, digits/],
    ['a double slash', 'https://phuluc.example.vn//addin', /letters, digits/],
    ['a page, not a folder', 'https://phuluc.example.vn/addin/taskpane.html', /not of a page/],
  ])('refused: %s', (_name, value, message) => {
    expect(() => deploy.parsePublicUrl(value)).toThrow(message);
    expect(() => deploy.parsePublicUrl(value)).toThrow(/PHULUC_PUBLIC_URL=.*Ví dụ \/ example/s);
  });

  test('Office.js: self (the default) or cdn, nothing else', () => {
    expect(deploy.parseOfficeJs(undefined)).toBe('self');
    expect(deploy.parseOfficeJs('')).toBe('self');
    expect(deploy.parseOfficeJs('SELF')).toBe('self');
    expect(deploy.parseOfficeJs('cdn')).toBe('cdn');
    expect(() => deploy.parseOfficeJs('cnd')).toThrow(/PHULUC_OFFICE_JS="cnd".*self.*cdn/);
    expect(deploy.deployOptions({})).toEqual({
      publicUrl: deploy.LOCAL_ORIGIN,
      officeJs: 'self',
      officeJsSrc: 'office-js/office.js',
      scriptSources: ["'self'"],
    });
    expect(deploy.deployOptions({ PHULUC_OFFICE_JS: 'cdn' })).toMatchObject({
      officeJsSrc: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
      scriptSources: ["'self'", 'https://appsforoffice.microsoft.com'],
    });
  });

  test('the manifest: unchanged for localhost; elsewhere every address moved and no localhost left', () => {
    expect(deploy.manifestFor(manifestXml, deploy.LOCAL_ORIGIN)).toBe(manifestXml);
    const moved = deploy.manifestFor(manifestXml, PUBLIC_URL);
    expect(moved).not.toMatch(/localhost/);
    expect(moved.split(`"${PUBLIC_URL}/`).length).toBe(manifestXml.split(`"${deploy.LOCAL_ORIGIN}/`).length);
    expect(moved).toMatch(/^<\?xml[^>]*\?>\s*<!-- Phụ lục: manifest\.xml built for https:\/\/phuluc\.so-noi-vu/);
  });

  test('a wrong value stops the build before anything is written, with the message (exit code ≠ 0)', () => {
    const result = spawnSync(process.execPath, ['-e', "require('./webpack.config.js')({}, { mode: 'production' })"], {
      cwd: ROOT,
      env: { ...defaultBuildEnv(), PHULUC_PUBLIC_URL: 'http://phuluc.example.vn' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      'PHULUC_PUBLIC_URL="http://phuluc.example.vn": Office chỉ nạp phần bổ trợ qua https / Office loads add-ins over https only',
    );
  });

  test('npm start serves the localhost manifest whatever PHULUC_PUBLIC_URL says', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        "const c = require('./webpack.config.js')({ WEBPACK_SERVE: true, http: true }, { mode: 'development' }); const copy = c.plugins.find((p) => p.patterns); console.log(copy.patterns[0].transform(require('fs').readFileSync('manifest.xml')).includes('https://localhost:3000/taskpane.html'))",
      ],
      { cwd: ROOT, env: { ...defaultBuildEnv(), PHULUC_PUBLIC_URL: PUBLIC_URL }, encoding: 'utf8', timeout: 20_000 },
    );
    expect(out.trim()).toBe('true');
  });
});

describe(`a build with PHULUC_PUBLIC_URL=${PUBLIC_URL} PHULUC_OFFICE_JS=cdn`, () => {
  let out = '';
  const built = (relative: string) => path.join(out, ...relative.split('/'));

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-deploy-'));
    try {
      execFileSync(process.execPath, [path.join(__dirname, 'build-web.cjs'), out], {
        cwd: ROOT,
        env: { ...defaultBuildEnv(), PHULUC_PUBLIC_URL: `${PUBLIC_URL}/`, PHULUC_OFFICE_JS: 'cdn' },
        stdio: 'pipe',
        timeout: 280_000,
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`the web build failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`);
    }
  }, 300_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  // the same checks as the repository's manifest, on the address given
  describeManifest('dist-web/manifest.xml', () => fs.readFileSync(built('manifest.xml'), 'utf8'), `${PUBLIC_URL}/`);

  test('dist-web/manifest.xml: no localhost anywhere, every URL on the address, each naming a file of the build', () => {
    const xml = fs.readFileSync(built('manifest.xml'), 'utf8');
    expect(xml).not.toMatch(/localhost/i);
    const manifest = readManifest(xml);
    expect(manifest.urls().map((u) => u.value.slice(0, PUBLIC_URL.length + 1))).toEqual(manifest.urls().map(() => `${PUBLIC_URL}/`));
    expectManifestFilesIn(manifest, out, `${PUBLIC_URL}/`);
    // the repository's manifest.xml stays the localhost one (npm start sideloads it)
    expect(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8')).toContain('https://localhost:3000/taskpane.html');
  });

  test.each(['taskpane.html', 'commands.html'])('%s: the guard, then Office.js from the CDN, which the CSP allows (and nothing else new)', (page) => {
    const html = fs.readFileSync(built(page), 'utf8');
    const srcs = scriptsOf(html).map((s) => s.src);
    expect(srcs[0]).toMatch(/^webview-guard\.[0-9a-f]{8}\.js$/);
    expect(srcs[1]).toBe(deploy.OFFICE_JS_CDN);
    expect(srcs.filter((src) => src && /^https?:/.test(src))).toEqual([deploy.OFFICE_JS_CDN]);
    const csp = cspOf(html);
    expect(csp.get('script-src')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  test('no office-js/ copy: the pages take Office.js from the CDN', () => {
    expect(fs.existsSync(built('office-js'))).toBe(false);
    expect(fs.readdirSync(out).some((f) => /^taskpane\..*\.js$/.test(f))).toBe(true);
  });
});
