import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../helpers/cli';
import { builtInRegistry } from '../../src/core/builtins';
import { foreignXlsx } from '../helpers/foreign';
import { ct37FiguresOf, unitRows, type Figure } from '../helpers/units';

const ct37 = builtInRegistry().get('ct37', 1)!;
const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-consolidate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const figuresOf = (i: number): Record<string, Figure> => ct37FiguresOf(i, countCodes);

function writeUnit(name: string, i: number, figures = figuresOf(i), extra: { unitCode?: string; unit?: string; from?: string } = {}) {
  const meta = {
    unit: extra.unit ?? `Xã số ${i}`,
    unitCode: extra.unitCode ?? `X${String(i).padStart(2, '0')}`,
    from: extra.from ?? '2023-01-01',
    to: '2023-09-30',
  };
  const rows = unitRows(ct37, meta, figures, i % 5 === 0 ? { insertNoteAfter: '2.2' } : {});
  const file = path.join(dir, name);
  fs.writeFileSync(file, foreignXlsx([{ name: `Xã ${i}`, rows }], { prefix: i % 2 === 0 }));
  return file;
}

/** DESIGN §5 computed here from the figures alone. */
function expected(all: Record<string, Figure>[]) {
  const values: Record<string, number | null> = {};
  const reported: Record<string, number> = {};
  for (const code of [...countCodes, '3.5']) {
    const nums = all.map((f) => f[code]).filter((v): v is number => typeof v === 'number');
    reported[code] = nums.length;
    values[code] = nums.length === 0 ? null : code === '3.5' ? nums.reduce((a, b) => a + b, 0) / nums.length : nums.reduce((a, b) => a + b, 0);
  }
  for (const row of ct37.rows.filter((r) => r.kind === 'ratio')) {
    const n = values[row.ratio!.numerator];
    const d = values[row.ratio!.denominator];
    values[row.code] = n == null || d == null || d === 0 ? null : (n / d) * 100;
  }
  return { values, reported };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const hashes = (files: string[]) => files.map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex'));

function expectValues(actual: Record<string, number | null>, want: Record<string, number | null>) {
  for (const [code, v] of Object.entries(want)) {
    if (v === null) expect([code, actual[code]]).toEqual([code, null]);
    else expect([code, actual[code]]).toEqual([code, expect.closeTo(v, 9)]);
  }
}

describe('phuluc consolidate', () => {
  test('thirty units filled by another program: exact totals, ratios and reporters; sources untouched', async () => {
    const figures = Array.from({ length: 30 }, (_, i) => figuresOf(i));
    const files = figures.map((f, i) => writeUnit(`xa-${i}.xlsx`, i, f));
    const before = hashes(files);
    const out = path.join(dir, 'tong-hop.xlsx');
    const json = path.join(dir, 'tong-hop.json');
    const r = await run('consolidate', dir, '-o', out, '--json', json, '--unit', 'Huyện Ninh Hải', '--unit-code', 'NH');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Đã tổng hợp 30/30 đơn vị');
    const result = readJson(json);
    const want = expected(figures);
    expectValues(result.values, want.values);
    for (const [code, n] of Object.entries(want.reported)) expect([code, result.reported[code]]).toEqual([code, n]);
    expect(result.template).toEqual({ id: 'ct37', version: 1 });
    expect(result.units).toHaveLength(30);
    expect(result.problems).toEqual([]);
    expect(hashes(files)).toEqual(before);

    // The summary workbook: same A–E layout, counts, per-unit columns, live ratio formulas, three sheets.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Chi tiết đơn vị', 'Kiểm tra', 'Đơn vị']);
    const ws = wb.getWorksheet('Tổng hợp')!;
    const rowOf = (key: string) => ws.getColumn(1).values.findIndex((v) => v === key);
    expect(ws.getCell(`D${rowOf('@unit')}`).value).toBe('Huyện Ninh Hải');
    expect(ws.getCell(`D${rowOf('@leaves')}`).value).toBe(30);
    expect(ws.getCell(`D${rowOf('@breakdown')}`).value).toBe('Chi tiết đơn vị');
    // nothing right of F: the summary prints on A4 as it is
    expect(ws.columnCount).toBe(6);
    expect(ws.getCell(`D${rowOf('4.3.a')}`).value).toBe(want.values['4.3.a']);
    expect(ws.getCell(`F${rowOf('4.3.a')}`).value).toBe(want.reported['4.3.a']);
    const ratio = ws.getCell(`D${rowOf('4.3')}`);
    expect(ratio.formula).toBe(
      `IF(AND(ISNUMBER(D${rowOf('4.3.a')}),ISNUMBER(D${rowOf('4.3.b')})),IF(D${rowOf('4.3.b')}=0,"",D${rowOf('4.3.a')}/D${rowOf('4.3.b')}*100),"")`,
    );
    expect(ratio.result).toBeCloseTo(want.values['4.3']!, 9);
    // the breakdown: one row per unit, columns named by the @codes key row, rates as live formulas on the row
    const detail = wb.getWorksheet('Chi tiết đơn vị')!;
    const keys = detail.getRow(1).values as unknown[];
    const col = (key: string) => keys.indexOf(key);
    expect(detail.getCell(1, 1).value).toBe('@codes');
    expect(detail.getCell(2, col('4.3.a')).value).toContain('Số đơn thư khiếu nại đã giải quyết');
    expect(detail.rowCount).toBe(2 + 30);
    const first = detail.getRow(3);
    expect([first.getCell(1).value, first.getCell(2).value, first.getCell(col('@unitCode')).value, first.getCell(col('@from')).value]).toEqual([
      '@leaf',
      1,
      'X00',
      '01/01/2023',
    ]);
    const rate = first.getCell(col('4.3'));
    const [n, d] = [first.getCell(col('4.3.a')).address, first.getCell(col('4.3.b')).address];
    expect(rate.formula).toBe(`IF(AND(ISNUMBER(${n}),ISNUMBER(${d})),IF(${d}=0,"",${n}/${d}*100),"")`);
    expect(detail.autoFilter).toBeTruthy();
    expect(wb.getWorksheet('Đơn vị')!.rowCount).toBe(31);

    // The summary reads back as a report: validate is clean.
    const check = await run('validate', out, '--json');
    expect(JSON.parse(check.out).problems).toEqual([]);
    expect(check.code).toBe(0);

    // A re-run gives the same summary and does not take the previous one as an input.
    const again = await run('consolidate', dir, '-o', out, '--json', json, '--unit', 'Huyện Ninh Hải', '--unit-code', 'NH', '--force');
    expect(again.code).toBe(0);
    expect(readJson(json)).toEqual(result);
  });

  test('a summary plus another unit equals all the leaves; a summary plus one of its leaves reports the double count', async () => {
    const figures = Array.from({ length: 6 }, (_, i) => figuresOf(i));
    const sub = path.join(dir, 'khoi');
    fs.mkdirSync(sub);
    const leafFiles = figures.slice(0, 5).map((f, i) => writeUnit(`khoi/xa-${i}.xlsx`, i, f));
    const summary = path.join(dir, 'khoi-tong-hop.xlsx');
    expect((await run('consolidate', sub, '-o', summary, '--unit', 'Khối A', '--unit-code', 'KA')).code).toBe(0);
    const other = writeUnit('xa-5.xlsx', 5, figures[5]);

    const upJson = path.join(dir, 'up.json');
    const up = await run('consolidate', summary, other, '-o', path.join(dir, 'tinh.xlsx'), '--json', upJson);
    expect(up.code).toBe(0);
    const upResult = readJson(upJson);
    expectValues(upResult.values, expected(figures).values);
    expect(upResult.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['X00', 'X01', 'X02', 'X03', 'X04', 'X05']);
    expect(upResult.problems).toEqual([]);

    const dupJson = path.join(dir, 'dup.json');
    const dup = await run('consolidate', summary, leafFiles[2]!, other, '-o', path.join(dir, 'dup.xlsx'), '--json', dupJson);
    expect(dup.code).toBe(0); // identical figures: counted once, a warning says so
    const dupResult = readJson(dupJson);
    expectValues(dupResult.values, expected(figures).values);
    expect(dupResult.problems).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'consolidate.doubleCounted', message: expect.stringContaining('khoi-tong-hop.xlsx') }),
    ]);
  });

  test('duplicates, a roster, another template, an unreadable file and an invalid unit: each reported, the rest consolidated', async () => {
    writeUnit('a.xlsx', 1);
    writeUnit('a-gui-lai.xlsx', 1); // the same unit sent again, same figures
    writeUnit('b.xlsx', 2);
    writeUnit('b-sua.xlsx', 2, { ...figuresOf(2), '1.1': 999 }); // the same unit, other figures
    writeUnit('c.xlsx', 3, { ...figuresOf(3), '4.3.a': 50, '4.3.b': 40 }); // resolved above received
    writeUnit('d.xlsx', 4, figuresOf(4), { unitCode: 'NGOAI' }); // not on the roster
    fs.writeFileSync(path.join(dir, 'hong.xlsx'), 'không phải tệp Excel');
    const self = builtInRegistry().get('tu-kiem-tra-dan-chu', 1)!;
    fs.writeFileSync(
      path.join(dir, 'e.xlsx'),
      foreignXlsx([{ name: 'TKT', rows: unitRows(self, { unit: 'Sở E', unitCode: 'X01E' }, { '1.1': 3, '1.2': 2 }) }]),
    );
    const roster = path.join(dir, 'danh-sach.csv');
    fs.writeFileSync(roster, '\uFEFFunitCode;unit\nX01;Xã số 1\nX02;Xã số 2\nX03;Xã số 3\nX09;Xã số 9\n');
    const json = path.join(dir, 'kq.json');
    const r = await run('consolidate', dir, '-o', path.join(dir, 'kq.xlsx'), '--json', json, '--roster', roster);
    expect(r.code).toBe(1);
    const result = readJson(json);
    const rules = result.problems.map((p: { severity: string; rule: string; file: string | null }) =>
      `${p.severity} ${p.rule} ${p.file ? path.basename(p.file) : ''}`.trim(),
    );
    expect(rules.sort()).toEqual(
      [
        'error consolidate.duplicateDiffer b-sua.xlsx',
        'error consolidate.invalidExcluded c.xlsx',
        'error consolidate.templateMismatch e.xlsx',
        'warning consolidate.notInRoster e.xlsx',
        'error file.notXlsx hong.xlsx',
        'error rule.le c.xlsx',
        'warning consolidate.duplicateSame a.xlsx',
        'warning consolidate.notInRoster d.xlsx',
        'warning consolidate.rosterMissing',
      ].sort(),
    );
    // every unit expected or received, once, with one status: roster order first
    const ledger = result.units.map((u: { unitCode: string | null; file: string | null; status: string; flags: string[]; reasons: string[] }) => [
      u.unitCode ?? path.basename(u.file!),
      u.status,
      u.flags,
      u.reasons,
    ]);
    expect(ledger).toEqual([
      ['X01', 'included', ['duplicate'], []],
      ['X02', 'excluded', ['duplicate'], ['consolidate.duplicateDiffer']],
      ['X03', 'excluded', [], ['rule.le']],
      ['X09', 'missing', [], []],
      ['hong.xlsx', 'excluded', ['notInRoster', 'unreadable'], ['file.notXlsx']],
      ['NGOAI', 'included', ['notInRoster'], []],
      ['X01E', 'excluded', ['notInRoster'], ['consolidate.templateMismatch']],
    ]);
    expect(r.out).toContain('Đã tổng hợp 2/7 đơn vị');
    expect(r.out).toContain('4 đơn vị đã nhận nhưng chưa tổng hợp, 1 đơn vị chưa nộp');
    expect(r.out).toContain('Xem trang "Kiểm tra"');
    // the "Kiểm tra" and "Đơn vị" sheets say the same, for the person who opens the summary
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'kq.xlsx'));
    const checks = wb.getWorksheet('Kiểm tra')!;
    expect(checks.rowCount).toBe(1 + result.problems.length);
    expect(checks.getRow(1).values).toEqual([undefined, 'Mức độ', 'Tệp', 'Trang tính', 'Ô', 'Mã chỉ tiêu', 'Nội dung', 'Mã quy tắc (dùng cho máy)']);
    // the message column is words, not rule ids
    for (let r = 2; r <= checks.rowCount; r++) expect(String(checks.getRow(r).getCell(6).value)).not.toMatch(/\b(rule|value|consolidate|file|sheet)\.[a-z]/);
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị',
      'Tên đơn vị',
      'Tình trạng',
      'Lý do, ghi chú',
      'Tệp',
      'Trang tính',
      'Cột / dòng',
      'Từ ngày',
      'Đến ngày',
      'Số lỗi',
    ]);
    const rowOf = (code: string) => units.getRows(2, units.rowCount - 1)!.find((row) => row.getCell(1).value === code)!;
    expect([3, 4].map((c) => rowOf('X02').getCell(c).value)).toEqual(['Đã nhận, chưa tổng hợp', 'gửi nhiều bản với số liệu khác nhau; nhận được nhiều bản']);
    expect([3, 4].map((c) => rowOf('X03').getCell(c).value)).toEqual(['Đã nhận, chưa tổng hợp', 'số liệu còn lỗi (xem trang "Kiểm tra")']);
    expect([3, 4].map((c) => rowOf('X09').getCell(c).value)).toEqual(['Chưa nộp', null]);
    expect(rowOf('X01').getCell(8).value).toBe('01/01/2023');
    const missing = result.problems.filter((p: { rule: string }) => p.rule === 'consolidate.rosterMissing').map((p: { message: string }) => p.message);
    // X02 sent two differing copies (held back) and X03 has errors: they did send, so only X09 is missing
    expect(missing).toEqual(['Đơn vị X09 – Xã số 9 có trong danh sách nhưng chưa nộp báo cáo (không có tệp nào của đơn vị này).']);

    // with --include-invalid the unit with errors is in, its error still counts
    const inc = await run('consolidate', dir, '-o', path.join(dir, 'kq2.xlsx'), '--json', path.join(dir, 'kq2.json'), '--include-invalid');
    expect(inc.code).toBe(1);
    expect(readJson(path.join(dir, 'kq2.json')).units.find((u: { unitCode: string }) => u.unitCode === 'X03').status).toBe('included');
  });

  test('nothing to consolidate exits 2; outputs are never overwritten without --force', async () => {
    fs.writeFileSync(path.join(dir, 'a.xlsx'), 'rác');
    const out = path.join(dir, 'out.xlsx');
    const r = await run('consolidate', dir, '-o', out);
    expect(r.code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
    writeUnit('b.xlsx', 1);
    fs.writeFileSync(out, 'cũ');
    const refused = await run('consolidate', path.join(dir, 'b.xlsx'), '-o', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--force');
    expect(fs.readFileSync(out, 'utf8')).toBe('cũ');
    expect((await run('consolidate', path.join(dir, 'b.xlsx'), '-o', out, '--force')).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.xlsx', 'b.xlsx', 'out.xlsx']);
  });

  test('a roster as offices keep it: Vietnamese headers, STT, Windows-1258, a repeated code; the right statuses', async () => {
    writeUnit('a.xlsx', 1, figuresOf(1), { unit: 'Sở Tài chính' });
    writeUnit('b.xlsx', 2);
    writeUnit('c.xlsx', 3, figuresOf(3), { unitCode: 'NGOAI' });
    const roster = path.join(dir, 'danh-sach.csv');
    // "STT;Mã đơn vị;Tên đơn vị" then "Sở Tài chính" as Excel on Vietnamese Windows saves "CSV": tones as combining marks
    const header = [
      0x53, 0x54, 0x54, 0x3b, 0x4d, 0x61, 0xde, 0x20, 0xf0, 0xf5, 0x6e, 0x20, 0x76, 0x69, 0xf2, 0x3b, 0x54, 0xea, 0x6e, 0x20, 0xf0, 0xf5, 0x6e, 0x20, 0x76,
      0x69, 0xf2,
    ];
    const soTaiChinh = [0x53, 0xf5, 0xd2, 0x20, 0x54, 0xe0, 0x69, 0x20, 0x63, 0x68, 0xed, 0x6e, 0x68];
    const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
    fs.writeFileSync(
      roster,
      Uint8Array.from([
        ...header,
        0x0d,
        0x0a,
        ...ascii('1;X01;'),
        ...soTaiChinh,
        0x0d,
        0x0a,
        ...ascii('2;X02;Xa so 2\r\n3;X09;Xa so 9\r\n;;\r\n4;X02;Xa so 2 (lap)\r\n'),
      ]),
    );
    const json = path.join(dir, 'kq.json');
    const r = await run('consolidate', dir, '-o', path.join(dir, 'kq.xlsx'), '--json', json, '--roster', roster);
    expect(r.code).toBe(0);
    const result = readJson(json);
    expect(result.units.map((u: { unitCode: string; unit: string; status: string; flags: string[] }) => [u.unitCode, u.unit, u.status, u.flags])).toEqual([
      ['X01', 'Sở Tài chính', 'included', []],
      ['X02', 'Xã số 2', 'included', []],
      ['X09', 'Xa so 9', 'missing', []],
      ['NGOAI', 'Xã số 3', 'included', ['notInRoster']],
    ]);
    expect(result.problems.map((p: { severity: string; rule: string; message: string }) => [p.severity, p.rule, p.message])).toEqual(
      expect.arrayContaining([['warning', 'consolidate.rosterDuplicate', 'Danh sách đơn vị: dòng 6 có mã X02 trùng với dòng 3; chỉ tính dòng 3.']]),
    );
  });

  test('a roster that cannot be read is a problem (exit 1), and the units are still consolidated', async () => {
    writeUnit('a.xlsx', 1);
    writeUnit('b.xlsx', 2);
    const roster = path.join(dir, 'r.csv');
    fs.writeFileSync(roster, 'Số,Họ tên\n1,Nguyễn Văn A\n');
    const json = path.join(dir, 'o.json');
    const r = await run('consolidate', path.join(dir, 'a.xlsx'), path.join(dir, 'b.xlsx'), '-o', path.join(dir, 'o.xlsx'), '--json', json, '--roster', roster);
    expect(r.code).toBe(1);
    const result = readJson(json);
    expect(result.units.map((u: { unitCode: string; status: string }) => [u.unitCode, u.status])).toEqual([
      ['X01', 'included'],
      ['X02', 'included'],
    ]);
    expect(result.problems.map((p: { severity: string; rule: string; message: string }) => [p.severity, p.rule, p.message])).toEqual([
      [
        'error',
        'consolidate.rosterUnreadable',
        "Không đọc được danh sách đơn vị: không thấy cột mã đơn vị hoặc tên đơn vị; dòng tiêu đề (trong 10 dòng đầu) cần có 'Mã đơn vị' và/hoặc 'Tên đơn vị'.",
      ],
    ]);
  });

  test('an .xlsx roster among the units’ files: read as the roster, not as a unit', async () => {
    writeUnit('a.xlsx', 1);
    const roster = path.join(dir, 'danh-sach.xlsx');
    fs.writeFileSync(roster, foreignXlsx([{ name: 'DS', rows: [['DANH SÁCH ĐƠN VỊ'], ['STT', 'Mã', 'Tên'], [1, 'X01', 'Xã số 1'], [2, 'X05', 'Xã số 5']] }]));
    const json = path.join(dir, 'o.json');
    const r = await run('consolidate', dir, '-o', path.join(dir, 'o.xlsx'), '--json', json, '--roster', roster);
    const result = readJson(json);
    expect(result.units.map((u: { unitCode: string; status: string }) => [u.unitCode, u.status])).toEqual([
      ['X01', 'included'],
      ['X05', 'missing'],
    ]);
    expect(r.code).toBe(0);
  });
});
