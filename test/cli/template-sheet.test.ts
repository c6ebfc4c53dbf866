import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineTemplate } from '../../src/core/template';
import { num } from '../../src/core/values';
import { AUTHORING_SHEET_NAME } from '../../src/sheet/authoring';
import { templateFromAuthoring } from '../../src/sheet/from-authoring';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { readXlsx } from '../../src/xlsx/read';
import { withCarrier } from '../../src/sheet/carrier';
import { writeXlsx } from '../../src/xlsx/write';
import { run } from '../helpers/cli';
import { foreignXlsx, type ForeignCell } from '../helpers/foreign';
import { strFromU8, unzipSync } from 'fflate';

/**
 * phuluc template sheet / from-sheet: a template designed in a spreadsheet. The sheet made from each
 * built-in template gives that template back; a sheet filled by hand has its problems named by
 * cell; a template designed in the sheet is used to make, validate and consolidate appendices.
 */

const root = path.resolve(__dirname, '../..');
const builtIn = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, `src/core/templates/${name}.json`), 'utf8'));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-tsheet-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('round trip of the built-in templates', () => {
  test.each(['ct37', 'tu-kiem-tra-dan-chu'])('%s → sheet → from-sheet gives the same template', async (name) => {
    const xlsx = path.join(dir, 'thiet-ke.xlsx');
    const json = path.join(dir, 'mau.json');
    const sheet = await run('template', 'sheet', '--template', name, '-o', xlsx);
    expect(sheet.code).toBe(0);
    const back = await run('template', 'from-sheet', xlsx, '-o', json);
    expect([back.code, back.out]).toEqual([0, expect.stringContaining(`${name}@1`)]);
    const original = builtIn(name);
    const text = fs.readFileSync(json, 'utf8');
    expect(JSON.parse(text)).toEqual(original);
    // pretty, two spaces
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    // and it reads into the same engine template
    expect(defineTemplate(JSON.parse(text))).toEqual(defineTemplate(original));
    // from a template file as well
    const again = path.join(dir, 'thiet-ke-2.xlsx');
    expect((await run('template', 'sheet', '--template-file', json, '-o', again)).code).toBe(0);
    expect((await run('template', 'from-sheet', again, '-o', path.join(dir, 'mau-2.json'))).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'mau-2.json'), 'utf8'))).toEqual(original);
  });

  test('rules the columns cannot show (≥, sum, zero when Không) and the report survive in the hidden column', async () => {
    const t = builtIn('tu-kiem-tra-dan-chu') as { rows: Record<string, unknown>[] };
    t.rows.find((r) => r.code === '3.3')!.rules = [
      { type: 'le', other: '3.2' },
      { type: 'ge', other: '3.1', severity: 'error' },
    ];
    t.rows.find((r) => r.code === '4.1')!.rules = [{ type: 'sum', parts: ['3.1', '3.2'] }];
    t.rows.find((r) => r.code === '4.2')!.rules = [];
    const file = path.join(dir, 't.json');
    fs.writeFileSync(file, JSON.stringify(t));
    const xlsx = path.join(dir, 'thiet-ke.xlsx');
    expect((await run('template', 'sheet', '--template-file', file, '-o', xlsx)).code).toBe(0);
    const read = readXlsx(fs.readFileSync(xlsx));
    if (!read.ok) throw new Error(read.rule);
    const result = templateFromAuthoring(read.workbook.sheets[0]!);
    expect(result.issues).toEqual([]);
    expect(result.template).toEqual(t);
  });

  test('the sheet: every column has data validation, Loại is a list of Vietnamese words, the header is frozen, printed landscape', async () => {
    const xlsx = path.join(dir, 'thiet-ke.xlsx');
    expect((await run('template', 'sheet', '-o', xlsx)).code).toBe(0);
    const files = unzipSync(fs.readFileSync(xlsx));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<formula1>&quot;tiêu đề,số lượng,số,tỷ lệ nhập (%),có/không,chữ,tỷ lệ tính&quot;</formula1>');
    for (const col of 'ABCDEFGHIJKLMNOP') expect([col, new RegExp(`sqref="${col}14:${col}\\d+"`).test(sheet)]).toEqual([col, true]);
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('ySplit="13"');
    expect(sheet).toContain('orientation="landscape"');
    // refuses to overwrite without --force
    expect((await run('template', 'sheet', '-o', xlsx)).code).toBe(2);
    expect((await run('template', 'sheet', '-o', xlsx, '--force')).code).toBe(0);
  });
});

