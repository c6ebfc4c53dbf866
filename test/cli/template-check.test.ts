import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTemplate, checkTemplateText } from '../../src/core/template-check';
import { defineTemplate } from '../../src/core/template';
import { run } from '../helpers/cli';

/**
 * phuluc template check: each problem of a deliberately broken template, with its JSON path and a
 * message in Vietnamese and in English; the sum cycle; JSON that does not parse; the exit codes.
 */

const root = path.resolve(__dirname, '../..');
const ct37 = (): Record<string, any> => JSON.parse(fs.readFileSync(path.join(root, 'src/core/templates/ct37.json'), 'utf8'));
const small = (): Record<string, any> => ({
  id: 'bao-cao-thu',
  version: 1,
  title: { vi: 'Báo cáo thử' },
  rows: [
    { code: '1', kind: 'heading', level: 1, label: { vi: 'Mục một' } },
    { code: '1.1', kind: 'count', label: { vi: 'Số cuộc' }, unit: { vi: 'cuộc' } },
    { code: '1.2', kind: 'count', label: { vi: 'Số cuộc đạt' }, rules: [{ type: 'le', other: '1.1' }] },
    { code: '1.r', kind: 'ratio', label: { vi: 'Tỷ lệ đạt' }, ratio: { numerator: '1.2', denominator: '1.1' } },
  ],
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-tcheck-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: unknown): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
};

async function checkJson(content: unknown, lang: 'vi' | 'en' = 'vi') {
  const r = await run('template', 'check', write('t.json', content), '--json', '--lang', lang);
  return { ...r, result: JSON.parse(r.out) as { valid: boolean; issues: { path: string; rule: string; message: string }[] } };
}

describe('checkTemplate', () => {
  test('the built-in templates have no issue', () => {
    for (const name of ['ct37', 'tu-kiem-tra-dan-chu']) {
      expect(checkTemplate(JSON.parse(fs.readFileSync(path.join(root, `src/core/templates/${name}.json`), 'utf8')))).toEqual([]);
    }
  });
});

