import fs from 'node:fs';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { consolidate, type ConsolidationInput } from '../../src/core/consolidate';
import { narrativeText, renderNarrative, renderSentence, type NarrativeSource } from '../../src/core/narrative';
import { compareFigures, previousFiguresOf } from '../../src/core/compare';
import type { Template } from '../../src/core/model';
import { validateReport } from '../../src/core/validate';
import { reportOf } from '../helpers/report';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const self = registry.get('tu-kiem-tra-dan-chu', 1)!;

function summaryOf(template: Template, units: Record<string, number | string | null>[]): NarrativeSource {
  const inputs: ConsolidationInput[] = units.map((figures, i) => {
    const report = reportOf(template, figures, { unit: `Đơn vị ${i}`, unitCode: `U${i}` });
    return { report, problems: validateReport(template, report) };
  });
  const summary = consolidate(registry.list(), inputs)!;
  return { template, rows: summary.rows, isSummary: units.length > 1 };
}

/** A fixed summary: figures chosen so every kind of sentence appears, with gaps where nobody reported. */
const CT37_UNITS: Record<string, number | string | null>[] = [
  {
    '1.1': 12,
    '1.2': 30,
    '2.1': 5,
    '2.2': 20,
    '3.1.a': 3,
    '3.1.b': 3,
    '3.2.a': 10,
    '3.2.b': 12,
    '3.3': 1500,
    '3.4': 800,
    '3.5': 91.2,
    '4.1.1': 24,
    '4.1.2': 310,
    '4.3.a': 70,
    '4.3.b': 80,
    '4.4.a': 9,
    '4.4.b': 9,
    '5.1': 14,
  },
  {
    '1.1': 8,
    '2.1': 7,
    '2.2': 25,
    '3.1.a': 4,
    '3.1.b': 4,
    '3.5': 88.4,
    '4.1.1': 12,
    '4.1.2': 150,
    '4.2.5': 'x',
    '4.2.6': 'x',
    '4.3.a': 50,
    '4.3.b': 50,
    '4.4.a': 0,
    '4.4.b': 0,
    '4.5.a': 2,
    '4.5.b': 5,
    '5.1': 6,
    '5.2': 2,
  },
];

describe('narrative (golden)', () => {
  test.each([
    ['ct37', () => summaryOf(ct37, CT37_UNITS)],
    [
      'tu-kiem-tra-dan-chu',
      () =>
        summaryOf(self, [
          {
            '1.1': 40,
            '1.2': 38,
            '2.1': 'Có',
            '2.2': 6,
            '3.1': 4,
            '3.2': 25,
            '3.3': 20,
            '4.1': 2,
            '4.2': 5,
            '4.3': 5,
            '5.1': 'Có',
            '5.2': 3,
            '5.3': 4,
            '5.4': 3,
          },
          { '1.1': 10, '1.2': 10, '2.1': 'Không', '2.2': 0, '4.1': 1, '4.2': 0, '4.3': 0, '5.1': 'Không', '5.2': 0 },
          { '1.1': 25, '2.1': 'Có', '5.1': 'Có', '5.2': 1 },
        ]),
    ],
  ])('%s: the sentences of a fixed summary, in Vietnamese and English', (id, make) => {
    const source = make();
    for (const lang of ['vi', 'en'] as const) {
      const text = `${narrativeText(renderNarrative(source, lang))}\n`;
      const golden = path.join(__dirname, 'golden', `narrative-${id}.${lang}.txt`);
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, text);
      expect(text).toBe(fs.readFileSync(golden, 'utf8'));
    }
  });
});

