import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendixText, draftTemplate, scoreDraft, type Draft } from '../../src/core/from-text';
import { defineTemplate, templateSchema, type RowInput } from '../../src/core/template';
import { templateFromTextCommand } from '../../src/cli/template-from-text';
import { UsageError } from '../../src/cli/files';

const FIXTURES = path.join(__dirname, '../fixtures/appendix-text');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const draftOf = (name: string): Draft => {
  const part = appendixText(fixture(name));
  return draftTemplate(part.text, { firstLine: part.firstLine });
};
const rowsOf = (d: Draft): Map<string, RowInput> => new Map(d.template.rows.map((r) => [r.code, r]));

describe('draftTemplate: the grammar of appendices as plans write them', () => {
  const d = draftOf('tong-hop.txt');
  const rows = rowsOf(d);

  test('the appendix starts at "PHỤ LỤC"; title and source come from the lines before the first heading', () => {
    const part = appendixText(fixture('tong-hop.txt'));
    expect(part.found).toBe(true);
    expect(part.firstLine).toBe(8);
    expect(d.template.title.vi).toBe('Số liệu sơ kết công tác dân vận chính quyền năm 2024');
    expect(d.template.source?.vi).toBe('Kèm theo Kế hoạch số 12-KH/BDV, ngày 02 tháng 01 năm 2025 của Ban Dân vận Huyện ủy');
    expect(d.template.id).toBe('so-lieu-so-ket-cong-tac');
    // the plan's own "I. MỤC ĐÍCH" before the appendix is not read
    expect(rows.has('I')).toBe(false);
  });

  test('numbered headings: "1." is level 1, "2.1." level 2, the code is the number', () => {
    expect(rows.get('1')).toMatchObject({ kind: 'heading', level: 1, label: { vi: 'Công tác tuyên truyền' } });
    expect(rows.get('2.1')).toMatchObject({ kind: 'heading', level: 2, label: { vi: 'Công tác tiếp công dân' } });
    expect(rows.get('1')!.label.en).toBeUndefined();
  });

  test('bullets with a dotted blank are counts numbered under their heading, the unit from after the blank', () => {
    expect(rows.get('1.1')).toMatchObject({ kind: 'count', label: { vi: 'Số buổi tuyên truyền' }, unit: { vi: 'buổi' } });
    expect(rows.get('1.2')).toMatchObject({ kind: 'count', label: { vi: 'Số văn bản hướng dẫn' }, unit: { vi: 'văn bản' } });
  });

  test('table header cells separated by tabs are counts', () => {
    expect(rows.get('1.3')).toMatchObject({ kind: 'count', label: { vi: 'Hội nghị cấp huyện' } });
    expect(rows.get('1.4')).toMatchObject({ kind: 'count', label: { vi: 'Hội nghị cấp xã' } });
  });

  test('"(lượt/lượt người)" gives two counts, persons ≥ sessions; "A: X…; Y…" says A before each', () => {
    expect(rows.get('2.1.1')).toMatchObject({ kind: 'count', unit: { vi: 'lượt' }, label: { vi: 'Bí thư Huyện ủy — Số lần tiếp định kỳ: số lượt' } });
    expect(rows.get('2.1.2')).toMatchObject({ kind: 'count', unit: { vi: 'lượt người' }, rules: [{ type: 'ge', other: '2.1.1' }] });
    expect(rows.get('2.1.3')!.label.vi).toBe('Bí thư Huyện ủy — Số lần tiếp đột xuất: số lượt');
    expect(rows.get('2.1.5')!.label.vi).toBe('Chủ tịch UBND huyện — Số lần tiếp định kỳ: số lượt');
    expect(rows.has('2.1.7')).toBe(false);
  });

  test('"X: …đơn/…đơn, đạt…%" gives N.a, N.b and the ratio N, after the plan\'s numbering (also "2.3" without a dot)', () => {
    expect(rows.get('2.2.a')).toMatchObject({ kind: 'count', unit: { vi: 'đơn' }, rules: [{ type: 'le', other: '2.2.b' }] });
    expect(rows.get('2.2.b')).toMatchObject({ kind: 'count', unit: { vi: 'đơn' } });
    expect(rows.get('2.2')).toMatchObject({ kind: 'ratio', unit: { vi: '%' }, ratio: { numerator: '2.2.a', denominator: '2.2.b' } });
    expect(rows.get('2.3')).toMatchObject({ kind: 'ratio', ratio: { numerator: '2.3.a', denominator: '2.3.b' } });
    expect(rows.get('2.3.a')!.unit?.vi).toBe('vụ');
    // the order is numerator, denominator, ratio (as ct37)
    const codes = d.template.rows.map((r) => r.code);
    expect(codes.indexOf('2.2.a')).toBeLessThan(codes.indexOf('2.2'));
  });

  test('"Tỷ lệ X: …%" is a ratio of two counts; any other "…%" is a percent typed in', () => {
    expect(rows.get('3.1')).toMatchObject({ kind: 'ratio', ratio: { numerator: '3.1.a', denominator: '3.1.b' } });
    expect(rows.get('3.4')).toMatchObject({ kind: 'percent', label: { vi: 'Mức độ hài lòng của người dân' }, unit: { vi: '%' } });
  });

  test('"trong đó" is a sub-row with a le rule against its parent, on the same line or the next', () => {
    expect(rows.get('3.2')).toMatchObject({ kind: 'count', label: { vi: 'Tổng số thủ tục hành chính' } });
    expect(rows.get('3.3')).toMatchObject({ kind: 'count', label: { vi: 'Trong đó: thủ tục trực tuyến' }, rules: [{ type: 'le', other: '3.2' }] });
    expect(rows.get('4.3')).toMatchObject({ kind: 'count', rules: [{ type: 'le', other: '4.2' }] });
  });

  test('"(Có/Không)" is yes/no', () => {
    expect(rows.get('3.5')).toMatchObject({ kind: 'yesno', label: { vi: 'Đã niêm yết công khai thủ tục' } });
  });

  test('a group line ending in ":" is said before the rows under it', () => {
    expect(rows.get('4.1')!.label.vi).toBe('Cấp huyện — Số hội nghị đối thoại');
    expect(rows.get('4.2')!.label.vi).toBe('Cấp xã — Số hội nghị đối thoại');
    expect(rows.get('4.1')!.unit?.vi).toBe('cuộc');
  });

  test('lines it cannot read are returned with their line number in the whole file', () => {
    const lines = fixture('tong-hop.txt').split('\n');
    expect(d.uninterpreted).toEqual([{ line: 51, text: 'Đơn vị nêu rõ những khó khăn, vướng mắc trong quá trình thực hiện.' }]);
    expect(lines[50]).toBe(d.uninterpreted[0]!.text);
    expect(d.stats).toMatchObject({ uninterpreted: 1, rows: d.template.rows.length, renamed: [] });
    expect(d.stats.interpreted).toBe(d.stats.lines - 1);
  });

  test('the draft passes the template schema and defines a template', () => {
    expect(templateSchema.safeParse(d.template).success).toBe(true);
    expect(() => defineTemplate(d.template)).not.toThrow();
  });
});

