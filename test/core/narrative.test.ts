import fs from 'node:fs';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { consolidate, type ConsolidationInput } from '../../src/core/consolidate';
import { narrativeText, renderNarrative, renderSentence, type NarrativeSource } from '../../src/core/narrative';
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
  { '1.1': 12, '1.2': 30, '2.1': 5, '2.2': 20, '3.1.a': 3, '3.1.b': 3, '3.2.a': 10, '3.2.b': 12, '3.3': 1500, '3.4': 800, '3.5': 91.2, '4.1.1': 24, '4.1.2': 310, '4.3.a': 70, '4.3.b': 80, '4.4.a': 9, '4.4.b': 9, '5.1': 14 },
  { '1.1': 8, '2.1': 7, '2.2': 25, '3.1.a': 4, '3.1.b': 4, '3.5': 88.4, '4.1.1': 12, '4.1.2': 150, '4.2.5': 'x', '4.2.6': 'x', '4.3.a': 50, '4.3.b': 50, '4.4.a': 0, '4.4.b': 0, '4.5.a': 2, '4.5.b': 5, '5.1': 6, '5.2': 2 },
];

describe('narrative (golden)', () => {
  test.each([
    ['ct37', () => summaryOf(ct37, CT37_UNITS)],
    [
      'tu-kiem-tra-dan-chu',
      () =>
        summaryOf(self, [
          { '1.1': 40, '1.2': 38, '2.1': 'Có', '2.2': 6, '3.1': 4, '3.2': 25, '3.3': 20, '4.1': 2, '4.2': 5, '4.3': 5, '5.1': 'Có', '5.2': 3, '5.3': 4, '5.4': 3 },
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
    expect(say('Tổng số đoàn kiểm tra: {2.1} đoàn; tổng số đơn vị cơ sở được kiểm tra: {2.2} đơn vị.')).toBe('Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 45 đơn vị.');
    expect(say('Tỷ lệ địa phương cấp huyện thực hiện cơ chế "một cửa", "một cửa liên thông": {3.1}.')).toBe('Tỷ lệ địa phương cấp huyện thực hiện cơ chế "một cửa", "một cửa liên thông": 100%.');
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
