import { builtInRegistry } from '../../src/core/builtins';
import { consolidate } from '../../src/core/consolidate';
import { CLI_INSTRUCTIONS, formatProblem, type ProblemInstructions } from '../../src/core/i18n/messages';
import { PANE } from '../../src/core/i18n/pane';
import { PROBLEM_RULES, problem } from '../../src/core/problems';
import { materialize } from '../../src/sheet/grid';
import { layoutSummary } from '../../src/sheet/summary';
import { reportOf } from '../helpers/report';

/** Messages tell the reader what to do in the words of where they read it: options on the command line, controls in the pane. */
describe('what a problem tells the reader to do', () => {
  const excluded = problem('error', 'consolidate.invalidExcluded', { file: 'c.xlsx' }, { unit: 'Xã C', errors: 2 });
  const tie = problem('error', 'consolidate.periodTie', {}, { periods: '2023: 2; 2022: 2' });
  const none = problem('error', 'file.noAppendix', { file: 'c.xlsx' });

  test('the command line names its options (the default)', () => {
    expect(formatProblem(excluded, 'vi')).toBe('Đơn vị Xã C còn 2 lỗi nên không được tổng hợp (dùng --include-invalid để tổng hợp các ô không có lỗi).');
    expect(formatProblem(excluded, 'en')).toBe('Unit Xã C has 2 errors and is left out (use --include-invalid to add its cells that have no error).');
    expect(formatProblem(tie, 'vi')).toContain('Hãy ghi kỳ tổng hợp (dùng --from và --to).');
    expect(formatProblem(tie, 'en')).toContain('Give it (use --from and --to).');
    expect(formatProblem(none, 'vi', CLI_INSTRUCTIONS.vi)).toContain('Hãy tạo phụ lục bằng lệnh "phuluc new".');
    expect(formatProblem(none, 'en')).toContain('Create one with "phuluc new".');
  });

  test('the task pane names its controls', () => {
    expect(formatProblem(excluded, 'vi', PANE.vi.problemHow)).toBe(
      'Đơn vị Xã C còn 2 lỗi nên không được tổng hợp (chọn ô “Vẫn tổng hợp đơn vị còn lỗi” để tổng hợp các ô không có lỗi).',
    );
    expect(formatProblem(excluded, 'en', PANE.en.problemHow)).toBe(
      'Unit Xã C has 2 errors and is left out (tick “Include units that still have errors” to add its cells that have no error).',
    );
    expect(formatProblem(tie, 'vi', PANE.vi.problemHow)).toContain('Hãy ghi kỳ tổng hợp (ghi ô “Kỳ tổng hợp: từ ngày” và “Đến ngày”).');
    expect(formatProblem(tie, 'en', PANE.en.problemHow)).toContain('Give it (fill in “Summary period: from” and “To”).');
    expect(formatProblem(none, 'vi', PANE.vi.problemHow)).toContain('Hãy tạo phụ lục ở thẻ “Chèn phụ lục”.');
    expect(formatProblem(none, 'en', PANE.en.problemHow)).toContain('Create one in the “Insert” tab.');
  });

  test('the pane’s words name controls the pane has', () => {
    // the checkbox and the period fields are labelled as the instructions say
    expect(PANE.vi.includeInvalid.startsWith('Vẫn tổng hợp đơn vị còn lỗi')).toBe(true);
    expect(PANE.en.includeInvalid.startsWith('Include units that still have errors')).toBe(true);
    expect(PANE.vi.periodFrom.startsWith('Kỳ tổng hợp: từ ngày')).toBe(true);
    expect(PANE.en.periodFrom.startsWith('Summary period: from')).toBe(true);
    expect(PANE.vi.tabInsert).toBe('Chèn phụ lục');
    expect(PANE.en.tabInsert).toBe('Insert');
  });

  test('no message read in the pane names a command-line option or command', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const rule of PROBLEM_RULES) {
        const text = formatProblem(problem('error', rule, {}), lang, PANE[lang].problemHow);
        expect([lang, rule, /(^|\s|\()--[a-z]|phuluc /.test(text)]).toEqual([lang, rule, false]);
      }
    }
  });
});

describe('the summary’s "Kiểm tra" sheet', () => {
  // a summary of one unit, with the problem that names how to include a unit with errors
  const registry = builtInRegistry();
  const template = registry.get('ct37', 1)!;
  const base = consolidate(registry.list(), [{ report: reportOf(template, { '2.1': 12 }), problems: [] }])!;
  const summary = { ...base, problems: [problem('error', 'consolidate.invalidExcluded', { file: 'c.xlsx' }, { unit: 'Xã C', errors: 2 })] };
  const sheetText = (how?: ProblemInstructions) => JSON.stringify(materialize(layoutSummary(summary, 'vi', how).problems));

  test('made by the command line, it names the option', () => {
    expect(sheetText()).toContain('dùng --include-invalid để tổng hợp');
  });

  test('made in the pane, it names the checkbox', () => {
    expect(sheetText(PANE.vi.problemHow)).toContain('chọn ô “Vẫn tổng hợp đơn vị còn lỗi” để tổng hợp');
    expect(sheetText(PANE.vi.problemHow)).not.toContain('--include-invalid');
  });
});
