import type { Severity } from './template';

/**
 * Every kind of problem the engines report. The id is stable (it is in JSON output and tests);
 * the text of each lives in the message catalogues.
 */
export const PROBLEM_RULES = [
  // files and sheets
  'file.unreadable',
  'file.notXlsx',
  'file.encrypted',
  'file.oldXls',
  'file.tooLarge',
  'file.noAppendix',
  'file.notFound',
  'file.unsupportedType',
  'sheet.templateMalformed',
  'sheet.templateUnknown',
  'sheet.templateVersion',
  'sheet.templateNoVersion',
  'sheet.unitMissing',
  'sheet.unitCodeMissing',
  'sheet.periodInvalid',
  'sheet.periodOrder',
  'sheet.rowMissing',
  'sheet.rowDuplicate',
  'sheet.rowUnknown',
  'sheet.rowUnknownMore',
  'sheet.hidden',
  'sheet.mergedValue',
  'sheet.breakdownMissing',
  'sheet.truncated',
  'sheet.protected',
  // values
  'value.text',
  'value.textNumber',
  'value.notWhole',
  'value.tooLarge',
  'value.belowMin',
  'value.aboveMax',
  'value.formulaError',
  'value.bool',
  'value.date',
  'value.notYesNo',
  'value.required',
  'value.ratioTyped',
  'value.formulaNoResult',
  'value.externalLink',
  // cross-row rules
  'rule.le',
  'rule.ge',
  'rule.sum',
  'rule.zeroWhenNo',
  'rule.pairIncomplete',
  // consolidation
  'consolidate.templateMismatch',
  'consolidate.duplicateSame',
  'consolidate.duplicateDiffer',
  'consolidate.doubleCounted',
  'consolidate.invalidExcluded',
  'consolidate.invalidIncluded',
  'consolidate.periodDiffers',
  'consolidate.periodTie',
  'consolidate.rosterMissing',
  'consolidate.notInRoster',
  'consolidate.nothing',
  'consolidate.rosterUnreadable',
  'consolidate.rosterDuplicate',
  'sheet.templateCarriedInvalid',
  'sheet.templateConflict',
  // the same period before (so sánh cùng kỳ)
  'compare.templateDiffers',
  'compare.notEarlier',
  'compare.nothing',
] as const;
export type ProblemRule = (typeof PROBLEM_RULES)[number];

import type { Localized } from './template';

/** Numbers are formatted per language; a Localized text (a row label) is shown in the reader's language. */
export type ProblemParam = string | number | Localized;

export interface Where {
  file?: string;
  sheet?: string;
  /** A1 style, e.g. D32 */
  cell?: string;
}

export interface Problem {
  readonly severity: Severity;
  readonly rule: ProblemRule;
  /** the indicator code, where the problem is about one row */
  readonly code?: string;
  /**
   * every indicator whose cell the problem names, when that is more than `code`: a rule that
   * compares cells names them all, and consolidation adds none of them
   */
  readonly codes?: readonly string[];
  readonly where: Where;
  readonly params: Readonly<Record<string, ProblemParam>>;
}

export const problem = (
  severity: Severity,
  rule: ProblemRule,
  where: Where,
  params: Record<string, ProblemParam> = {},
  code?: string,
  codes?: readonly string[],
): Problem => ({ severity, rule, where, params, ...(code !== undefined ? { code } : {}), ...(codes && codes.length > 0 ? { codes } : {}) });

/** The indicators whose cells a problem names. */
export const codesOf = (p: Problem): readonly string[] => p.codes ?? (p.code !== undefined ? [p.code] : []);

/**
 * Text quoted from a file, cut to its start: a message must stay readable whatever a cell holds
 * (a 100,000-character name is quoted by its first characters and "…").
 */
export function clipText(text: string, max = 60): string {
  if (text.length <= max) return text;
  // never cut a surrogate pair in two
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

export type ReasonCategory = 'errors' | 'period' | 'duplicateDiffer' | 'duplicateSame' | 'template' | 'file' | 'noAppendix' | 'fileType' | 'notFound';

/** Why a unit was held back, in the few words a status column has room for. */
export function reasonCategory(rule: ProblemRule): ReasonCategory {
  switch (rule) {
    case 'consolidate.periodDiffers':
      return 'period';
    case 'consolidate.duplicateDiffer':
      return 'duplicateDiffer';
    case 'consolidate.duplicateSame':
    case 'consolidate.doubleCounted':
      return 'duplicateSame';
    case 'consolidate.templateMismatch':
    case 'sheet.templateMalformed':
    case 'sheet.templateUnknown':
    case 'sheet.templateVersion':
      return 'template';
    case 'file.noAppendix':
      return 'noAppendix';
    case 'file.unsupportedType':
    case 'file.notXlsx':
    case 'file.oldXls':
      return 'fileType';
    case 'file.notFound':
      return 'notFound';
    default:
      return rule.startsWith('file.') ? 'file' : 'errors';
  }
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

/** Stable order for output: file, sheet, row of the cell, rule. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const rowOf = (cell?: string): number => (cell ? Number(/\d+/.exec(cell)?.[0] ?? 0) : 0);
  return [...problems].sort(
    (a, b) =>
      (a.where.file ?? '').localeCompare(b.where.file ?? '') ||
      (a.where.sheet ?? '').localeCompare(b.where.sheet ?? '') ||
      rowOf(a.where.cell) - rowOf(b.where.cell) ||
      a.rule.localeCompare(b.rule),
  );
}
