import { formatProblem } from '../../src/core/i18n/messages';
import { PROBLEM_RULES } from '../../src/core/problems';
import { builtInRegistry } from '../../src/core/builtins';
import { computeRatios, ratioOf } from '../../src/core/ratio';
import { defineTemplate } from '../../src/core/template';
import { validateReport } from '../../src/core/validate';
import { CATALOGUES } from '../../src/core/i18n/messages';
import { reportOf } from '../helpers/report';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const self = registry.get('tu-kiem-tra-dan-chu', 1)!;

type Figures = Record<string, number | string | null>;
const rulesOf = (figures: Figures, template = ct37) =>
  validateReport(template, reportOf(template, figures)).map((p) => ({
    severity: p.severity,
    rule: p.rule,
    code: p.code,
    cell: p.where.cell,
    ...(p.codes ? { codes: p.codes } : {}),
  }));

describe('value rules, one row at a time', () => {
  test.each<[string, Figures, { severity: string; rule: string; code: string }[]]>([
    ['blank is allowed', { '1.1': null }, []],
    ['zero is allowed', { '1.1': 0 }, []],
    ['x is allowed', { '1.1': 'x' }, []],
    ['whole number', { '1.1': 12 }, []],
    ['fraction in a count', { '1.1': 1.5 }, [{ severity: 'error', rule: 'value.notWhole', code: '1.1' }]],
    ['negative count', { '1.1': -1 }, [{ severity: 'error', rule: 'value.belowMin', code: '1.1' }]],
    ['"1.234" typed as text', { '1.1': '1.234' }, [{ severity: 'error', rule: 'value.textNumber', code: '1.1' }]],
    ['"12 " typed as text', { '1.1': '12 ' }, [{ severity: 'error', rule: 'value.textNumber', code: '1.1' }]],
    ['words', { '1.1': 'không có' }, [{ severity: 'error', rule: 'value.text', code: '1.1' }]],
    ['percent in bounds', { '3.5': 85.5 }, []],
    ['percent above 100', { '3.5': 120 }, [{ severity: 'error', rule: 'value.aboveMax', code: '3.5' }]],
    ['percent below 0', { '3.5': -1 }, [{ severity: 'error', rule: 'value.belowMin', code: '3.5' }]],
    ['percent may be fractional', { '3.5': 92.31 }, []],
    ['count beyond exact integers', { '1.1': 2 ** 60 }, [{ severity: 'error', rule: 'value.tooLarge', code: '1.1' }]],
  ])('%s', (_, figures, expected) => {
    expect(rulesOf(figures)).toEqual(expected.map((e) => ({ ...e, cell: expect.stringMatching(/^D\d+$/) })));
  });

  test('formula errors, booleans and dates in a count cell', () => {
    const report = reportOf(ct37, {});
    const values = new Map(report.values);
    values.set('1.1', { kind: 'error', error: '#DIV/0!' });
    values.set('1.2', { kind: 'bool', value: true });
    values.set('2.1', { kind: 'date', serial: 45000 });
    const problems = validateReport(ct37, { ...report, values });
    expect(problems.map((p) => [p.rule, p.code])).toEqual([
      ['value.formulaError', '1.1'],
      ['value.bool', '1.2'],
      ['value.date', '2.1'],
    ]);
    expect(formatProblem(problems[2]!, 'vi')).toContain('15/03/2023');
  });
});

