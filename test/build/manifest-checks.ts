/**
 * What a manifest must be for Office, whatever address it names: the repository's manifest.xml
 * (https://localhost:3000, test/build/manifest.test.ts) and the one a build writes for
 * PHULUC_PUBLIC_URL (test/build/deploy.test.ts) pass the same checks; and the files of a build
 * that the manifest's URLs and icons name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ROOT = path.resolve(__dirname, '..', '..');

const REPEATED = new Set([
  'Host',
  'Set',
  'ExtensionPoint',
  'OfficeTab',
  'CustomTab',
  'Group',
  'Control',
  'bt:Image',
  'bt:Url',
  'bt:String',
  'Override',
  'bt:Override',
  'AppDomain',
]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => REPEATED.has(name) });
// The parsed XML is walked freely below; its shape is what the assertions check.

export type Xml = any;

export interface Manifest {
  readonly xml: string;
  /** the OfficeApp element */
  readonly app: Xml;
  resources(kind: 'bt:Images' | 'bt:Urls' | 'bt:ShortStrings' | 'bt:LongStrings'): Xml[];
  /** every absolute URL in an attribute or a text (namespaces aside), with where it was found */
  urls(): { where: string; value: string }[];
}

export function readManifest(xml: string): Manifest {
  const app: Xml = parser.parse(xml).OfficeApp;
  return {
    xml,
    app,
    resources(kind) {
      const group = app.VersionOverrides.Resources[kind];
      const key = kind === 'bt:Images' ? 'bt:Image' : kind === 'bt:Urls' ? 'bt:Url' : 'bt:String';
      return group?.[key] ?? [];
    },
    urls: () => strings(app).filter((s) => /^[a-z]+:\/\//i.test(s.value) && !s.where.includes('@_xmlns')),
  };
}

/** Every string value (attribute or text) anywhere below node, with where it was found. */
export function strings(node: Xml, where = ''): { where: string; value: string }[] {
  if (typeof node === 'string') return [{ where, value: node }];
  if (Array.isArray(node)) return node.flatMap((child, i) => strings(child, `${where}[${i}]`));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([key, child]) => strings(child, `${where}/${key}`));
  return [];
}

export function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * The checks every manifest of the add-in passes. `origin` is the address its URLs start with,
 * ending in "/"; `load` gives the XML when the tests run (a build may write it in a beforeAll).
 */
export function describeManifest(title: string, load: () => string, origin: string): void {
  describe(title, () => {
    let manifest: Manifest;
    let app: Xml;
    beforeAll(() => {
      manifest = readManifest(load());
      app = manifest.app;
    });

    test('is well-formed XML', () => {
      expect(XMLValidator.validate(manifest.xml)).toBe(true);
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
      expect(app.DefaultSettings.SourceLocation['@_DefaultValue']).toBe(`${origin}taskpane.html`);
      expect(app.Permissions).toBe('ReadWriteDocument');
    });

    test('lists its elements in the order of the schema', () => {
      const order = [
        'Id',
        'AlternateId',
        'Version',
        'ProviderName',
        'DefaultLocale',
        'DisplayName',
        'Description',
        'IconUrl',
        'HighResolutionIconUrl',
        'SupportUrl',
        'AppDomains',
        'Hosts',
        'Requirements',
        'DefaultSettings',
        'Permissions',
        'Dictionary',
        'VersionOverrides',
      ];
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
      const label = manifest.resources('bt:ShortStrings').find((s) => s['@_id'] === button.Label['@_resid']);
      expect(label['@_DefaultValue']).toBe('Phụ lục');
      const taskpane = manifest.resources('bt:Urls').find((u) => u['@_id'] === button.Action.SourceLocation['@_resid']);
      expect(taskpane['@_DefaultValue']).toBe(`${origin}taskpane.html`);
      const functionFile = manifest.resources('bt:Urls').find((u) => u['@_id'] === desktop.FunctionFile['@_resid']);
      expect(functionFile['@_DefaultValue']).toBe(`${origin}commands.html`);
      // 16, 32 and 80 px icons for the group and the button
      for (const icon of [group.Icon, button.Icon]) {
        expect(icon['bt:Image'].map((i: Xml) => i['@_size']).sort()).toEqual(['16', '32', '80']);
      }
    });

    test('every resid names a resource, and the strings fit the schema with en-US overrides', () => {
      const ids = new Set(
        [
          ...manifest.resources('bt:Images'),
          ...manifest.resources('bt:Urls'),
          ...manifest.resources('bt:ShortStrings'),
          ...manifest.resources('bt:LongStrings'),
        ].map((r) => r['@_id']),
      );
      const resids = strings(app.VersionOverrides.Hosts).filter((s) => s.where.endsWith('/@_resid'));
      expect(resids.length).toBeGreaterThan(5);
      for (const { where, value } of resids) expect({ where, value, known: ids.has(value) }).toEqual({ where, value, known: true });
      for (const [kind, limit] of [
        ['bt:ShortStrings', 125],
        ['bt:LongStrings', 250],
      ] as const) {
        for (const s of manifest.resources(kind)) {
          expect(s['@_DefaultValue'].length).toBeLessThanOrEqual(limit);
          expect(s['bt:Override']).toEqual([expect.objectContaining({ '@_Locale': 'en-US' })]);
          expect(s['bt:Override'][0]['@_Value'].length).toBeLessThanOrEqual(limit);
        }
      }
    });

    test(`every URL is on ${origin}`, () => {
      const urls = manifest.urls();
      expect(urls.length).toBeGreaterThan(5);
      for (const url of urls)
        expect({ where: url.where, value: url.value, onOrigin: url.value.startsWith(origin) }).toEqual({ where: url.where, value: url.value, onOrigin: true });
    });
  });
}

/**
 * The manifest's URLs and icons against a build in `dir` served at `origin`: every file exists,
 * every icon has the size the manifest says.
 */
export function expectManifestFilesIn(manifest: Manifest, dir: string, origin: string): void {
  const built = (relative: string) => path.join(dir, ...relative.split('/'));
  const relativeOf = (url: string) => decodeURIComponent(url.slice(origin.length).split(/[?#]/)[0]!);
  for (const { where, value } of manifest.urls()) {
    expect({ where, value, exists: fs.existsSync(built(relativeOf(value))) }).toEqual({ where, value, exists: true });
  }
  expect(fs.existsSync(built('manifest.xml'))).toBe(true);

  const { app } = manifest;
  const images = new Map(manifest.resources('bt:Images').map((i) => [i['@_id'], i['@_DefaultValue']]));
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
    expect({ url, ...pngSize(built(relativeOf(url))) }).toEqual({ url, width: size, height: size });
  }
}

/** The Content-Security-Policy of a built page, directive → values. */
export function cspOf(html: string): Map<string, string[]> {
  const csp = /<meta[^>]+http-equiv="?Content-Security-Policy"?[^>]+content="([^"]+)"/i.exec(html)?.[1];
  expect(csp).toBeDefined();
  return new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** A built page's scripts in order: src (undefined for an inline one) and body. */
export function scriptsOf(html: string): { src: string | undefined; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ src: /\bsrc="?([^"\s>]+)"?/.exec(m[1]!)?.[1], body: m[2]!.trim() }));
}
