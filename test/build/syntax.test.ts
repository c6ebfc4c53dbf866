/**
 * No emitted JavaScript is newer than the webviews Office uses for ExcelApi 1.7 and later can run:
 * every chunk of the production build (the app and node_modules) parses with acorn at ECMAScript
 * 2020, as a classic script (the pages load them with <script defer>, not type=module); the
 * webview guard, which must run in Internet Explorer 11, parses at ECMAScript 5; so does the
 * Office.js copied beside them. A dependency upgrade that brings newer syntax past
 * scripts/es2020-loader.cjs fails here.
 *
 * The build is the browser tests' (test/browser/harness.ts ensureBuild: built once per set of
 * inputs, reused by every test file that asks for it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, type Options } from 'acorn';
import { ensureBuild, ROOT } from '../browser/harness';

const es2020Loader = require('../../scripts/es2020-loader.cjs') as { TARGETS: string[] };

/** Where acorn stops, with the code around it, or undefined when it parses. */
function syntaxError(source: string, options: Options): string | undefined {
  try {
    parse(source, options);
    return undefined;
  } catch (error) {
    const { message, pos } = error as { message: string; pos?: number };
    return pos === undefined ? message : `${message}: …${source.slice(Math.max(0, pos - 60), pos + 40)}…`;
  }
}

const ES2020_SCRIPT: Options = { ecmaVersion: 2020, sourceType: 'script' };
const ES5_SCRIPT: Options = { ecmaVersion: 5, sourceType: 'script' };

function jsFilesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFilesBelow(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('the parser is strict enough to catch what the loader lowers', () => {
  test.each([
    ['a class static block (Fluent UI’s tabster)', 'class A { static { A.x = 1; } }'],
    ['class fields', 'class A { x = 1; static y = 2; }'],
    ['private members', 'class A { #x = 1; get() { return this.#x; } }'],
    ['logical assignment', 'let a; a ??= 1;'],
    ['top-level await', 'await 1;'],
  ])('%s is refused at ES2020', (_name, source) => {
    expect(syntaxError(source, ES2020_SCRIPT)).toBeDefined();
  });

  test('optional chaining and ?? are ES2020, allowed; let and arrows are refused at ES5', () => {
    expect(syntaxError('const a = {}; a?.b ?? 1;', ES2020_SCRIPT)).toBeUndefined();
    expect(syntaxError('let a = () => 1;', ES5_SCRIPT)).toBeDefined();
  });

  test('scripts/es2020-loader.cjs lowers them to ES2020 for the engines Office uses', async () => {
    const { transform } = await import('esbuild');
    const source = 'export class A { static { A.x = 1; } #y = 2; z = 3; get() { let a; a ??= this.#y; return a; } }';
    const { code } = await transform(source, { loader: 'js', target: es2020Loader.TARGETS, format: 'cjs' });
    expect(syntaxError(code, ES2020_SCRIPT)).toBeUndefined();
    expect(es2020Loader.TARGETS).toEqual(expect.arrayContaining(['es2020', 'safari14']));
  });
});

describe('the production web build', () => {
  let dir = '';
  beforeAll(async () => {
    const build = await ensureBuild();
    process.stderr.write(`[syntax] web build ${build.built ? `built in ${build.ms} ms` : 'reused'}: ${build.dir}\n`);
    dir = build.dir;
  }, 300_000);

  test('every chunk (app and node_modules) parses as an ES2020 script', () => {
    const chunks = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && !f.startsWith('webview-guard.'));
    expect(chunks).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vendors\./),
        expect.stringMatching(/^taskpane\./),
        expect.stringMatching(/^commands\./),
        expect.stringMatching(/^exceljs\./),
      ]),
    );
    const failures = chunks.map((file) => ({ file, error: syntaxError(fs.readFileSync(path.join(dir, file), 'utf8'), ES2020_SCRIPT) })).filter((r) => r.error);
    expect(failures).toEqual([]);
  });

  test('the webview guard parses as ES5 (it must run in Internet Explorer 11)', () => {
    const guards = fs.readdirSync(dir).filter((f) => /^webview-guard\..*\.js$/.test(f));
    expect(guards).toHaveLength(1);
    expect(syntaxError(fs.readFileSync(path.join(dir, guards[0]!), 'utf8'), ES5_SCRIPT)).toBeUndefined();
    expect(syntaxError(fs.readFileSync(path.join(ROOT, 'src', 'guard', 'webview-guard.js'), 'utf8'), ES5_SCRIPT)).toBeUndefined();
  });

  test('the copied Office.js parses as ES5 too (the guard relies on it loading in IE 11)', () => {
    const files = jsFilesBelow(path.join(dir, 'office-js'));
    expect(files.length).toBeGreaterThan(100);
    const failures = files
      .map((file) => ({ file: path.relative(dir, file), error: syntaxError(fs.readFileSync(file, 'utf8'), ES5_SCRIPT) }))
      .filter((r) => r.error);
    expect(failures).toEqual([]);
  });
});