/** The authoring sheet written by hand, the way another program would: the same labels and headers. */
const HEADER: ForeignCell[] = [
  'Mã',
  'Nội dung',
  'Đơn vị tính',
  'Loại',
  'Tử số',
  'Mẫu số',
  'Không lớn hơn (mã)',
  'Bắt buộc',
  'Cấp tiêu đề',
  'Có thể vượt 100%',
  'Nhỏ nhất',
  'Lớn nhất',
  'Tổng hợp',
  'Nội dung (English)',
  'Đơn vị (English)',
];
function handSheet(rows: ForeignCell[][], meta: Partial<Record<string, ForeignCell>> = {}): Uint8Array {
  const m = { id: 'hoi-nghi', version: 1, title: 'Kết quả tổ chức hội nghị', source: 'Kế hoạch số 12-KH/ĐU', from: '01/01/2025', to: '31/12/2025', ...meta };
  return foreignXlsx([
    {
      name: 'Thiết kế',
      rows: [
        ['THIẾT KẾ MẪU PHỤ LỤC'],
        [],
        [],
        ['Mã mẫu', m.id],
        ['Phiên bản', m.version],
        ['Tên phụ lục', m.title],
        ['Tên phụ lục (English)', null],
        ['Căn cứ', m.source],
        ['Căn cứ (English)', null],
        ['Kỳ mặc định từ', m.from],
        ['Kỳ mặc định đến', m.to],
        [],
        HEADER,
        ...rows,
      ],
    },
  ]);
}

const GOOD_ROWS: ForeignCell[][] = [
  ['1', 'Hội nghị', null, 'tiêu đề', null, null, null, null, 1],
  ['1.1', 'Số hội nghị đã tổ chức', 'hội nghị', 'số lượng', null, null, null, 'có'],
  ['1.2', 'Số người dự', 'người', 'số lượng'],
  ['1.3', 'Số người được mời', 'người', 'số lượng'],
  ['1.4', 'Số người dự đúng giờ', 'người', 'số lượng', null, null, '1.2'],
  ['1.r', 'Tỷ lệ người được mời đến dự', '%', 'tỷ lệ tính', '1.2', '1.3', null, null, null, 'có'],
  ['1.5', 'Mức độ hài lòng', '%', 'tỷ lệ nhập (%)'],
  ['1.6', 'Có lấy ý kiến phản hồi', null, 'có/không'],
];