describe('cross-row rules', () => {
  test.each<[string, Figures, string[]]>([
    ['resolved ≤ received holds', { '4.3.a': 120, '4.3.b': 130 }, []],
    ['resolved = received holds', { '4.3.a': 130, '4.3.b': 130 }, []],
    ['resolved > received is an error', { '4.3.a': 140, '4.3.b': 130 }, ['error rule.le 4.3.a']],
    ['a ratio pair half filled: an error on the blank side', { '4.3.a': 140 }, ['error rule.pairIncomplete 4.3.b']],
    ['… whichever side it is', { '4.3.b': 0 }, ['error rule.pairIncomplete 4.3.a']],
    ['… and x is as incomplete as blank', { '4.3.a': 140, '4.3.b': 'x' }, ['error rule.pairIncomplete 4.3.b']],
    ['both x or both blank is fine', { '4.3.a': 'x', '4.3.b': 'x', '4.4.a': null, '4.4.b': null }, []],
    ['rows not paired by a ratio are not compared when one side is blank', { '3.4': 11 }, []],
    ['not compared when one side is already wrong', { '4.3.a': 140, '4.3.b': '130 đơn' }, ['error value.text 4.3.b']],
    ['level 4 ≤ levels 3 and 4', { '3.3': 10, '3.4': 11 }, ['error rule.le 3.4']],
    ['persons ≥ sessions: fewer is a warning', { '4.1.1': 10, '4.1.2': 8 }, ['warning rule.ge 4.1.2']],
    ['persons ≥ sessions holds', { '4.1.1': 10, '4.1.2': 18 }, []],
  ])('%s', (_, figures, expected) => {
    expect(rulesOf(figures).map((p) => `${p.severity} ${p.rule} ${p.code}`)).toEqual(expected);
  });

  test.each<[string, Figures, string[]]>([
    ['Không with 0 supervisions is fine', { '5.1': 'Không', '5.2': 0 }, []],
    ['Không with supervisions is a warning', { '5.1': 'Không', '5.2': 3 }, ['warning rule.zeroWhenNo 5.2']],
    ['Có with supervisions is fine', { '5.1': 'Có', '5.2': 3 }, []],
    ['yes/no in other words', { '2.1': 'Chắc có' }, ['error value.notYesNo 2.1']],
    ['yes/no as 1', { '2.1': 1 }, []],
  ])('self-inspection: %s', (_, figures, expected) => {
    expect(rulesOf(figures, self).map((p) => `${p.severity} ${p.rule} ${p.code}`)).toEqual(expected);
  });

  test('a ratio implies numerator ≤ denominator, as an error, unless the template lets the rate pass 100 %', () => {
    const rows = (mayExceed100?: boolean, severity?: 'warning') => [
      { code: 'n', kind: 'count', label: { vi: 'Đã giải quyết' }, ...(severity ? { rules: [{ type: 'le', other: 'd', severity }] } : {}) },
      { code: 'd', kind: 'count', label: { vi: 'Phải giải quyết' } },
      { code: 'r', kind: 'ratio', label: { vi: 'Tỷ lệ' }, ratio: { numerator: 'n', denominator: 'd', ...(mayExceed100 ? { mayExceed100 } : {}) } },
    ];
    const implied = defineTemplate({ id: 'tl', version: 1, title: { vi: 'T' }, rows: rows() });
    expect(rulesOf({ n: 5, d: 4 }, implied).map((p) => [p.severity, p.rule, p.code, p.codes])).toEqual([['error', 'rule.le', 'n', ['n', 'd']]]);
    const warned = defineTemplate({ id: 'tl', version: 1, title: { vi: 'T' }, rows: rows(false, 'warning') });
    expect(rulesOf({ n: 5, d: 4 }, warned).map((p) => `${p.severity} ${p.rule}`)).toEqual(['error rule.le']);
    const allowed = defineTemplate({ id: 'tl', version: 1, title: { vi: 'T' }, rows: rows(true) });
    expect(rulesOf({ n: 5, d: 4 }, allowed)).toEqual([]);
  });

  test('sum identity and required rows (a template written by a user)', () => {
    const t = defineTemplate({
      id: 'tong',
      version: 1,
      title: { vi: 'Tổng' },
      rows: [
        { code: 'a', kind: 'count', label: { vi: 'Kỳ trước' }, required: true },
        { code: 'b', kind: 'count', label: { vi: 'Trong kỳ' } },
        { code: 't', kind: 'count', label: { vi: 'Tổng' }, rules: [{ type: 'sum', parts: ['a', 'b'] }] },
      ],
    });
    expect(rulesOf({ a: 1, b: 2, t: 3 }, t)).toEqual([]);
    expect(rulesOf({ a: 1, b: 2, t: 4 }, t).map((p) => p.rule)).toEqual(['rule.sum']);
    expect(rulesOf({ b: 2, t: 4 }, t).map((p) => p.rule)).toEqual(['value.required']);
  });
});

describe('ratios are blank-safe', () => {
  test.each([
    [120, 130, (120 / 130) * 100],
    [0, 5, 0],
    [5, 0, null],
    [undefined, 5, null],
    [5, undefined, null],
    [3, 3, 100],
  ])('%p / %p → %p', (n, d, expected) => {
    expect(ratioOf(n, d)).toBe(expected);
  });

  test('computed from the report, x and text give blank', () => {
    const ratios = computeRatios(ct37, reportOf(ct37, { '4.3.a': 120, '4.3.b': 130, '4.4.a': 'x', '4.4.b': 3, '4.5.a': 1, '4.5.b': '2 vụ' }).values);
    expect(ratios.get('4.3')).toBeCloseTo(92.3077, 4);
    expect(ratios.get('4.4')).toBeNull();
    expect(ratios.get('4.5')).toBeNull();
    expect(ratios.get('3.1')).toBeNull();
  });
});

describe('messages', () => {
  test('every rule has a Vietnamese and an English message', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const rule of PROBLEM_RULES) expect(typeof CATALOGUES[lang][rule]).toBe('function');
    }
  });

  test('numbers and labels in the reader’s language and style', () => {
    const [p] = validateReport(ct37, reportOf(ct37, { '4.3.a': 1400, '4.3.b': 1300 }));
    expect(formatProblem(p!, 'vi')).toBe(
      'Số đơn thư khiếu nại đã giải quyết (4.3.a) = 1.400 lớn hơn Tổng số đơn thư khiếu nại phải giải quyết (4.3.b) = 1.300.',
    );
    expect(formatProblem(p!, 'en')).toBe('Complaints resolved (4.3.a) = 1,400 is greater than Complaints to be resolved (4.3.b) = 1,300.');
  });

  test('text numbers say which number they probably mean', () => {
    const [p] = validateReport(ct37, reportOf(ct37, { '1.1': '1.234' }));
    expect(formatProblem(p!, 'vi')).toContain('có lẽ là 1.234');
    expect(formatProblem(p!, 'en')).toContain('probably means 1,234');
  });
});
