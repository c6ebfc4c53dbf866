import { clipText, codesOf, problem, type Problem, type Where } from './problems';
import type { Localized } from './model';
import type { UnitReport } from './report';
import type { Rule, Template, TemplateRow } from './template';
import { formatDateVi, serialToIso } from './dates';
import { interpretYesNo, probableNumber, type CellValue } from './values';

/** Whole numbers up to this are exact in a double; larger figures are not plausible (1e308, 2^60). */
const MAX_FIGURE = Number.MAX_SAFE_INTEGER;

/**
 * Check one unit's report against its template. Returns problems as data and never throws on any
 * value a sheet can hold. `earlier`: what reading the sheet found, so that a cell is not blamed twice.
 */
export function validateReport(template: Template, report: UnitReport, earlier: readonly Problem[] = []): Problem[] {
  const out: Problem[] = [];
  // made only when a problem is found: most rows of most reports have none
  const whereOf = (code: string): Where => ({ ...report.source, ...cellOf(report, code) });
  const usable = new Map<string, number>(); // numbers that passed their own row's checks
  const yesNo = new Map<string, boolean>();

  for (const row of template.rows) {
    if (row.kind === 'heading' || row.kind === 'ratio') continue;
    const value = report.values.get(row.code) ?? { kind: 'blank' };
    if (row.kind === 'text') continue;
    const where = (): Where => whereOf(row.code);
    if (row.kind === 'yesno' && !report.summary) {
      checkYesNo(row, value, where, out, yesNo);
      continue;
    }
    // In a summary read back as a report, a yes/no row holds how many units answered Có.
    const n = checkNumeric(row.kind === 'yesno' ? { ...row, kind: 'count', min: 0 } : row, value, where, out);
    if (n !== undefined) usable.set(row.code, n);
  }

  const rules = rulesByRow(template);
  for (const row of template.rows) {
    for (const rule of rules.get(row.code) ?? []) {
      const found = checkRule(row, rule, usable, yesNo, template, () => whereOf(row.code));
      if (found) out.push(found);
    }
  }
  out.push(...checkPairs(template, report, usable, new Set([...earlier, ...out].filter((p) => p.severity === 'error').flatMap(codesOf)), whereOf));
  return out;
}

const effectiveRules = new WeakMap<Template, ReadonlyMap<string, readonly Rule[]>>();

/**
 * A template's rules by row, with what its ratios imply: numerator ≤ denominator, as an error,
 * unless the template marks the rate as one that may pass 100 %. A warning is not enough there:
 * an error keeps the pair out of the totals, so no summed rate can pass 100 %.
 */
export function rulesByRow(template: Template): ReadonlyMap<string, readonly Rule[]> {
  let byRow = effectiveRules.get(template);
  if (byRow) return byRow;
  const map = new Map<string, Rule[]>(template.rows.map((r) => [r.code, [...r.rules]]));
  for (const row of template.rows) {
    if (row.kind !== 'ratio' || !row.ratio || row.ratio.mayExceed100) continue;
    const { numerator, denominator } = row.ratio;
    const bindsPair = (rule: Rule, from: string): boolean =>
      (from === numerator && rule.type === 'le' && rule.other === denominator) || (from === denominator && rule.type === 'ge' && rule.other === numerator);
    for (const code of [numerator, denominator])
      map.set(
        code,
        map.get(code)!.filter((r) => !(bindsPair(r, code) && r.severity === 'warning')),
      );
    if (![numerator, denominator].some((code) => map.get(code)!.some((r) => bindsPair(r, code)))) {
      map.get(numerator)!.push({ type: 'le', other: denominator, severity: 'error' });
    }
  }
  byRow = map;
  effectiveRules.set(template, byRow);
  return byRow;
}

const MISSING_HOW: Readonly<Record<'blank' | 'na', Localized>> = {
  blank: { vi: 'để trống', en: 'left blank' },
  na: { vi: 'ghi x (không áp dụng) ở', en: 'marked x (not applicable)' },
};

/**
 * A ratio's numerator and denominator are reported together or not at all: one side a number and
 * the other blank or x would make the summed rate come from two different sets of units.
 */
function checkPairs(
  template: Template,
  report: UnitReport,
  usable: ReadonlyMap<string, number>,
  flagged: ReadonlySet<string>,
  whereOf: (code: string) => Where,
): Problem[] {
  const out: Problem[] = [];
  const named = new Set<string>();
  for (const row of template.rows) {
    if (row.kind !== 'ratio' || !row.ratio) continue;
    const { numerator, denominator } = row.ratio;
    const [n, d] = [usable.get(numerator), usable.get(denominator)];
    if ((n === undefined) === (d === undefined)) continue;
    const [filled, missing] = n !== undefined ? [numerator, denominator] : [denominator, numerator];
    const value = report.values.get(missing) ?? { kind: 'blank' };
    // A side that holds something else, or a formula without its result, is already wrong for its
    // own reason; a row the reader could not find (missing, duplicated) has been reported by it.
    if ((value.kind !== 'blank' && value.kind !== 'na') || flagged.has(missing) || !report.cells.has(missing) || named.has(missing)) continue;
    named.add(missing);
    const label = (code: string) => template.byCode.get(code)!.label;
    out.push(
      problem(
        'error',
        'rule.pairIncomplete',
        whereOf(missing),
        {
          filled,
          filledValue: usable.get(filled)!,
          filledLabel: label(filled),
          code: missing,
          label: label(missing),
          how: MISSING_HOW[value.kind],
          ratioLabel: row.label,
        },
        missing,
        [numerator, denominator],
      ),
    );
  }
  return out;
}