describe('draftTemplate: other numberings', () => {
  const d = draftOf('muc-la-ma.txt');
  const rows = rowsOf(d);

  test('"PHỤ LỤC SỐ 2", Roman sections, arabic items under them and "a)" under those', () => {
    expect(appendixText(fixture('muc-la-ma.txt')).firstLine).toBe(1);
    expect(rows.get('I')).toMatchObject({ kind: 'heading', level: 1 });
    expect(rows.get('II.1')).toMatchObject({ kind: 'heading', level: 2, label: { vi: 'Kiểm tra' } });
    expect(rows.get('II.1.a')).toMatchObject({ kind: 'count', unit: { vi: 'cuộc' } });
    expect(rows.get('II.1.b')).toMatchObject({ kind: 'yesno', label: { vi: 'Có thành lập tổ kiểm tra' } });
  });

  test('a numbered data line keeps its number; a unit in brackets; "trong đó" on a numbered line is N.1', () => {
    expect(rows.get('I.1')).toMatchObject({ kind: 'count', label: { vi: 'Số nội dung đã công khai' }, unit: { vi: 'nội dung' } });
    expect(rows.get('I.2.1')).toMatchObject({ rules: [{ type: 'le', other: 'I.2' }] });
  });

  test('a pair without "đạt …%" gives the two counts and no ratio', () => {
    expect(rows.get('II.2.a')).toMatchObject({ kind: 'count', rules: [{ type: 'le', other: 'II.2.b' }] });
    expect(rows.has('II.2')).toBe(false);
    expect(d.uninterpreted).toEqual([]);
    expect(templateSchema.safeParse(d.template).success).toBe(true);
  });

  test('options: id and title; without "PHỤ LỤC" the whole text; codes given twice stay unique', () => {
    const text = '1. Một\n- Số A:.....\n1. Hai\n- Số B:.....\n';
    expect(appendixText(text)).toEqual({ text, firstLine: 1, found: false });
    const twice = draftTemplate(text, { id: 'thu', title: 'Thử' });
    expect(twice.template).toMatchObject({ id: 'thu', title: { vi: 'Thử' } });
    expect(twice.template.rows.map((r) => r.code)).toEqual(['1', '1.1', '1-2', '1-2.1']);
    expect(twice.stats.renamed).toEqual([{ line: 3, from: '1', to: '1-2' }]);
    expect(templateSchema.safeParse(twice.template).success).toBe(true);
  });

  test('unnumbered rows before any heading, and a default title and id', () => {
    const d2 = draftTemplate('\n- Số cuộc họp:.....cuộc\nGhi chú tự do\n');
    expect(d2.template.rows.map((r) => r.code)).toEqual(['1']);
    expect(d2.template).toMatchObject({ id: 'ban-nhap', title: { vi: 'Phụ lục (bản nháp)' } });
    expect(d2.uninterpreted).toEqual([{ line: 3, text: 'Ghi chú tự do' }]);
  });

  test('a line read in part gives its unread segments', () => {
    const d3 = draftTemplate('1. Mục\n- Số A:.....; ghi rõ lý do:..... 12 ngày');
    expect(d3.template.rows.map((r) => r.code)).toEqual(['1', '1.1']);
    expect(d3.uninterpreted).toEqual([{ line: 2, text: 'ghi rõ lý do:..... 12 ngày' }]);
  });
});

