import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../helpers/cli';

/**
 * A usage error (exit 2) is said in the command's --lang only: Vietnamese by default, English
 * with --lang en, never both joined by " / ".
 */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-usage-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const cases: [string, () => string[], { vi: RegExp; en: RegExp }][] = [
  [
    'consolidate with a bad -o',
    () => ['consolidate', dir, '-o', path.join(dir, 'th.csv')],
    { vi: /tệp ra phải có đuôi \.xlsx/, en: /the output must end in \.xlsx/ },
  ],
  [
    'consolidate with a missing --previous',
    () => ['consolidate', dir, '-o', path.join(dir, 'th.xlsx'), '--previous', path.join(dir, 'khong-co.xlsx')],
    { vi: /--previous .*khong-co\.xlsx: không tìm thấy tệp/, en: /--previous .*khong-co\.xlsx: the file was not found/ },
  ],
  [
    'consolidate with a bad --from',
    () => ['consolidate', dir, '-o', path.join(dir, 'th.xlsx'), '--from', '31/02/2024', '--to', '2024-12-31'],
    { vi: /--from "31\/02\/2024": cần ngày dạng/, en: /--from "31\/02\/2024": expected a date/ },
  ],
  [
    'consolidate with --from after --to',
    () => ['consolidate', dir, '-o', path.join(dir, 'th.xlsx'), '--from', '2024-12-31', '--to', '2024-01-01'],
    { vi: /--from 31\/12\/2024 sau --to 01\/01\/2024/, en: /--from 31\/12\/2024 is after --to 01\/01\/2024/ },
  ],
  [
    'consolidate into a folder that does not exist',
    () => ['consolidate', dir, '-o', path.join(dir, 'khong-co', 'th.xlsx')],
    { vi: /không ghi được .*: thư mục không tồn tại/, en: /cannot write .*: the folder does not exist/ },
  ],
  [
    'narrative with a bad -o',
    () => ['narrative', path.join(dir, 'th.xlsx'), '-o', path.join(dir, 'bc.pdf')],
    { vi: /tệp ra phải có đuôi \.docx hoặc \.md/, en: /the output must end in \.docx or \.md/ },
  ],
  [
    'narrative with a bad --date',
    () => ['narrative', path.join(dir, 'th.xlsx'), '--date', 'hôm qua'],
    { vi: /--date "hôm qua": cần ngày dạng/, en: /--date "hôm qua": expected a date/ },
  ],
  [
    'new with an unknown template',
    () => ['new', '--template', 'ct99', '-o', path.join(dir, 'x.xlsx')],
    { vi: /không có mẫu "ct99"/, en: /no template "ct99"/ },
  ],
  [
    'new with a bad -o',
    () => ['new', '--template', 'ct37', '-o', path.join(dir, 'x.ods')],
    { vi: /tệp ra phải có đuôi \.xlsx/, en: /the output must end in \.xlsx/ },
  ],
  [
    'new with --from after --to',
    () => ['new', '--template', 'ct37', '--from', '2024-12-31', '--to', '2024-01-01', '-o', path.join(dir, 'x.xlsx')],
    { vi: /sau --to/, en: /is after --to/ },
  ],
  [
    'distribute with --from after --to',
    () => ['distribute', '--template', 'ct37', '--roster', path.join(dir, 'ds.csv'), '--from', '2024-12-31', '--to', '2024-01-01', '-o', dir],
    { vi: /--from 31\/12\/2024 sau --to 01\/01\/2024/, en: /--from 31\/12\/2024 is after --to 01\/01\/2024/ },
  ],
  [
    'status with a bad --deadline',
    () => ['status', dir, '--roster', path.join(dir, 'ds.csv'), '--deadline', 'mai'],
    { vi: /--deadline "mai": cần ngày dạng/, en: /--deadline "mai": expected a date/ },
  ],
  [
    'status with a bad -o',
    () => ['status', dir, '--roster', path.join(dir, 'ds.csv'), '-o', path.join(dir, 'x.csv')],
    { vi: /tệp ra phải có đuôi \.xlsx/, en: /the output must end in \.xlsx/ },
  ],
  [
    'a --template-file that does not exist',
    () => ['templates', '--template-file', path.join(dir, 'mau.json')],
    { vi: /không đọc được mẫu .*mau\.json: không tìm thấy tệp/, en: /cannot read template .*mau\.json: the file was not found/ },
  ],
  [
    'template sheet with an unknown template',
    () => ['template', 'sheet', '--template', 'ct99', '-o', path.join(dir, 'x.xlsx')],
    { vi: /không có mẫu "ct99"/, en: /no template "ct99"/ },
  ],
];

