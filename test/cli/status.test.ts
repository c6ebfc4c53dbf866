import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { readXlsx } from '../../src/xlsx/read';
import { run } from '../helpers/cli';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows, type Figure } from '../helpers/units';

/**
 * phuluc status: what has arrived against the roster and the deadline, read as consolidation reads
 * it — before consolidating, and as the list a secretariat chases units with.
 */
const ct37 = builtInRegistry().get('ct37', 1)!;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-status-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function unit(code: string, figures: Record<string, Figure>): void {
  fs.mkdirSync(path.join(dir, 'nop-ve'), { recursive: true });
  const meta = { unit: `Xã ${code}`, unitCode: code, from: '2023-01-01', to: '2023-09-30' };
  fs.writeFileSync(path.join(dir, 'nop-ve', `${code}.xlsx`), foreignXlsx([{ name: `PL ${code}`, rows: unitRows(ct37, meta, figures) }]));
}

function folder(): { roster: string; received: string } {
  unit('A', { '2.1': 3, '4.3.a': 5, '4.3.b': 6 });
  unit('B', { '4.3.a': 9, '4.3.b': 6 }); // resolved above received: held back
  unit('E', { '2.1': 1 }); // not on the roster
  // D sent an old .xls: received, unreadable, never "not sent"
  fs.writeFileSync(path.join(dir, 'nop-ve', 'bao-cao_D.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
  const roster = path.join(dir, 'danh-sach.csv');
  fs.writeFileSync(
    roster,
    'STT;Mã đơn vị;Tên đơn vị;Email;Điện thoại\n1;A;Xã A;a@xa.vn;0901\n2;B;Xã B;b@xa.vn;0902\n3;C;Xã C;c@xa.vn;0903\n4;D;Xã D;d@xa.vn;0904\n5;F;Xã F;f@xa.vn;0905\n',
  );
  return { roster, received: path.join(dir, 'nop-ve') };
}

describe('phuluc status', () => {
  test('missing, held back, not on the roster, unreadable, with days late against a deadline in the past (JSON)', async () => {
    const { roster, received } = folder();
    const r = await run('status', received, '--roster', roster, '--deadline', '10/10/2023', '--today', '13/10/2023', '--json');
    expect(r.code).toBe(1);
    const data = JSON.parse(r.out);
    expect([data.deadline, data.today]).toEqual(['2023-10-10', '2023-10-13']);
    const by = Object.fromEntries(data.units.map((u: { unitCode: string }) => [u.unitCode, u]));
    expect(by.A).toMatchObject({ status: 'included', flags: [], daysLate: null, errors: 0 });
    expect(by.B).toMatchObject({ status: 'excluded', reasons: ['rule.le'], daysLate: null });
    expect(by.B.errors).toBeGreaterThan(0);
    expect(by.C).toMatchObject({ status: 'missing', daysLate: 3, file: null });
    expect(by.F).toMatchObject({ status: 'missing', daysLate: 3 });
    expect(by.D).toMatchObject({ status: 'excluded', flags: ['unreadable'], daysLate: null });
    expect(by.D.file).toContain('bao-cao_D.xls');
    expect(by.E).toMatchObject({ status: 'included', flags: ['notInRoster'] });
    // the ones to chase first: missing, then held back, then received
    expect(data.units.map((u: { status: string }) => u.status)).toEqual(['missing', 'missing', 'excluded', 'excluded', 'included', 'included']);
    expect(data.counts).toEqual({ included: 2, excluded: 2, missing: 2 });
  });

  test('on screen, in Vietnamese; days left before the deadline; every unit in: exit 0', async () => {
    const { roster, received } = folder();
    const r = await run('status', received, '--roster', roster, '--deadline', '2023-10-20', '--today', '2023-10-13');
    expect(r.out).toContain('[Chưa nộp] C – Xã C: còn 7 ngày');
    expect(r.out).toContain('[Đã nhận, chưa tổng hợp] D – Xã D: có tệp không đọc được');
    expect(r.out).toContain('6 đơn vị: 2 đã nộp và được tổng hợp, 2 đã nộp nhưng chưa tổng hợp được, 2 chưa nộp (hạn 20/10/2023, hôm nay 13/10/2023).');
    const all = path.join(dir, 'all.csv');
    fs.writeFileSync(all, 'Mã đơn vị,Tên đơn vị\nA,Xã A\n');
    const ok = await run('status', path.join(received, 'A.xlsx'), '--roster', all, '--lang', 'en');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('1 unit: 1 sent and consolidated, 0 sent but not consolidated, 0 not sent.');
  });

  test('-o: a reminder list, missing and held back first, with the roster’s contact columns; never overwritten without --force', async () => {
    const { roster, received } = folder();
    const out = path.join(dir, 'tinh-hinh.xlsx');
    expect((await run('status', received, '--roster', roster, '--deadline', '10/10/2023', '--today', '13/10/2023', '-o', out)).code).toBe(1);
    const read = readXlsx(fs.readFileSync(out));
    if (!read.ok) throw new Error(read.rule);
    const rows = read.workbook.sheets[0]!.rows.map((row) => Array.from(row ?? [], (c) => c?.value ?? null));
    expect(read.workbook.sheets[0]!.name).toBe('Tình hình nộp');
    expect(rows[0]).toEqual([
      'STT',
      'Mã đơn vị',
      'Tên đơn vị',
      'Tình trạng',
      'Lý do, ghi chú',
      'Số lỗi',
      'Số cảnh báo',
      'Quá hạn (ngày)',
      'Tệp',
      'Email',
      'Điện thoại',
    ]);
    expect(rows[1]!.slice(1, 4)).toEqual(['C', 'Xã C', 'Chưa nộp']);
    expect(rows[1]![7]).toBe(3);
    expect(rows[1]!.slice(9)).toEqual(['c@xa.vn', '0903']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['C', 'F', 'B', 'D', 'A', 'E']);
    // E is not on the roster: no contacts
    expect(rows[6]!.slice(9).filter((c) => c !== null)).toEqual([]);
    const again = await run('status', received, '--roster', roster, '-o', out);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
  });

  test('a roster that cannot be read, or that does not exist, stops with exit 2', async () => {
    const { received } = folder();
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Họ tên;Email\nA;a@x\n');
    const r = await run('status', received, '--roster', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Mã đơn vị');
    expect((await run('status', received, '--roster', path.join(dir, 'khong-co.csv'))).code).toBe(2);
  });
});