type Case = { name: string; break: (t: Record<string, any>) => void; path: string; rule: string; vi: RegExp; en: RegExp; engineAccepts?: true };
const CASES: Case[] = [
  {
    name: 'unknown kind',
    break: (t) => (t.rows[1].kind = 'so-luong'),
    path: 'rows[1].kind',
    rule: 'kind.unknown',
    vi: /Loại chỉ tiêu "so-luong" không có; chỉ dùng: "tiêu đề", "số lượng"/,
    en: /There is no kind of row "so-luong"/,
  },
  {
    name: 'duplicate code',
    break: (t) => (t.rows[2].code = '1.1'),
    path: 'rows[2].code',
    rule: 'code.duplicate',
    vi: /Mã chỉ tiêu "1\.1" bị trùng/,
    en: /Row code "1\.1" is used twice/,
  },
  {
    name: 'a ratio naming a missing row',
    break: (t) => (t.rows[3].ratio.denominator = '9.9'),
    path: 'rows[3].ratio.denominator',
    rule: 'ref.unknown',
    vi: /Không có chỉ tiêu mã "9\.9" trong mẫu/,
    en: /There is no row with code "9\.9"/,
  },
  {
    name: 'a rule naming a missing row',
    break: (t) => (t.rows[2].rules[0].other = '7'),
    path: 'rows[2].rules[0].other',
    rule: 'ref.unknown',
    vi: /Không có chỉ tiêu mã "7"/,
    en: /There is no row with code "7"/,
  },
  {
    name: 'a ratio over a heading',
    break: (t) => (t.rows[3].ratio.numerator = '1'),
    path: 'rows[3].ratio.numerator',
    rule: 'ref.kind',
    vi: /Chỉ tiêu "1" có loại "tiêu đề", nhưng ở đây cần loại "số lượng", "số", "tỷ lệ nhập \(%\)"/,
    en: /Row "1" is a "heading" row, but a "count", "number", "percent typed \(%\)" row is needed here/,
  },
  {
    name: 'a sentence naming an unknown code',
    break: (t) =>
      (t.report = { subject: { vi: 'S' }, sections: [{ heading: { vi: 'I' }, level: 1, sentences: [{ text: { vi: 'Có {1.1} cuộc, {4.4} đạt.' } }] }] }),
    path: 'report.sections[0].sentences[0].text.vi',
    rule: 'sentence.unknownCode',
    vi: /Câu mẫu nhắc đến \{4\.4\}, nhưng không có chỉ tiêu số liệu mã "4\.4"/,
    en: /The sentence names \{4\.4\}, but there is no figure row/,
  },
  {
    name: 'unbalanced [ ]',
    break: (t) =>
      (t.report = { subject: { vi: 'S' }, sections: [{ heading: { vi: 'I' }, level: 1, sentences: [{ text: { vi: 'Có {1.1} cuộc[, {1.2} đạt.' } }] }] }),
    path: 'report.sections[0].sentences[0].text.vi',
    rule: 'sentence.brackets',
    vi: /dấu \[ và \] không cân/,
    en: /unbalanced \[ and \]/,
  },
  {
    name: 'bad id',
    break: (t) => (t.id = 'Báo Cáo'),
    path: 'id',
    rule: 'id.format',
    vi: /Mã mẫu "Báo Cáo" không hợp lệ: chỉ dùng chữ thường không dấu/,
    en: /Template id "Báo Cáo" is not valid/,
  },
  {
    name: 'bad version',
    break: (t) => (t.version = 1.5),
    path: 'version',
    rule: 'version.invalid',
    vi: /Phiên bản "1\.5" không hợp lệ: cần một số nguyên dương/,
    en: /Version "1\.5" is not valid/,
  },
  {
    name: 'version 0',
    break: (t) => (t.version = 0),
    path: 'version',
    rule: 'version.invalid',
    vi: /Phiên bản "0" không hợp lệ/,
    en: /Version "0" is not valid/,
  },
  {
    name: 'a wrong type',
    break: (t) => (t.rows[1].required = 'có'),
    path: 'rows[1].required',
    rule: 'type',
    vi: /Cần true hoặc false, nhưng gặp chữ/,
    en: /Expected true or false, found text/,
  },
  {
    name: 'a missing label',
    break: (t) => delete t.rows[1].label,
    path: 'rows[1].label',
    rule: 'missing',
    vi: /Thiếu mục bắt buộc "label"/,
    en: /The required entry "label" is missing/,
  },
  {
    name: 'an empty text',
    break: (t) => (t.rows[1].label.vi = ''),
    path: 'rows[1].label.vi',
    rule: 'text.empty',
    vi: /không được để trống/,
    en: /must not be empty/,
  },
  {
    name: 'no rows',
    break: (t) => (t.rows = []),
    path: 'rows',
    rule: 'rows.empty',
    vi: /ít nhất một chỉ tiêu/,
    en: /at least one row/,
  },
  {
    name: 'a misspelt key',
    break: (t) => (t.rows[1].reqired = true),
    path: 'rows[1]',
    rule: 'keys.unknown',
    vi: /Mục không có trong mẫu \(viết sai tên\?\): reqired/,
    en: /misspelt\?\): reqired/,
    // zod drops the unknown key quietly: only the check says it
    engineAccepts: true,
  },
  {
    name: 'an unknown rule type',
    break: (t) => (t.rows[2].rules[0].type = 'lt'),
    path: 'rows[2].rules[0].type',
    rule: 'rule.type',
    vi: /Loại ràng buộc "lt" không có/,
    en: /There is no rule type "lt"/,
  },
  {
    name: 'a bad heading level',
    break: (t) => (t.rows[0].level = 3),
    path: 'rows[0].level',
    rule: 'level.heading',
    vi: /Cấp tiêu đề "3" không hợp lệ/,
    en: /Heading level "3" is not valid/,
  },
  {
    name: 'a bad code',
    break: (t) => (t.rows[1].code = '@1.1'),
    path: 'rows[1].code',
    rule: 'code.format',
    vi: /Mã chỉ tiêu "@1\.1" không hợp lệ/,
    en: /Row code "@1\.1" is not valid/,
  },
  {
    name: 'a bad date',
    break: (t) => (t.defaultPeriod = { from: '01/01/2024', to: '2024-12-31' }),
    path: 'defaultPeriod.from',
    rule: 'date.format',
    vi: /Ngày "01\/01\/2024" không hợp lệ: trong JSON viết dạng YYYY-MM-DD/,
    en: /Date "01\/01\/2024" is not valid/,
  },
  {
    name: 'a period the wrong way round',
    break: (t) => (t.defaultPeriod = { from: '2024-12-31', to: '2024-01-01' }),
    path: 'defaultPeriod',
    rule: 'period.order',
    vi: /ngày bắt đầu sau ngày kết thúc/,
    en: /the start is after the end/,
  },
  {
    name: 'min above max',
    break: (t) => Object.assign(t.rows[1], { min: 10, max: 5 }),
    path: 'rows[1].min',
    rule: 'min.aboveMax',
    vi: /nhỏ nhất lớn hơn giá trị lớn nhất/,
    en: /minimum is above the maximum/,
  },
  {
    name: 'a ratio without numerator and denominator',
    break: (t) => delete t.rows[3].ratio,
    path: 'rows[3].ratio',
    rule: 'ratio.missing',
    vi: /cần có tử số và mẫu số/,
    en: /needs a numerator and a denominator/,
  },
];