describe('a sheet filled by hand', () => {
  test('a bad kind word, a ratio naming a missing code and a duplicate code: each named by its cell', async () => {
    const rows = GOOD_ROWS.map((r) => [...r]);
    rows[0]![3] = 'muc lon'; // D14
    rows[5]![5] = '9.9'; // F19: the denominator of 1.r
    rows[6]![0] = '1.3'; // A20: 1.3 again
    const xlsx = path.join(dir, 'tay.xlsx');
    fs.writeFileSync(xlsx, handSheet(rows));
    const json = path.join(dir, 'mau.json');
    const r = await run('template', 'from-sheet', xlsx, '-o', json, '--json');
    expect(r.code).toBe(1);
    expect(fs.existsSync(json)).toBe(false);
    const issues = JSON.parse(r.out).issues as { cell: string; rule: string; message: string }[];
    const at = (cell: string) => issues.find((i) => i.cell === cell);
    expect(at('D14')).toMatchObject({ rule: 'sheet.kind', message: expect.stringContaining('Loại "muc lon" không có; chọn một trong: tiêu đề, số lượng') });
    expect(at('F19')).toMatchObject({ rule: 'ref.unknown', message: 'Không có chỉ tiêu mã "9.9" trong mẫu.' });
    expect(at('A20')).toMatchObject({ rule: 'code.duplicate', message: expect.stringContaining('"1.3" bị trùng') });
    expect(issues).toHaveLength(3);
    // the text output names the sheet and cell; English too
    const text = await run('template', 'from-sheet', xlsx, '-o', json, '--lang', 'en');
    expect(text.code).toBe(1);
    expect(text.out).toContain('Thiết kế!D14: There is no kind "muc lon"');
    expect(text.out).toContain('Thiết kế!F19: There is no row with code "9.9"');
  });

  test('a missing sum part, a sum cycle in the hidden column, a bad level and a bad yes/no are named by cell too', () => {
    const rows = GOOD_ROWS.map((r) => [...r]);
    rows[0]![8] = 3; // I14
    rows[1]![7] = 'chắc chắn'; // H15
    const bytes = handSheet(rows);
    const read = readXlsx(bytes);
    if (!read.ok) throw new Error(read.rule);
    const { template, issues } = templateFromAuthoring(read.workbook.sheets[0]!);
    expect(template).toBeUndefined();
    expect(issues.map((i) => [i.cell, i.rule])).toEqual(
      expect.arrayContaining([
        ['I14', 'level.heading'],
        ['H15', 'sheet.yesno'],
      ]),
    );
  });

  test('no design sheet at all: exit 1 with a message; a missing file: exit 2', async () => {
    const xlsx = path.join(dir, 'khac.xlsx');
    fs.writeFileSync(xlsx, foreignXlsx([{ name: 'Sheet1', rows: [['a', 'b']] }]));
    const r = await run('template', 'from-sheet', xlsx, '-o', path.join(dir, 'm.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('không có trang tính thiết kế mẫu');
    expect((await run('template', 'from-sheet', path.join(dir, 'none.xlsx'), '-o', path.join(dir, 'm.json'))).code).toBe(2);
  });
});

describe('a template designed in the sheet, then used', () => {
  test('from-sheet → new --template-file → filled → validate and consolidate --template-file', async () => {
    const xlsx = path.join(dir, 'thiet-ke.xlsx');
    fs.writeFileSync(xlsx, handSheet(GOOD_ROWS));
    const json = path.join(dir, 'hoi-nghi.json');
    const made = await run('template', 'from-sheet', xlsx, '-o', json);
    expect([made.code, made.out]).toEqual([0, expect.stringContaining('hoi-nghi@1')]);
    const input = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(input).toMatchObject({
      id: 'hoi-nghi',
      version: 1,
      title: { vi: 'Kết quả tổ chức hội nghị' },
      source: { vi: 'Kế hoạch số 12-KH/ĐU' },
      defaultPeriod: { from: '2025-01-01', to: '2025-12-31' },
    });
    expect(input.rows[0]).toEqual({ code: '1', kind: 'heading', level: 1, label: { vi: 'Hội nghị' } });
    expect(input.rows[1]).toEqual({ code: '1.1', kind: 'count', label: { vi: 'Số hội nghị đã tổ chức' }, unit: { vi: 'hội nghị' }, required: true });
    expect(input.rows[4].rules).toEqual([{ type: 'le', other: '1.2' }]);
    expect(input.rows[5].ratio).toEqual({ numerator: '1.2', denominator: '1.3', mayExceed100: true });
    expect((await run('template', 'check', json)).code).toBe(0);

    const blank = path.join(dir, 'trong.xlsx');
    const created = await run('new', '--template', 'hoi-nghi', '--template-file', json, '--unit', 'Xã A', '-o', blank);
    expect(created.code).toBe(0);
    expect(fs.existsSync(blank)).toBe(true);

    // two units fill it in; a third breaks the "≤" rule it was designed with
    const template = defineTemplate(input);
    const units = path.join(dir, 'nhan');
    fs.mkdirSync(units);
    const fill = async (file: string, meta: { unit: string; unitCode: string }, figures: Record<string, number>) => {
      const values = new Map(Object.entries(figures).map(([k, v]) => [k, num(v)]));
      fs.writeFileSync(file, await writeXlsx([layoutUnitSheet(template, { ...meta, from: '2025-01-01', to: '2025-12-31' }, { values })]));
    };
    await fill(path.join(units, 'a.xlsx'), { unit: 'Xã A', unitCode: 'A' }, { '1.1': 3, '1.2': 80, '1.3': 100, '1.4': 70, '1.5': 90 });
    await fill(path.join(units, 'b.xlsx'), { unit: 'Xã B', unitCode: 'B' }, { '1.1': 2, '1.2': 40, '1.3': 50, '1.4': 35, '1.5': 70 });
    const broken = path.join(dir, 'c.xlsx');
    await fill(broken, { unit: 'Xã C', unitCode: 'C' }, { '1.1': 1, '1.2': 10, '1.3': 20, '1.4': 15 });

    const without = await run('validate', units);
    expect(without.code).toBe(1); // the template is not known without --template-file
    const clean = await run('validate', units, '--template-file', json, '--json');
    expect(JSON.parse(clean.out).problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(clean.code).toBe(0);
    const checked = await run('validate', broken, '--template-file', json, '--json');
    const problems = JSON.parse(checked.out).problems as { rule: string; code: string; severity: string }[];
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.rule, p.code])).toEqual([['rule.le', '1.4']]);
    expect(checked.code).toBe(1);

    const out = path.join(dir, 'tong-hop.xlsx');
    const result = path.join(dir, 'tong-hop.json');
    const consolidated = await run('consolidate', units, '-o', out, '--json', result, '--template-file', json, '--unit', 'Huyện', '--unit-code', 'H');
    expect(consolidated.code).toBe(0);
    const values = JSON.parse(fs.readFileSync(result, 'utf8')).values as Record<string, number>;
    expect(values['1.1']).toBe(5);
    expect(values['1.2']).toBe(120);
    expect(values['1.r']).toBeCloseTo((120 / 150) * 100, 9);
    expect(values['1.5']).toBeCloseTo(80, 9);

    // Units whose workbooks carry the template (as `new` and `distribute` make them): no JSON at hand anywhere
    const carrying = path.join(dir, 'mang-mau');
    fs.mkdirSync(carrying);
    const made2 = async (file: string, meta: { unit: string; unitCode: string }, figures: Record<string, number>) => {
      const values2 = new Map(Object.entries(figures).map(([k, v]) => [k, num(v)]));
      fs.writeFileSync(
        file,
        await writeXlsx(withCarrier([layoutUnitSheet(template, { ...meta, from: '2025-01-01', to: '2025-12-31' }, { values: values2 })], template)),
      );
    };
    await made2(path.join(carrying, 'a.xlsx'), { unit: 'Xã A', unitCode: 'A' }, { '1.1': 3, '1.2': 80, '1.3': 100, '1.4': 70, '1.5': 90 });
    await made2(path.join(carrying, 'b.xlsx'), { unit: 'Xã B', unitCode: 'B' }, { '1.1': 2, '1.2': 40, '1.3': 50, '1.4': 35, '1.5': 70 });
    expect((await run('validate', carrying)).code).toBe(0);
    const up = path.join(dir, 'tong-hop-2.json');
    expect((await run('consolidate', carrying, '-o', path.join(dir, 'tong-hop-2.xlsx'), '--json', up)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(up, 'utf8')).values['1.2']).toBe(120);
    expect((await run('narrative', path.join(dir, 'tong-hop-2.xlsx'))).code).toBe(0);
  });
});

test('the sheet name', () => expect(AUTHORING_SHEET_NAME).toBe('Thiết kế mẫu'));
