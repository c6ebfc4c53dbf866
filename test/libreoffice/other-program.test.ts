import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { checkWorkbook } from '../../src/xlsx/check';
import { readXlsx } from '../../src/xlsx/read';
import { convertMany, csvImportFilter, csvLine, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * A file filled by another program, not this project's writer: a CSV typed by hand, turned into
 * .xlsx by LibreOffice, then checked by the real command line (node bin/phuluc.cjs) as a user runs it.
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/other-program.test.ts'));

const TIMEOUT = 180_000;
const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'phuluc.cjs');
const DIST_MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

/**
 * Column A, B, C and E as text, so codes such as "1.1" or "4.1" never become numbers; column D as
 * LibreOffice reads it (numbers, dates). Token 7 true: a quoted field stays text (the text dates below).
 */
const INFILTER = `${csvImportFilter('1/2/2/2/3/2/4/1/5/2')},1033,true`;

interface BuiltCsv {
  readonly text: string;
  /** 1-based CSV line of each code */
  readonly lineOf: Map<string, number>;
}

/**
 * The ct37 appendix as another program would write it: every row in template order, a figure in
 * every count row, a note row inserted in the middle, ratio rows left for the reader to compute.
 */
function buildCsv(figure43a: number, textDates: boolean): BuiltCsv {
  const template = builtInRegistry().latest('ct37')!;
  const date = (iso: string, shown: string): string => (textDates ? `"${shown}"` : iso);
  const lines: string[] = [
    csvLine(['@template', '', '', 'ct37@1']),
    csvLine(['@unit', 'Đơn vị', '', 'Huyện A']),
    csvLine(['@unitCode', '', '', 'HA']),
    // text dates: one ISO, one day/month/year as Vietnamese documents write it
    `@from,,,${date('2023-01-01', '2023-01-01')}`,
    `@to,,,${date('2023-09-30', '30/09/2023')}`,
    csvLine(['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu']),
  ];
  const lineOf = new Map<string, number>();
  const middle = Math.floor(template.rows.length / 2);
  template.rows.forEach((row, i) => {
    if (i === middle) lines.push(csvLine(['', 'Ghi chú: dòng chèn thêm của đơn vị, không thuộc mẫu', '', '']));
    let value = '';
    if (row.kind === 'count') {
      // rows that must not exceed another get the smaller figures, so only 4.3.a can break a rule
      value = String(row.rules.some((r) => r.type === 'le') ? 100 + i : 200 + i);
    } else if (row.kind === 'percent') value = '87.5';
    if (row.code === '4.3.a') value = String(figure43a);
    if (row.code === '4.3.b') value = '130';
    const unit = row.unit?.vi ?? '';
    // the code quoted, as text; the figure bare, so LibreOffice reads it as a number
    lines.push(`${csvLine([row.code], true)},${csvLine([row.label.vi, unit])},${value}`);
    lineOf.set(row.code, lines.length);
  });
  return { text: `${lines.join('\r\n')}\r\n`, lineOf };
}

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

interface JsonProblem {
  severity: 'error' | 'warning';
  file: string | null;
  sheet: string | null;
  cell: string | null;
  code: string | null;
  rule: string;
  message: string;
}