describe('scoreDraft', () => {
  test('a row is right with the same code, kind and, for a ratio, the same numerator and denominator', () => {
    const reference = {
      rows: [
        { code: '1', kind: 'heading' as const },
        { code: '1.a', kind: 'count' as const },
        { code: '1.b', kind: 'count' as const },
        { code: '1.r', kind: 'ratio' as const, ratio: { numerator: '1.a', denominator: '1.b' } },
      ],
    };
    const draft = {
      rows: [
        { code: '1', kind: 'heading' as const },
        { code: '1.a', kind: 'percent' as const },
        { code: '1.b', kind: 'count' as const },
        { code: '1.r', kind: 'ratio' as const, ratio: { numerator: '1.b', denominator: '1.a' } },
      ],
    };
    const s = scoreDraft(draft, reference);
    expect({ right: s.right, total: s.total }).toEqual({ right: 2, total: 4 });
    expect(s.wrong.map((w) => w.code)).toEqual(['1.a', '1.r']);
  });
});

describe('templateFromTextCommand', () => {
  const buffers = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
  };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-from-text-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes the draft, lists the lines not understood, exit 1; no overwrite without --force', async () => {
    const target = path.join(dir, 'draft.json');
    const b = buffers();
    const code = await templateFromTextCommand(path.join(FIXTURES, 'tong-hop.txt'), { output: target, lang: 'vi' }, b.io);
    expect(code).toBe(1);
    const written = JSON.parse(fs.readFileSync(target, 'utf8'));
    expect(templateSchema.safeParse(written).success).toBe(true);
    expect(b.out.join('')).toContain('dòng 51: Đơn vị nêu rõ những khó khăn');
    await expect(templateFromTextCommand(path.join(FIXTURES, 'tong-hop.txt'), { output: target, lang: 'vi' }, buffers().io)).rejects.toThrow(UsageError);
    const again = buffers();
    expect(await templateFromTextCommand(path.join(FIXTURES, 'tong-hop.txt'), { output: target, id: 'so-ket', force: true, lang: 'en' }, again.io)).toBe(1);
    expect(JSON.parse(fs.readFileSync(target, 'utf8')).id).toBe('so-ket');
    expect(again.out.join('')).toContain('line 51: ');
    expect(fs.readdirSync(dir)).toEqual(['draft.json']);
  });

  test('exit 0 when every line is understood; without -o the JSON goes to stdout; --json', async () => {
    const b = buffers();
    expect(await templateFromTextCommand(path.join(FIXTURES, 'muc-la-ma.txt'), { lang: 'vi' }, b.io)).toBe(0);
    expect(JSON.parse(b.out.join('')).rows.length).toBeGreaterThan(5);
    const j = buffers();
    expect(await templateFromTextCommand(path.join(FIXTURES, 'tong-hop.txt'), { lang: 'vi', json: true }, j.io)).toBe(1);
    const report = JSON.parse(j.out.join(''));
    expect(report).toMatchObject({ output: null, appendixFound: true, uninterpreted: [{ line: 51 }] });
    expect(report.template.rows.length).toBe(report.stats.rows);
  });

  test('usage errors: a bad id, an output that is not .json, a missing file, a file with nothing to read', async () => {
    const f = path.join(FIXTURES, 'muc-la-ma.txt');
    await expect(templateFromTextCommand(f, { id: 'Sai Mã', lang: 'vi' }, buffers().io)).rejects.toThrow(UsageError);
    await expect(templateFromTextCommand(f, { output: path.join(dir, 'x.xlsx'), lang: 'vi' }, buffers().io)).rejects.toThrow(UsageError);
    await expect(templateFromTextCommand(path.join(dir, 'none.txt'), { lang: 'vi' }, buffers().io)).rejects.toThrow(UsageError);
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, 'Chỉ có văn xuôi.\n');
    await expect(templateFromTextCommand(empty, { output: path.join(dir, 'd.json'), lang: 'vi' }, buffers().io)).rejects.toThrow(UsageError);
    expect(fs.existsSync(path.join(dir, 'd.json'))).toBe(false);
  });
});