describe('sentences', () => {
  const source = summaryOf(ct37, CT37_UNITS);
  const say = (vi: string, noData?: string) => renderSentence({ text: { vi }, ...(noData ? { noData: { vi: noData } } : {}) }, source, 'vi');

  test('the wording the seeds use, with the exact figures in Vietnamese style', () => {
    expect(say('Kết quả giải quyết đơn thư khiếu nại: {4.3.a}/{4.3.b} đơn, đạt {4.3}.')).toBe('Kết quả giải quyết đơn thư khiếu nại: 120/130 đơn, đạt 92,31%.');
    expect(say('Tổng số đoàn kiểm tra: {2.1} đoàn; tổng số đơn vị cơ sở được kiểm tra: {2.2} đơn vị.')).toBe(
      'Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 45 đơn vị.',
    );
    expect(say('Tỷ lệ địa phương cấp huyện thực hiện cơ chế "một cửa", "một cửa liên thông": {3.1}.')).toBe(
      'Tỷ lệ địa phương cấp huyện thực hiện cơ chế "một cửa", "một cửa liên thông": 100%.',
    );
    expect(say('Dịch vụ: {3.3}.')).toBe('Dịch vụ: 1.500.');
  });

  test('averages are called averages', () => {
    expect(say('Chỉ số hài lòng: {3.5}.')).toBe('Chỉ số hài lòng: 89,8% (bình quân của 2 đơn vị).');
  });

  test('nobody reported: never a 0; the optional part is left out, or the sentence says so', () => {
    expect(say('Tố cáo: {4.4.a}/{4.4.b} đơn[, đạt {4.4}].')).toBe('Tố cáo: 9/9 đơn, đạt 100%.');
    expect(say('Vụ việc: {4.5.a}/{4.5.b} vụ[, đạt {4.5}].')).toBe('Vụ việc: 2/5 vụ, đạt 40%.');
    const none = summaryOf(ct37, [{ '4.5.a': 0, '4.5.b': 0 }]);
    expect(renderSentence({ text: { vi: 'Vụ việc: {4.5.a}/{4.5.b} vụ[, đạt {4.5}].' } }, none, 'vi')).toBe('Vụ việc: 0/0 vụ.'); // a 0 denominator: no rate
    expect(say('Tiếp đột xuất: {4.1.3} lượt.')).toBeUndefined();
    expect(say('Tiếp đột xuất: {4.1.3} lượt.', 'Tiếp đột xuất: chưa có số liệu.')).toBe('Tiếp đột xuất: chưa có số liệu.');
    expect(say('Cấp xã: {4.2.5} hội nghị.')).toBe('Cấp xã: không áp dụng.');
    expect(say('Cấp tỉnh: {4.2.1} hội nghị[, cấp xã {4.2.5} hội nghị].')).toBeUndefined();
  });
});

