import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { num, type CellValue } from '../../src/core/values';
import { run } from '../helpers/cli';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { writeXlsx } from '../../src/xlsx/write';

const root = path.resolve(__dirname, '../..');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function unitFile(name: string, figures: Record<string, CellValue>, meta = { unit: 'Huyện A', unitCode: 'HA' }) {
  const template = builtInRegistry().get('ct37', 1)!;
  const layout = layoutUnitSheet(template, meta, { values: new Map(Object.entries(figures)) });
  const file = path.join(dir, name);
  fs.writeFileSync(file, await writeXlsx([layout]));
  return { file, layout };
}

describe('phuluc templates', () => {
  test('--json lists id, version and title', async () => {
    const { code, out } = await run('templates', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { id: 'ct37', version: 1, title: 'Kết quả triển khai thực hiện Chỉ thị 37-CT/TU' },
      { id: 'tu-kiem-tra-dan-chu', version: 1, title: 'Số liệu tự kiểm tra việc thực hiện dân chủ ở cơ quan, đơn vị' },
    ]);
  });
});

describe('phuluc new', () => {
  test.each(['ct37', 'tu-kiem-tra-dan-chu@1'])('writes %s, then refuses to overwrite it without --force', async (template) => {
    const file = path.join(dir, 'a.xlsx');
    const first = await run(
      'new',
      '--template',
      template,
      '--unit',
      'Sở Nội vụ',
      '--unit-code',
      'SNV',
      '--from',
      '2023-01-01',
      '--to',
      '2023-09-30',
      '-o',
      file,
    );
    expect(first.code).toBe(0);
    const before = fs.readFileSync(file);
    const again = await run('new', '--template', template, '-o', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect((await run('new', '--template', template, '-o', file, '--force')).code).toBe(0);
    // the new file checks clean apart from the metadata it lacks
    const check = await run('validate', file, '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out).problems.map((p: { rule: string }) => p.rule)).toEqual(['sheet.unitMissing']);
    expect(fs.readdirSync(dir)).toEqual(['a.xlsx']); // no temporary file left behind
  });

  test.each([
    [['--template', 'ct99', '-o', 'x.xlsx'], 'ct99'],
    [['--template', 'ct37', '-o', 'x.csv'], '.xlsx'],
    [['--template', 'ct37', '--from', '2023-13-01', '-o', 'x.xlsx'], '--from'],
    [['--template', 'ct37', '--from', '2023-10-01', '--to', '2023-09-30', '-o', 'x.xlsx'], '--from'],
    [['-o', 'x.xlsx'], '--template'],
  ])('usage error %j exits 2 and says why', async (args, said) => {
    const { code, err } = await run('new', ...args.map((a) => (a.endsWith('.xlsx') || a.endsWith('.csv') ? path.join(dir, a) : a)));
    expect(code).toBe(2);
    expect(err).toContain(said);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('phuluc validate', () => {
  test('a numerator above its denominator: exit 1 with the D cell; exit 0 once fixed', async () => {
    const bad = await unitFile('bad.xlsx', { '4.3.a': num(140), '4.3.b': num(130) });
    const r = await run('validate', bad.file, '--json');
    expect(r.code).toBe(1);
    const { problems } = JSON.parse(r.out);
    expect(problems).toEqual([
      {
        severity: 'error',
        file: bad.file,
        sheet: 'PL HA',
        cell: `D${bad.layout.rowOf.get('4.3.a')! + 1}`,
        code: '4.3.a',
        codes: ['4.3.a', '4.3.b'],
        rule: 'rule.le',
        message: 'Số đơn thư khiếu nại đã giải quyết (4.3.a) = 140 lớn hơn Tổng số đơn thư khiếu nại phải giải quyết (4.3.b) = 130.',
      },
    ]);
    const good = await unitFile('good.xlsx', { '4.3.a': num(120), '4.3.b': num(130) });
    expect((await run('validate', good.file, '--json')).code).toBe(0);
  });

  test('every file is checked even when one is unreadable; exit 2', async () => {
    const bad = await unitFile('bad.xlsx', { '1.1': { kind: 'text', text: '1.234' } });
    const junk = path.join(dir, 'junk.xlsx');
    fs.writeFileSync(junk, 'Mã,Chỉ tiêu\n');
    const r = await run('validate', junk, bad.file, path.join(dir, 'missing.xlsx'), '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.out).toContain('neither an .xlsx nor an .ods spreadsheet');
    expect(r.out).toContain('"1.234" was typed as text');
    expect(r.out).toContain('probably means 1,234');
    expect(r.out).toContain('No such file or folder');
  });

  test('a folder is walked; warnings alone exit 0; human output names sheet and cell', async () => {
    await unitFile('a.xlsx', { '4.1.1': num(10), '4.1.2': num(8) });
    fs.writeFileSync(path.join(dir, '~$a.xlsx'), 'lock file of Excel');
    const r = await run('validate', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PL HA › D\d+ \[4\.1\.2\] cảnh báo: /);
    expect(r.out).toContain('0 lỗi, 1 cảnh báo trong 1 tệp.');
  });

  test('a workbook with no appendix sheet is an error', async () => {
    const { file } = await unitFile('a.xlsx', {});
    const bytes = fs.readFileSync(file);
    // replace the key so the sheet no longer claims to be an appendix
    const parts = unzipSync(bytes);
    parts['xl/sharedStrings.xml'] = strToU8(strFromU8(parts['xl/sharedStrings.xml']!).replace('@template', 'template'));
    fs.writeFileSync(file, zipSync(parts));
    const r = await run('validate', file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).problems.map((p: { rule: string }) => p.rule)).toEqual(['file.noAppendix']);
  });

  test('unknown options are usage errors', async () => {
    expect((await run('validate', '--nope')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });
});

describe('the installed command', () => {
  beforeAll(() => {
    // npm test builds dist/ before jest runs (and npm ci does, by the prepare script)
    if (!fs.existsSync(path.join(root, 'dist/cli/main.js'))) {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.cli.json')], { stdio: 'inherit' });
    }
  }, 120000);

  test('bin/phuluc.cjs --help and a real run, with exit codes', async () => {
    const help = spawnSync(process.execPath, [path.join(root, 'bin/phuluc.cjs'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('validate');
    const bad = await unitFile('bad.xlsx', { '4.3.a': num(140), '4.3.b': num(130) });
    const run1 = spawnSync(process.execPath, [path.join(root, 'bin/phuluc.cjs'), 'validate', bad.file, '--json'], { encoding: 'utf8' });
    expect(run1.status).toBe(1);
    expect(JSON.parse(run1.stdout).problems[0].cell).toBe(`D${bad.layout.rowOf.get('4.3.a')! + 1}`);
    expect(run1.stderr).toBe('');
  });

  test('consolidate and validate run in a worker thread: the same files, output and exit codes as in the main thread', async () => {
    const good = await unitFile('tot.xlsx', { '4.3.a': num(10), '4.3.b': num(20) }, { unit: 'Huyện B', unitCode: 'HB' });
    const bad = await unitFile('sai.xlsx', { '4.3.a': num(140), '4.3.b': num(130) });
    const bin = path.join(root, 'bin/phuluc.cjs');
    const runBin = (inProcess: boolean, ...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, PHULUC_IN_PROCESS: inProcess ? '1' : '' } });
    for (const inProcess of [false, true]) {
      const out = path.join(dir, `th-${inProcess ? 'main' : 'worker'}.xlsx`);
      const r = runBin(inProcess, 'consolidate', good.file, bad.file, '-o', out, '--lang', 'en');
      expect([r.status, r.stderr]).toEqual([1, '']);
      expect(r.stdout).toContain('1/2');
      const usage = runBin(inProcess, 'consolidate', good.file, '-o', out);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('--force');
      const checked = runBin(inProcess, 'validate', good.file, bad.file, '--json');
      expect(checked.status).toBe(1);
      expect(JSON.parse(checked.stdout).problems.length).toBeGreaterThan(0);
    }
    // the summary is the same file, byte for byte, whichever thread wrote it
    expect(fs.readFileSync(path.join(dir, 'th-worker.xlsx')).equals(fs.readFileSync(path.join(dir, 'th-main.xlsx')))).toBe(true);
  });

  test('--version loads no command’s modules (the readers, exceljs, docx, zod, papaparse): start-up stays at Node’s', () => {
    const script = `const Module = require('module'); const load = Module._load; const seen = [];
      Module._load = function (request) { seen.push(request); return load.apply(this, arguments); };
      require(${JSON.stringify(path.join(root, 'dist/cli/main.js'))}).runCli(['--version'], { out() {}, err() {} })
        .then(() => process.stdout.write(JSON.stringify(seen)));`;
    const seen = JSON.parse(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout) as string[];
    expect(seen.filter((m) => /exceljs|docx|zod|papaparse|fflate|\/xlsx\/|\/app\/|\/sheet\//.test(m))).toEqual([]);
    expect(seen).toContain('commander');
  });

  test('piped into a reader that stops early (| head), it stops quietly: no EPIPE stack', () => {
    const folder = path.join(dir, 'many');
    fs.mkdirSync(folder);
    for (let i = 0; i < 1500; i++) fs.writeFileSync(path.join(folder, `bang-${i}.csv`), 'x');
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${path.join(root, 'bin/phuluc.cjs')}" validate "${folder}" | head -c 50 > /dev/null`], {
      encoding: 'utf8',
    });
    expect(piped.stderr).toBe('');
  });
});
