/**
 * npm start (scripts/start.cjs) and webpack.config.js, without starting a server: the options,
 * the usage-data opt-out file, and that building never asks for certificates (so neither a
 * build nor a test can end in office-addin-dev-certs running sudo).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

const start = require('../../scripts/start.cjs') as {
  parseArgs(argv: string[]): { http: boolean; sideload: boolean; help: boolean };
  usageDataOff(home?: string): 'off' | 'on' | 'unreadable';
};

describe('npm start options', () => {
  test('https and sideloading by default; --http, --no-sideload, --help', () => {
    expect(start.parseArgs([])).toEqual({ http: false, sideload: true, help: false });
    expect(start.parseArgs(['--http'])).toEqual({ http: true, sideload: true, help: false });
    expect(start.parseArgs(['--no-sideload'])).toEqual({ http: false, sideload: false, help: false });
    expect(start.parseArgs(['-h']).help).toBe(true);
    expect(() => start.parseArgs(['--htpp'])).toThrow(/--htpp/);
  });

  test('--help prints the usage in Vietnamese and English and starts nothing', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.cjs'), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(out).toContain('--http');
    expect(out).toContain('không cần chứng chỉ');
    expect(out).toContain('no certificate needed');
  });
});

describe('usage data of office-addin-* tools', () => {
  let home = '';
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));
  const file = () => path.join(home, 'office-addin-usage-data.json');
  const read = () => JSON.parse(fs.readFileSync(file(), 'utf8'));

  test('turned off when nobody chose (the file office-addin-usage-data off writes)', () => {
    expect(start.usageDataOff(home)).toBe('off');
    expect(read()).toEqual({ usageDataInstances: { 'office-addin-usage-data': { usageDataLevel: 'off' } } });
    expect(start.usageDataOff(home)).toBe('off'); // idempotent
  });

  test('other settings in the file are kept', () => {
    fs.writeFileSync(file(), JSON.stringify({ usageDataInstances: { other: { usageDataLevel: 'on' } }, extra: 1 }));
    expect(start.usageDataOff(home)).toBe('off');
    expect(read()).toEqual({ usageDataInstances: { other: { usageDataLevel: 'on' }, 'office-addin-usage-data': { usageDataLevel: 'off' } }, extra: 1 });
  });

  test("a user's own choice is kept; an unreadable file is left alone", () => {
    fs.writeFileSync(file(), JSON.stringify({ usageDataInstances: { 'office-addin-usage-data': { usageDataLevel: 'on' } } }));
    expect(start.usageDataOff(home)).toBe('on');
    fs.writeFileSync(file(), '{ not json');
    expect(start.usageDataOff(home)).toBe('unreadable');
    expect(fs.readFileSync(file(), 'utf8')).toBe('{ not json');
  });
});

describe('webpack.config.js', () => {
  // In a separate Node process: jest's module registry is not require.cache.
  const probe = (env: object, argv: object) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const c = require('./webpack.config.js')(${JSON.stringify(env)}, ${JSON.stringify(argv)});
           const certs = Object.keys(require.cache).some((k) => k.includes('office-addin-dev-certs'));
           console.log(JSON.stringify({ promise: typeof c.then === 'function', certs, mode: c.mode, server: c.devServer && c.devServer.server, port: c.devServer && c.devServer.port, headers: c.devServer && c.devServer.headers, entry: c.entry, devtool: c.devtool }));`,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 20_000 },
      ),
    );

  test('a build never loads the certificates', () => {
    const production = probe({}, { mode: 'production' });
    expect(production).toMatchObject({ promise: false, certs: false, mode: 'production' });
    expect(production.entry).toEqual({ taskpane: './src/taskpane/index.tsx', commands: './src/commands/commands.ts' });
    expect(probe({}, { mode: 'development' })).toMatchObject({ promise: false, certs: false, mode: 'development' });
  });

  test('the dev server: port 3000, CORS header, plain http with --http, no eval source maps', () => {
    const http = probe({ WEBPACK_SERVE: true, http: true }, { mode: 'development' });
    expect(http).toMatchObject({ promise: false, certs: false, server: 'http', port: 3000, headers: { 'Access-Control-Allow-Origin': '*' } });
    expect(http.devtool).not.toMatch(/eval/);
  });
});