describe('so sánh cùng kỳ and coverage (golden)', () => {
  /** The same two units a year before: some rows up, some down, one unchanged, one with no earlier figure, one from 0. */
  const EARLIER: Record<string, number | string | null>[] = [
    {
      '1.1': 10,
      '1.2': 30,
      '2.1': 4,
      '2.2': 20,
      '3.1.a': 2,
      '3.1.b': 3,
      '3.5': 85,
      '4.1.1': 20,
      '4.1.2': 300,
      '4.3.a': 60,
      '4.3.b': 80,
      '4.4.a': 0,
      '4.4.b': 0,
      '5.1': 14,
    },
    { '1.1': 8, '2.1': 6, '2.2': 25, '3.1.a': 4, '3.1.b': 4, '3.5': 90, '4.1.1': 12, '4.1.2': 150, '4.3.a': 40, '4.3.b': 50, '4.4.a': 0, '4.4.b': 0, '5.1': 6 },
  ];
  const compared = (): NarrativeSource => {
    const now = summaryOf(ct37, CT37_UNITS);
    const then = summaryOf(ct37, EARLIER);
    const previous = previousFiguresOf(ct37, then.rows, { from: '2022-01-01', to: '2022-09-30' }, 'th-2022.xlsx');
    // three units expected (a roster of 3), none held back
    return { ...now, comparison: compareFigures(ct37, now.rows, previous), coverage: { expected: 3, excluded: 0 } };
  };

  test.each(['vi', 'en'] as const)('ct37 compared with the same period a year before, 2 of 3 units reporting (%s)', (lang) => {
    const text = `${narrativeText(renderNarrative(compared(), lang))}\n`;
    const golden = path.join(__dirname, 'golden', `narrative-ct37-compared.${lang}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, text);
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
  });

  test('the sentences say it in Vietnamese style: tăng 12 đơn (10,5%), điểm phần trăm, no "∞ %"', () => {
    const source = compared();
    const say = (vi: string) => renderSentence({ text: { vi } }, source, 'vi');
    // counts: 120 now against 100 then
    expect(say('Đã giải quyết: {4.3.a} đơn.')).toBe('Đã giải quyết: 120 đơn, tăng 20 đơn (20%) so với cùng kỳ (số liệu của 2/3 đơn vị).');
    // a rate: 92,31% now against 76,92% then, in points; its parts are not compared again
    expect(say('Kết quả: {4.3.a}/{4.3.b} đơn, đạt {4.3}.')).toBe(
      'Kết quả: 120/130 đơn, đạt 92,31%, tăng 15,38 điểm phần trăm so với cùng kỳ (số liệu của 2/3 đơn vị).',
    );
    // down, and unchanged, in one sentence
    expect(say('Đoàn: {2.1} đoàn; đơn vị: {2.2} đơn vị.')).toBe(
      'Đoàn: 12 đoàn; đơn vị: 45 đơn vị (so với cùng kỳ: tăng 2 đoàn (20%); không đổi) (số liệu của 2/3 đơn vị).',
    );
    // no earlier figure: said so, nothing computed
    expect(say('Vụ việc: {4.5.a} vụ.')).toBe('Vụ việc: 2 vụ (chưa có số liệu cùng kỳ) (số liệu của 1/3 đơn vị).');
    // an earlier 0: the difference, never a percent of 0
    expect(say('Tố cáo: {4.4.a} đơn.')).toBe('Tố cáo: 9 đơn, tăng 9 đơn (cùng kỳ: 0) so với cùng kỳ (số liệu của 2/3 đơn vị).');
  });

  test('figures of 0 while units were held back: the section says the 0 may not be everyone’s', () => {
    const zeros = summaryOf(ct37, [
      { '2.1': 0, '2.2': 0 },
      { '2.1': 0, '2.2': 0 },
    ]);
    const sections = renderNarrative({ ...zeros, coverage: { expected: 3, excluded: 1 } }, 'vi');
    const inspection = sections.find((s) => s.paragraphs.some((p) => p.includes('Tổng số đoàn kiểm tra')))!;
    expect(inspection.paragraphs.at(-1)).toBe(
      'Các số liệu trên bằng 0 nhưng chưa gồm 1 đơn vị đã nộp mà chưa được tổng hợp (xem trang "Kiểm tra" và "Đơn vị" của bản tổng hợp).',
    );
    // with nobody held back, 0 is 0
    const all = renderNarrative({ ...zeros, coverage: { expected: 2, excluded: 0 } }, 'vi');
    expect(all.flatMap((s) => s.paragraphs).some((p) => p.includes('chưa gồm'))).toBe(false);
  });
});

describe('compareFigures', () => {
  test('counts by difference and percent of the earlier figure; rates by points; an earlier 0 or none gives no percent', () => {
    const now = summaryOf(ct37, [{ '2.1': 12, '4.3.a': 9, '4.3.b': 10, '3.5': 80, '4.4.a': 3, '4.4.b': 3 }]);
    const previous = {
      template: { id: 'ct37', version: 1 },
      values: new Map([
        ['2.1', 10],
        ['4.3', 80],
        ['3.5', 82.5],
        ['4.4.a', 0],
      ]),
      meta: {},
    };
    const { changes } = compareFigures(ct37, now.rows, previous);
    expect(changes.get('2.1')).toEqual({ previous: 10, diff: 2, percent: 20, points: false });
    expect(changes.get('4.3')).toEqual({ previous: 80, diff: 10, percent: null, points: true });
    expect(changes.get('3.5')).toEqual({ previous: 82.5, diff: -2.5, percent: null, points: true });
    expect(changes.get('4.4.a')).toEqual({ previous: 0, diff: 3, percent: null, points: false });
    expect(changes.get('4.4.b')).toEqual({ previous: null, diff: null, percent: null, points: false });
    // nothing now: no difference, the earlier figure kept
    expect(changes.get('1.1')).toEqual({ previous: null, diff: null, percent: null, points: false });
  });
});
