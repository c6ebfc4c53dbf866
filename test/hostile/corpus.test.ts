import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../helpers/cli';
import { builtInRegistry } from '../../src/core/builtins';
import { formatProblem } from '../../src/core/i18n/messages';
import type { Problem } from '../../src/core/problems';
import { checkWorkbook } from '../../src/xlsx/check';
import type { RawCell } from '../../src/core/values';
import type { SheetData } from '../../src/sheet/grid';
import { readUnitSheet } from '../../src/sheet/read';
import { appendix, buildCorpus, goodUnits, rowOf, type Case, type Expected } from './corpus';

/**
 * The hostile corpus (corpus.ts) read one file at a time, then consolidated with good units, then
 * all together: every bad file named with a clear message in both languages, the good ones
 * consolidated, the sources left as they were, and every file read in bounded time and memory.
 */

const registry = builtInRegistry();
const corpus = buildCorpus();
let good: Awaited<ReturnType<typeof goodUnits>>;
let dir: string;

beforeAll(async () => {
  good = await goodUnits();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-hostile-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A problem as the expectations state it: file aside, undefined fields left out. */
function shape(p: { severity: string; rule: string; sheet?: string | null; cell?: string | null; code?: string | null }): Expected {
  return {
    severity: p.severity as Expected['severity'],
    rule: p.rule as Expected['rule'],
    ...(p.sheet != null ? { sheet: p.sheet } : {}),
    ...(p.cell != null ? { cell: p.cell } : {}),
    ...(p.code != null ? { code: p.code } : {}),
  };
}
const sortKey = (file: string, e: Expected) => `${file}|${e.rule}|${e.cell ?? ''}|${e.code ?? ''}|${e.severity}`;
function sorted(list: readonly { file: string; problem: Expected }[]) {
  return [...list].sort((a, b) => sortKey(a.file, a.problem).localeCompare(sortKey(b.file, b.problem)));
}

/** Units by id, in a Map: an object would drop "__proto__" (Object.assign calls its setter). */
const unitsOf = (lists: readonly Readonly<Record<string, number | null>>[]) => new Map(lists.flatMap((l) => Object.entries(l)));
const sum = (units: ReadonlyMap<string, number | null>) => [...units.values()].reduce<number>((a, b) => a + (b ?? 0), 0);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** The units in the totals: the JSON lists every unit expected or received, with its status. */
const includedUnits = (result: { units: ({ status: string } & Parameters<typeof unitId>[0])[] }) => result.units.filter((u) => u.status === 'included');
const unitId = (u: { unitCode: string | null; unit: string | null; file: string | null; sheet: string | null }) =>
  u.unitCode ?? u.unit ?? `${path.basename(u.file ?? '')}#${u.sheet}`;

test('the corpus holds at least 40 hostile files, each named once', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(40);
  expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
});

describe('each hostile file, checked on its own', () => {
  test.each(corpus.map((c) => [c.name, c] as const))('%s', (name, c: Case) => {
    const rssBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const checked = checkWorkbook(c.bytes, name, registry);
    const ms = performance.now() - started;
    const rssGrowthMiB = (process.resourceUsage().maxRSS - rssBefore) / 1024;

    // Bounded time and memory, whatever the file claims.
    expect(ms).toBeLessThan(c.expect.maxMs);
    if (c.expect.maxRssGrowthMiB !== undefined) expect(rssGrowthMiB).toBeLessThan(c.expect.maxRssGrowthMiB);

    // Exactly the problems stated, each in this file.
    expect(checked.unreadable).toBe(c.expect.unreadable);
    for (const p of checked.problems) expect(p.where.file).toBe(name);
    const actual = sorted(checked.problems.map((p) => ({ file: name, problem: shape({ ...p.where, severity: p.severity, rule: p.rule, code: p.code }) })));
    expect(actual.map((a) => a.problem)).toEqual(sorted(c.expect.problems.map((problem) => ({ file: name, problem }))).map((e) => e.problem));

    // A clear message in Vietnamese and in English, with the words a reader needs.
    for (const w of c.expect.words) {
      const concerned = checked.problems.filter((p) => p.rule === w.rule && (w.code === undefined || p.code === w.code));
      expect(concerned.length).toBeGreaterThan(0);
      for (const p of concerned) {
        const vi = formatProblem(p, 'vi');
        const en = formatProblem(p, 'en');
        for (const word of w.vi) expect(vi).toContain(word);
        for (const word of w.en) expect(en).toContain(word);
      }
    }
    for (const p of checked.problems) expectReadable(p);
    c.expect.check?.(checked);
  });
});

/** Every message: really in two languages, short enough to read, no hole where a parameter should be. */
function expectReadable(p: Problem): void {
  const vi = formatProblem(p, 'vi');
  const en = formatProblem(p, 'en');
  expect(vi).not.toBe(en);
  for (const text of [vi, en]) {
    expect(text.length).toBeLessThan(450);
    expect(text).not.toMatch(/undefined|NaN|\[object |function |"\?"|\(\?\)/);
  }
}

// The cases consolidated together: those of one group, each other case on its own.
const groups = new Map<string, Case[]>();
for (const c of corpus) {
  const key = c.expect.group ?? c.name;
  groups.set(key, [...(groups.get(key) ?? []), c]);
}

describe('each hostile file consolidated with good units: reported, and the rest consolidated', () => {
  test.each([...groups].map(([key, cases]) => [key, cases] as const))('%s', async (_, cases: Case[]) => {
    const files = [...good.map((g) => ({ name: g.name, bytes: g.bytes })), ...cases].map((f) => {
      const file = path.join(dir, f.name);
      fs.writeFileSync(file, f.bytes);
      return file;
    });
    const before = files.map(sha);
    const json = path.join(dir, 'out', 'tong-hop.json');
    fs.mkdirSync(path.dirname(json));
    const started = performance.now();
    const r = await run('consolidate', ...files, '-o', path.join(dir, 'out', 'tong-hop.xlsx'), '--json', json);
    // reading the group, plus writing a summary of a few units
    expect(performance.now() - started).toBeLessThan(cases.reduce((ms, c) => ms + c.expect.maxMs, 3000));
    const result = JSON.parse(fs.readFileSync(json, 'utf8'));

    const expectedProblems = cases.flatMap((c) => [...c.expect.problems, ...c.expect.consolidation].map((problem) => ({ file: c.name, problem })));
    const actualProblems = result.problems.map((p: { file: string | null } & Parameters<typeof shape>[0]) => ({
      file: p.file ? path.basename(p.file) : '',
      problem: shape(p),
    }));
    expect(sorted(actualProblems).map((a) => [a.file, a.problem])).toEqual(sorted(expectedProblems).map((e) => [e.file, e.problem]));
    expect(r.code).toBe(expectedProblems.some((e) => e.problem.severity === 'error') ? 1 : 0);

    const units = unitsOf([...good.map((g) => g.units), ...cases.map((c) => c.expect.units)]);
    expect(includedUnits(result).map(unitId).sort()).toEqual([...units.keys()].sort());
    expect(result.values['1.1']).toBe(sum(units));
    expect(files.map(sha)).toEqual(before);
  });
});

describe('the whole corpus in one folder with good units', () => {
  test('consolidate: the good ones consolidated, every bad one reported, sources byte-identical', async () => {
    const inputs = path.join(dir, 'nop-ve');
    fs.mkdirSync(inputs);
    for (const f of [...good, ...corpus]) fs.writeFileSync(path.join(inputs, f.name), f.bytes);
    const names = fs.readdirSync(inputs).sort();
    const before = names.map((n) => sha(path.join(inputs, n)));
    const json = path.join(dir, 'tong-hop.json');
    const started = performance.now();
    const r = await run('consolidate', inputs, '-o', path.join(dir, 'tong-hop.xlsx'), '--json', json);
    const ms = performance.now() - started;
    expect(r.code).toBe(1);
    expect(ms).toBeLessThan(30_000);
    const result = JSON.parse(fs.readFileSync(json, 'utf8'));

    const units = unitsOf([...good.map((g) => g.units), ...corpus.map((c) => c.expect.units)]);
    expect(includedUnits(result).map(unitId).sort()).toEqual([...units.keys()].sort());
    expect(result.values['1.1']).toBe(sum(units));

    const expected = corpus.flatMap((c) => [...c.expect.problems, ...c.expect.consolidation].map((problem) => ({ file: c.name, problem })));
    const actual = result.problems.map((p: { file: string | null } & Parameters<typeof shape>[0]) => ({
      file: p.file ? path.basename(p.file) : '',
      problem: shape(p),
    }));
    expect(sorted(actual).map((a) => [a.file, a.problem])).toEqual(sorted(expected).map((e) => [e.file, e.problem]));
    // every bad file is named
    const named = new Set(actual.map((a: { file: string }) => a.file));
    for (const c of corpus) if (c.expect.problems.length + c.expect.consolidation.length > 0) expect([c.name, named.has(c.name)]).toEqual([c.name, true]);

    expect(fs.readdirSync(inputs).sort()).toEqual(names);
    expect(names.map((n) => sha(path.join(inputs, n)))).toEqual(before);
  });

  test('validate: exit 2 (some files cannot be read), every unreadable file named, the others checked', async () => {
    const inputs = path.join(dir, 'nop-ve');
    fs.mkdirSync(inputs);
    for (const f of [...good, ...corpus]) fs.writeFileSync(path.join(inputs, f.name), f.bytes);
    const r = await run('validate', inputs, '--json', '--lang', 'en');
    expect(r.code).toBe(2);
    const problems: { file: string; rule: string; message: string }[] = JSON.parse(r.out).problems;
    for (const c of corpus.filter((x) => x.expect.unreadable)) {
      const mine = problems.filter((p) => path.basename(p.file) === c.name);
      expect([c.name, mine.map((p) => p.rule)]).toEqual([c.name, c.expect.problems.map((p) => p.rule)]);
    }
    const checkedFiles = new Set(problems.map((p) => path.basename(p.file)));
    for (const c of corpus.filter((x) => x.expect.problems.length > 0)) expect([c.name, checkedFiles.has(c.name)]).toEqual([c.name, true]);
  });
});

describe('what a hostile name becomes in the summary', () => {
  test('names and codes beginning with = + - @ stay text in the summary workbook', async () => {
    const c = corpus.find((x) => x.name === 'formula-like-names.xlsx')!;
    fs.writeFileSync(path.join(dir, c.name), c.bytes);
    const out = path.join(dir, 'tong-hop.xlsx');
    expect((await run('consolidate', path.join(dir, c.name), '-o', out)).code).toBe(0);
    const wanted = ['=1+2', '+1+2', '-1+2', '@SUM(1,2)', '=HYPERLINK("http://example.invalid/x","Bấm vào đây")', '+Sở Tài chính', '-Sở Xây dựng', '@Sở Y tế'];

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const found = new Map<string, ExcelJS.Cell[]>();
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const text = typeof cell.value === 'string' ? cell.value : (cell.formula ?? '');
          for (const w of wanted) if (text === w || text === w.slice(1)) found.set(w, [...(found.get(w) ?? []), cell]);
        }),
      ),
    );
    for (const w of wanted) {
      const cells = found.get(w) ?? [];
      expect([w, cells.length > 0]).toEqual([w, true]);
      for (const cell of cells) expect([w, cell.type, cell.value]).toEqual([w, ExcelJS.ValueType.String, w]);
    }
    // and in the XML itself: no formula element carries them
    const parts = unzipSync(new Uint8Array(fs.readFileSync(out)));
    for (const [name, data] of Object.entries(parts)) {
      if (!name.startsWith('xl/worksheets/')) continue;
      const formulas = [...strFromU8(data).matchAll(/<f>([^<]*)<\/f>/g)].map((m) => m[1]!);
      for (const f of formulas) expect(f).not.toMatch(/HYPERLINK|SUM\(1|^1\+2$|Sở/);
    }
  });

  test('unit codes __proto__ and constructor consolidate as any other unit, in the workbook and in JSON', async () => {
    const c = corpus.find((x) => x.name === 'object-property-codes.xlsx')!;
    fs.writeFileSync(path.join(dir, c.name), c.bytes);
    const json = path.join(dir, 'o.json');
    expect((await run('consolidate', path.join(dir, c.name), '-o', path.join(dir, 'o.xlsx'), '--json', json)).code).toBe(0);
    const result = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(result.units.map((u: { unitCode: string; unit: string }) => [u.unitCode, u.unit])).toEqual([
      ['__proto__', '__proto__'],
      ['constructor', 'constructor'],
      ['toString', 'hasOwnProperty'],
    ]);
    expect(result.values['1.1']).toBe(40 + 41 + 42);
    expect(Object.getPrototypeOf(result.values)).toBe(Object.prototype);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'o.xlsx'));
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.getColumn(1).values.slice(2)).toEqual(['__proto__', 'constructor', 'toString']);
  });

  test('a 100,000-character unit name is cut to what Excel accepts in a cell (32,767), with --include-invalid', async () => {
    const c = corpus.find((x) => x.name === 'long-strings.xlsx')!;
    fs.writeFileSync(path.join(dir, c.name), c.bytes);
    const out = path.join(dir, 'tong-hop.xlsx');
    const r = await run('consolidate', path.join(dir, c.name), '-o', out, '--include-invalid');
    expect(r.code).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    let longest = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) => row.eachCell((cell) => void (longest = Math.max(longest, typeof cell.value === 'string' ? cell.value.length : 0)))),
    );
    expect(longest).toBe(32_767);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThan(500);
  });
});

describe('what a formula without a value means', () => {
  const grid = (d: RawCell): SheetData => {
    const rows = appendix('F1', 'Công thức');
    const sheetRows = rows.map((r) => r.map((v) => (v === null || v === undefined ? undefined : ({ value: v as string | number } as RawCell))));
    sheetRows[rowOf(rows, '2.1')]![3] = d;
    return { name: 'PL F1', rows: sheetRows };
  };
  test('in a file without its saved result: the figure is unknown, an error', () => {
    const reading = readUnitSheet(grid({ value: null, formula: 'SUM(D20:D21)', uncomputed: true }), registry, { file: 'f.xlsx' });
    expect(reading.problems.map((p) => [p.rule, p.code])).toEqual([['value.formulaNoResult', '2.1']]);
  });
  test('from Excel, which always calculates, a formula giving "" is a blank: no problem', () => {
    const reading = readUnitSheet(grid({ value: null, formula: 'IF(A1="","",A1)' }), registry, { file: 'f.xlsx' });
    expect(reading.problems).toEqual([]);
    expect(reading.report!.values.get('2.1')).toEqual({ kind: 'blank' });
  });
});