function problemsOf(result: CliResult): JsonProblem[] {
  let parsed: { problems: JsonProblem[] };
  try {
    parsed = JSON.parse(result.stdout) as { problems: JsonProblem[] };
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
  return parsed.problems;
}

/** Newest modification time under a folder. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The command line runs from dist/: build it when missing or older than src. */
function ensureCliBuilt(): void {
  const stale =
    !fs.existsSync(DIST_MAIN) ||
    fs.statSync(DIST_MAIN).mtimeMs <
      Math.max(...['core', 'sheet', 'xlsx', 'cli'].map((d) => newestMtime(path.join(ROOT, 'src', d))), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs);
  if (!stale) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`building the command line (tsc -p tsconfig.cli.json) failed: ${out.message}\n${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
}

d("a file filled by another program (not this project's writer)", () => {
  let dir: string;
  let wrong: { csv: BuiltCsv; xlsx: string };
  let fixed: { csv: BuiltCsv; xlsx: string };
  let fixedTextDates: { csv: BuiltCsv; xlsx: string };

  beforeAll(async () => {
    ensureCliBuilt();
    dir = makeTempDir('phuluc-lo-other');
    const csvDir = path.join(dir, 'csv');
    const outDir = path.join(dir, 'xlsx');
    fs.mkdirSync(csvDir);
    fs.mkdirSync(outDir);
    const variants = { wrong: buildCsv(140, false), fixed: buildCsv(120, false), fixedTextDates: buildCsv(120, true) };
    const names = Object.keys(variants) as (keyof typeof variants)[];
    const inputs = names.map((name) => {
      const file = path.join(csvDir, `huyen-a-${name}.csv`);
      fs.writeFileSync(file, variants[name].text, 'utf8');
      return file;
    });
    // one soffice run for the three files
    const outputs = await convertMany(inputs, 'xlsx', outDir, { infilter: INFILTER });
    const result = (i: number) => ({ csv: variants[names[i]!], xlsx: outputs[i]! });
    wrong = result(0);
    fixed = result(1);
    fixedTextDates = result(2);
  }, TIMEOUT);

  afterAll(() => removeTempDir(dir));

  test('LibreOffice wrote a workbook with the codes as text and the figures as numbers', () => {
    const read = readXlsx(fs.readFileSync(wrong.xlsx));
    if (!read.ok) throw new Error(read.rule);
    expect(read.workbook.sheets).toHaveLength(1);
    const rows = read.workbook.sheets[0]!.rows;
    const at = (line: number) => rows[line - 1];
    const template = builtInRegistry().latest('ct37')!;
    for (const row of template.rows) {
      const cells = at(wrong.csv.lineOf.get(row.code)!);
      expect({ code: row.code, key: cells?.[0]?.value }).toEqual({ code: row.code, key: row.code });
      if (row.kind === 'count') expect({ code: row.code, type: typeof cells?.[3]?.value }).toEqual({ code: row.code, type: 'number' });
    }
    expect(at(wrong.csv.lineOf.get('4.3.a')!)?.[3]?.value).toBe(140);
  });

  test(
    'validate --json: exit 1 and rule.le on 4.3.a at its cell in column D',
    async () => {
      const result = await runCli(['validate', wrong.xlsx, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const problems = problemsOf(result);
      const row = wrong.csv.lineOf.get('4.3.a')!;
      expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', rule: 'rule.le', code: '4.3.a', cell: `D${row}`, file: wrong.xlsx }));
      // that is the only error: every other row was read where it is, the inserted note included
      expect(problems.filter((p) => p.severity === 'error')).toHaveLength(1);
      expect(problems.filter((p) => ['sheet.rowMissing', 'sheet.rowUnknown', 'sheet.periodInvalid', 'sheet.rowDuplicate'].includes(p.rule))).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    'validate --lang en: the message says "greater than"',
    async () => {
      const result = await runCli(['validate', wrong.xlsx, '--json', '--lang', 'en']);
      expect(result.code).toBe(1);
      const le = problemsOf(result).find((p) => p.rule === 'rule.le' && p.code === '4.3.a');
      expect(le).toBeDefined();
      expect(le!.message).toContain('greater than');
      expect(le!.message).toContain('140');
      expect(le!.message).toContain('130');
    },
    TIMEOUT,
  );

  test(
    'with 4.3.a fixed to 120: exit 0 (warnings allowed)',
    async () => {
      const result = await runCli(['validate', fixed.xlsx, '--json']);
      expect(result.stderr).toBe('');
      const problems = problemsOf(result);
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(result.code).toBe(0);
    },
    TIMEOUT,
  );

  test(
    'the period reads fine whether LibreOffice made the dates dates or text',
    async () => {
      const registry = builtInRegistry();
      const dateCell = (xlsx: string, line: number) => {
        const read = readXlsx(fs.readFileSync(xlsx));
        if (!read.ok) throw new Error(read.rule);
        return read.workbook.sheets[0]!.rows[line - 1]?.[3];
      };
      // the two files really differ: a date-formatted number in one, text in the other
      const serial = (iso: string) => (Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86_400_000; // Excel's 1900 system
      expect(dateCell(fixed.xlsx, 4)).toEqual({ value: serial('2023-01-01'), type: 'date' });
      expect(dateCell(fixed.xlsx, 5)).toEqual({ value: serial('2023-09-30'), type: 'date' });
      expect(dateCell(fixedTextDates.xlsx, 4)).toEqual({ value: '2023-01-01' });
      expect(dateCell(fixedTextDates.xlsx, 5)).toEqual({ value: '30/09/2023' });

      for (const file of [fixed.xlsx, fixedTextDates.xlsx]) {
        const checked = checkWorkbook(fs.readFileSync(file), file, registry);
        expect(checked.sheets).toHaveLength(1);
        expect(checked.sheets[0]!.report!.meta).toEqual({ unit: 'Huyện A', unitCode: 'HA', from: '2023-01-01', to: '2023-09-30' });
        const result = await runCli(['validate', file, '--json']);
        expect(problemsOf(result).filter((p) => p.rule === 'sheet.periodInvalid')).toEqual([]);
        expect(result.code).toBe(0);
      }
    },
    TIMEOUT,
  );
});