describe.each(cases)('%s', (_, args, expected) => {
  test('Vietnamese by default', async () => {
    const r = await run(...args());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(expected.vi);
    expect(r.err).toMatch(VIETNAMESE);
    expect(r.err).not.toMatch(expected.en);
    expect(r.err).not.toContain(' / ');
  });

  test('English with --lang en', async () => {
    const r = await run(...args(), '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(expected.en);
    // the user's own words (a file name, "hôm qua") may be Vietnamese; the message around them is not
    expect(r.err.replace(/"[^"]*"/g, '')).not.toMatch(VIETNAMESE);
    expect(r.err).not.toContain(' / ');
  });
});

test('a --template-file with the id and version of a built-in is refused in words, not as a bug', async () => {
  const file = path.join(dir, 'mau.json');
  const ct37 = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/core/templates/ct37.json'), 'utf8'));
  fs.writeFileSync(file, JSON.stringify(ct37));
  const r = await run('templates', '--template-file', file, '--lang', 'en');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/template ct37@1 is already known/);
  const vi = await run('templates', '--template-file', file);
  expect(vi.err).toMatch(/mẫu ct37@1 đã có/);
});

test('a --template-file the schema refuses says its first problem in the reader language', async () => {
  const file = path.join(dir, 'mau.json');
  fs.writeFileSync(file, JSON.stringify({ id: 'Báo Cáo', version: 1, title: { vi: 'x', en: 'x' }, rows: [] }));
  const r = await run('templates', '--template-file', file, '--lang', 'en');
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/is not valid/);
  expect(r.err).toMatch(/see: phuluc template check/);
  const vi = await run('templates', '--template-file', file);
  expect(vi.err).toMatch(/xem: phuluc template check/);
});

test('a --roster that cannot be read is the roster’s problem, as in every host: the units are consolidated without it (exit 1)', async () => {
  const { builtInRegistry } = await import('../../src/core/builtins');
  const { foreignXlsx } = await import('../helpers/foreign');
  const { unitRows } = await import('../helpers/units');
  const ct37 = builtInRegistry().get('ct37', 1)!;
  const units = path.join(dir, 'units');
  fs.mkdirSync(units);
  fs.writeFileSync(path.join(units, 'a.xlsx'), foreignXlsx([{ name: 'PL', rows: unitRows(ct37, { unit: 'Xã A', unitCode: 'A' }, { '2.1': 3 }) }]));
  const out = path.join(dir, 'th.xlsx');
  const r = await run('consolidate', units, '-o', out, '--roster', path.join(dir, 'ds.csv'));
  expect(r.code).toBe(1);
  expect(fs.existsSync(out)).toBe(true);
  const json = await run('consolidate', units, '-o', out, '--force', '--roster', path.join(dir, 'ds.csv'), '--lang', 'en', '--json', path.join(dir, 'th.json'));
  expect(json.code).toBe(1);
  const problems = JSON.parse(fs.readFileSync(path.join(dir, 'th.json'), 'utf8')).problems as { rule: string; message: string }[];
  expect(problems.find((p) => p.rule === 'consolidate.rosterUnreadable')?.message).toBe('The roster cannot be read: the file was not found.');
});
