import { createFileHost, safeFileName } from '../../src/app/file-host';
import { builtInRegistry } from '../../src/core/builtins';
import { checkWorkbook } from '../../src/xlsx/check';
import { readXlsx } from '../../src/xlsx/read';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows } from '../helpers/units';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const unitFile = (code: string, figures: Record<string, number | null | 'x'>) => ({
  name: `${code}.xlsx`,
  bytes: foreignXlsx([{ name: code, rows: unitRows(ct37, { unit: `Xã ${code}`, unitCode: code, from: '2023-01-01', to: '2023-09-30' }, figures) }]),
});

describe('file mode host', () => {
  const host = createFileHost(registry);

  test('insert offers a blank unit workbook to download', async () => {
    const r = await host.insert({ templateId: 'ct37', templateVersion: 1, meta: { unit: 'Sở Nội vụ', unitCode: 'SNV' }, lang: 'vi' });
    expect(r.name).toBe('ct37-SNV.xlsx');
    const checked = checkWorkbook(r.download!.bytes, r.name, registry);
    expect(checked.sheets).toHaveLength(1);
    expect(checked.sheets[0]!.report!.meta).toMatchObject({ unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2017-05-11', to: '2022-05-30' });
  });

  test('check reads every picked file and reports each one’s problems', async () => {
    const r = await host.check({
      scope: 'files',
      files: [unitFile('A', { '4.3.a': 5, '4.3.b': 3 }), { name: 'x.xlsx', bytes: new Uint8Array([1, 2, 3]) }],
      lang: 'vi',
    });
    expect(r.sheets).toBe(1);
    expect(r.problems.map((p) => [p.where.file, p.rule])).toEqual([
      ['A.xlsx', 'rule.le'],
      ['x.xlsx', 'file.notXlsx'],
    ]);
  });

  test('consolidate gives a summary to download, with progress', async () => {
    const seen: number[] = [];
    const r = await host.consolidate(
      {
        includeWorkbook: false,
        files: [unitFile('A', { '1.1': 2 }), unitFile('B', { '1.1': 3 }), unitFile('C', { '1.1': 'x' })],
        includeInvalid: false,
        roster: { name: 'danh-sach.csv', bytes: new TextEncoder().encode('unitCode,unit\nA,Xã A\nD,Xã D\n') },
        meta: { unit: 'Huyện', unitCode: 'H' },
        lang: 'vi',
      },
      (done) => seen.push(done),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(r.summary!.rows.get('1.1')).toEqual({ value: 5, reported: 2, notApplicable: 1 });
    expect(r.problems.map((p) => p.rule).sort()).toEqual(['consolidate.notInRoster', 'consolidate.notInRoster', 'consolidate.rosterMissing']);
    expect(r.download!.fileName).toBe('tong-hop-ct37-H.xlsx');
    const read = readXlsx(r.download!.bytes);
    expect(read.ok && read.workbook.sheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi tiết đơn vị', 'Kiểm tra', 'Đơn vị']);
  });

  test('consolidate with a roster that cannot be read: a problem, not a failure; the units still consolidated', async () => {
    const roster = { name: 'danh-sach.csv', bytes: new TextEncoder().encode('Số,Họ tên\n1,A\n') };
    const r = await host.consolidate({
      includeWorkbook: false,
      files: [unitFile('A', { '1.1': 2 }), unitFile('B', { '1.1': 3 })],
      includeInvalid: false,
      roster,
      meta: {},
      lang: 'en',
    });
    expect(r.summary!.rows.get('1.1')).toMatchObject({ value: 5, reported: 2 });
    expect(r.problems.map((p) => [p.severity, p.rule, p.where.file])).toEqual([['error', 'consolidate.rosterUnreadable', 'danh-sach.csv']]);
    expect(r.download).toBeDefined();
  });

  test('nothing to consolidate: no download, the problems say why', async () => {
    const r = await host.consolidate({
      includeWorkbook: false,
      files: [{ name: 'a.xlsx', bytes: new Uint8Array(4) }],
      includeInvalid: false,
      meta: {},
      lang: 'vi',
    });
    expect(r.summary).toBeUndefined();
    expect(r.download).toBeUndefined();
    expect(r.problems.map((p) => p.rule)).toEqual(['file.notXlsx', 'consolidate.nothing']);
  });

  test('the narrative of a picked summary: its leaves consolidated again, averages called averages', async () => {
    const r = await host.consolidate({
      includeWorkbook: false,
      files: [unitFile('A', { '3.5': 80, '4.3.a': 3, '4.3.b': 4 }), unitFile('B', { '3.5': 90, '4.3.a': 1, '4.3.b': 1 })],
      includeInvalid: false,
      meta: { unit: 'Huyện' },
      lang: 'vi',
    });
    const input = await host.narrativeInput({ file: { name: 's.xlsx', bytes: r.download!.bytes } });
    expect(input.source!.isSummary).toBe(true);
    expect(input.meta.unit).toBe('Huyện');
    const { renderNarrative, narrativeText } = await import('../../src/core/narrative');
    const text = narrativeText(renderNarrative(input.source!, 'vi'));
    expect(text).toContain('Kết quả giải quyết đơn thư khiếu nại: 4/5 đơn, đạt 80%.');
    expect(text).toContain('Chỉ số hài lòng của người dân về dịch vụ hành chính công: 85% (bình quân của 2 đơn vị).');
    expect((await host.narrativeInput({})).source).toBeUndefined();
  });

  test.each([
    ['Sở Nội vụ', 'Sở-Nội-vụ'],
    ['a/b:c*?', 'a-b-c'],
    ['..', 'phu-luc'],
  ])('file name %p → %p', (text, expected) => {
    expect(safeFileName(text)).toBe(expected);
  });
});