describe('phuluc template check: each problem, with its path, in both languages', () => {
  test.each(CASES)('$name', async (c) => {
    const t = small();
    c.break(t);
    // the template is broken indeed: the engine refuses it
    if (c.engineAccepts) expect(() => defineTemplate(t)).not.toThrow();
    else expect(() => defineTemplate(t)).toThrow();
    const vi = await checkJson(t, 'vi');
    expect(vi.code).toBe(1);
    expect(vi.result.valid).toBe(false);
    const found = vi.result.issues.find((i) => i.rule === c.rule && i.path === c.path);
    expect(found).toBeDefined();
    expect(found!.message).toMatch(c.vi);
    const en = await checkJson(t, 'en');
    const foundEn = en.result.issues.find((i) => i.rule === c.rule && i.path === c.path);
    expect(foundEn!.message).toMatch(c.en);
    // zod's English is never the message
    for (const i of [...vi.result.issues, ...en.result.issues]) expect(i.message).not.toMatch(/Invalid input|Too small|expected one of/);
  });
});

describe('sum cycles', () => {
  test('A = sum(B, C) and C = sum(A) is a cycle, said at the first row of it; the engine alone accepts it', async () => {
    const t = small();
    t.rows.push(
      { code: 'A', kind: 'number', label: { vi: 'A' }, rules: [{ type: 'sum', parts: ['B', 'C'] }] },
      { code: 'B', kind: 'number', label: { vi: 'B' } },
      { code: 'C', kind: 'number', label: { vi: 'C' }, rules: [{ type: 'sum', parts: ['A'] }] },
    );
    expect(() => defineTemplate(t)).not.toThrow();
    const issues = checkTemplate(t);
    expect(issues).toEqual([{ path: 'rows[4].rules[0]', rule: 'sum.cycle', params: { cycle: 'A → C → A' } }]);
    const { code, out } = await run('template', 'check', write('cycle.json', t));
    expect(code).toBe(1);
    expect(out).toContain('rows[4].rules[0]: Các ràng buộc tổng tạo thành vòng lặp: A → C → A');
    const en = await run('template', 'check', write('cycle.json', t), '--lang', 'en');
    expect(en.out).toContain('The sum rules go round in a circle: A → C → A');
  });

  test('a longer cycle and a self-sum; a chain without a cycle is fine', () => {
    const t = small();
    t.rows.push(
      { code: 'A', kind: 'number', label: { vi: 'A' }, rules: [{ type: 'sum', parts: ['B'] }] },
      { code: 'B', kind: 'number', label: { vi: 'B' }, rules: [{ type: 'sum', parts: ['C'] }] },
      { code: 'C', kind: 'number', label: { vi: 'C' }, rules: [{ type: 'sum', parts: ['D'] }] },
      { code: 'D', kind: 'number', label: { vi: 'D' } },
    );
    expect(checkTemplate(t)).toEqual([]);
    t.rows[7].rules = [{ type: 'sum', parts: ['A'] }];
    expect(checkTemplate(t).map((i) => i.params.cycle)).toEqual(['A → B → C → D → A']);
    const self = small();
    self.rows[1].rules = [{ type: 'sum', parts: ['1.1'] }];
    expect(checkTemplate(self)).toEqual([{ path: 'rows[1].rules[0]', rule: 'sum.cycle', params: { cycle: '1.1 → 1.1' } }]);
  });
});

describe('JSON that does not parse', () => {
  test('the line and column of the error', async () => {
    const text = '{\n  "id": "x",\n  "version": 1,\n  "title": { "vi": "T" }\n  "rows": []\n}\n';
    const [issue] = checkTemplateText(text);
    expect(issue).toMatchObject({ path: '', rule: 'json.parse', params: { line: 5, column: 3 } });
    const file = write('bad.json', text);
    const vi = await run('template', 'check', file);
    expect(vi.code).toBe(1);
    expect(vi.out).toContain('(toàn tệp): Tệp không phải JSON hợp lệ: lỗi ở dòng 5, cột 3');
    const en = await run('template', 'check', file, '--lang', 'en', '--json');
    const json = JSON.parse(en.out);
    expect(json.valid).toBe(false);
    expect(json.issues[0]).toMatchObject({ path: '', rule: 'json.parse' });
    expect(json.issues[0].message).toMatch(/^The file is not valid JSON: error at line 5, column 3/);
  });

  test('a file cut short: the end of the file', () => {
    const [issue] = checkTemplateText('{\n  "id": "x",\n  "rows": [');
    expect(issue).toMatchObject({ rule: 'json.parse', params: { line: 3 } });
  });
});

describe('exit codes', () => {
  test('0 for a valid template (ct37 and a small one), with what it is', async () => {
    const r = await run('template', 'check', write('ok.json', ct37()));
    expect(r.code).toBe(0);
    expect(r.out).toContain('mẫu hợp lệ (ct37@1)');
    const j = await checkJson(small());
    expect(j.code).toBe(0);
    expect(j.result).toEqual({ valid: true, issues: [] });
  });

  test('1 for problems, each listed', async () => {
    const t = small();
    t.rows[2].code = '1.1';
    t.rows[1].kind = 'bogus';
    const r = await run('template', 'check', write('bad.json', t));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/rows\[1\]\.kind: Loại chỉ tiêu "bogus" không có/);
  });

  test('2 when the file is missing', async () => {
    const r = await run('template', 'check', path.join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('không tìm thấy tệp');
  });
});