function cellOf(report: UnitReport, code: string): Where {
  const cell = report.cells.get(code);
  return cell ? { cell } : {};
}

function checkYesNo(row: TemplateRow, value: CellValue, where: () => Where, out: Problem[], yesNo: Map<string, boolean>): void {
  if (value.kind === 'blank') {
    if (row.required) out.push(problem('error', 'value.required', where(), { label: row.label }, row.code));
    return;
  }
  if (value.kind === 'na') return;
  if (value.kind === 'error') {
    out.push(problem('error', 'value.formulaError', where(), { error: value.error, label: row.label }, row.code));
    return;
  }
  const answer = interpretYesNo(value);
  if (answer === undefined) {
    out.push(problem('error', 'value.notYesNo', where(), { text: describe(value), label: row.label }, row.code));
  } else yesNo.set(row.code, answer);
}

/** Returns the row's number when it is usable by cross-row rules. */
function checkNumeric(row: TemplateRow, value: CellValue, where: () => Where, out: Problem[]): number | undefined {
  const add = (rule: Problem['rule'], params: Record<string, string | number | TemplateRow['label']>): undefined => {
    out.push(problem('error', rule, where(), { label: row.label, ...params }, row.code));
    return undefined;
  };
  switch (value.kind) {
    case 'blank':
      return row.required ? add('value.required', {}) : undefined;
    case 'na':
      return undefined;
    case 'error':
      return add('value.formulaError', { error: value.error });
    case 'bool':
      return add('value.bool', { value: value.value ? 'TRUE' : 'FALSE' });
    case 'date':
      return add('value.date', { date: dateParam(value.serial) });
    case 'text': {
      const probable = probableNumber(value.text);
      return probable === undefined ? add('value.text', { text: clipText(value.text) }) : add('value.textNumber', { text: clipText(value.text), probable });
    }
    case 'number': {
      const n = value.value;
      // Too large first: 2^60 is a whole number, but no unit counts that many of anything.
      if (!Number.isFinite(n) || Math.abs(n) > MAX_FIGURE) return add('value.tooLarge', { value: n, max: MAX_FIGURE });
      if (row.kind === 'count' && !Number.isInteger(n)) return add('value.notWhole', { value: n });
      if (row.min !== undefined && n < row.min) return add('value.belowMin', { value: n, min: row.min });
      if (row.max !== undefined && n > row.max) return add('value.aboveMax', { value: n, max: row.max });
      return n;
    }
  }
}

function checkRule(
  row: TemplateRow,
  rule: Rule,
  usable: ReadonlyMap<string, number>,
  yesNo: ReadonlyMap<string, boolean>,
  template: Template,
  where: () => Where,
): Problem | undefined {
  const value = usable.get(row.code);
  if (value === undefined) return undefined; // a row that is blank, x or already wrong is not compared
  const labelOf = (code: string) => template.byCode.get(code)?.label ?? { vi: code };
  const base = { label: row.label, code: row.code, value };
  switch (rule.type) {
    case 'le':
    case 'ge': {
      const other = usable.get(rule.other);
      if (other === undefined) return undefined;
      const broken = rule.type === 'le' ? value > other : value < other;
      if (!broken) return undefined;
      return problem(
        rule.severity,
        rule.type === 'le' ? 'rule.le' : 'rule.ge',
        where(),
        { ...base, other: rule.other, otherValue: other, otherLabel: labelOf(rule.other) },
        row.code,
        [row.code, rule.other],
      );
    }
    case 'sum': {
      const parts = rule.parts.map((p) => usable.get(p));
      if (parts.some((p) => p === undefined)) return undefined;
      const sum = (parts as number[]).reduce((a, b) => a + b, 0);
      if (sum === value) return undefined;
      return problem(rule.severity, 'rule.sum', where(), { ...base, parts: rule.parts.join(' + '), sum }, row.code, [row.code, ...rule.parts]);
    }
    case 'zeroWhenNo': {
      if (yesNo.get(rule.when) !== false || value === 0) return undefined;
      return problem(rule.severity, 'rule.zeroWhenNo', where(), { ...base, when: rule.when, whenLabel: labelOf(rule.when) }, row.code, [row.code, rule.when]);
    }
  }
}

/** A value quoted in a message: numbers stay numbers, so they are written in the reader's style. */
function describe(value: CellValue): string | number {
  switch (value.kind) {
    case 'text':
      return clipText(value.text);
    case 'number':
      return value.value;
    case 'date':
      return dateParam(value.serial);
    default:
      return value.kind;
  }
}

/** A date as people read it, dd/mm/yyyy; a serial outside the calendar as the number it is. */
const dateParam = (serial: number): string | number => {
  const iso = serialToIso(serial);
  return iso ? formatDateVi(iso) : serial;
};
