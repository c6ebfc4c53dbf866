import { clipText, problem, type Problem, type Where } from './problems';
import { ratioOf } from './ratio';
import type { ReportMeta, UnitReport } from './report';
import { templateKey, type Template, type TemplateRow } from './model';
import { interpretYesNo, type CellValue } from './values';

/** One leaf unit's report as it arrives: from its own sheet, or from a column of a sub-summary. */
export interface ConsolidationInput {
  readonly report: UnitReport;
  /** the unit's own problems: reading and validation */
  readonly problems: readonly Problem[];
  /** the summary this unit came inside, when it did */
  readonly via?: { readonly file?: string; readonly sheet?: string };
}

export interface RosterEntry {
  readonly unitCode?: string;
  readonly unit?: string;
}

export interface ConsolidateOptions {
  /** include units with validation errors (their wrong cells are still left out) */
  readonly includeInvalid?: boolean;
  /** the units expected; each missing one is reported */
  readonly roster?: readonly RosterEntry[];
  /** the consolidating body (unit, unit code); the period defaults to the units' own */
  readonly meta?: ReportMeta;
}

export type UnitStatus = 'included' | 'duplicate' | 'heldBack' | 'invalid' | 'templateMismatch';

export interface UnitEntry {
  /** identity: unit code, else name, else where it came from */
  readonly key: string;
  readonly report: UnitReport;
  readonly via?: ConsolidationInput['via'];
  readonly status: UnitStatus;
  readonly errorCount: number;
  /** codes whose cell failed its own row's checks: never in the totals */
  readonly wrong: ReadonlySet<string>;
}

export interface RowAggregate {
  /** sum, mean, ratio (0–100) or, for yes/no rows, the number of units that answered Có; null = nobody reported */
  readonly value: number | null;
  /** units that reported a number (yes/no: that answered) */
  readonly reported: number;
  /** units that said x (không áp dụng) */
  readonly notApplicable: number;
}

export interface Summary {
  readonly template: Template;
  readonly meta: ReportMeta;
  /** every unit seen, in a stable order, with what became of it */
  readonly units: readonly UnitEntry[];
  /** the leaves whose figures are in the totals, in the same order */
  readonly included: readonly UnitEntry[];
  readonly rows: ReadonlyMap<string, RowAggregate>;
  /** roster entries that sent nothing */
  readonly missing: readonly RosterEntry[];
  /** consolidation problems and every unit's own problems */
  readonly problems: readonly Problem[];
}

const normalize = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/** Who a report is: its unit code, else its name, else the one place it came from. */
export function unitKey(report: UnitReport): string {
  if (report.meta.unitCode) return `code:${normalize(report.meta.unitCode)}`;
  if (report.meta.unit) return `name:${normalize(report.meta.unit)}`;
  return `at:${report.source.file ?? ''}#${report.source.sheet ?? ''}`;
}

/** How messages name a unit: code and name, each quoted by its start if it is very long. */
const describeUnit = (report: UnitReport): string =>
  [report.meta.unitCode, report.meta.unit].filter((t): t is string => !!t).map((t) => clipText(t, 80)).join(' – ') ||
  `${report.source.file ?? ''} › ${report.source.sheet ?? ''}`;

/** "file › sheet", and the column for a unit inside a summary. */
const describeSource = (input: { report: UnitReport }): string =>
  [input.report.source.file, input.report.source.sheet, input.report.source.column].filter(Boolean).join(' › ');

const whereOf = (report: UnitReport, metaKey = '@unitCode'): Where => ({
  ...report.source,
  ...(report.metaCells.get(metaKey) ? { cell: report.metaCells.get(metaKey)! } : {}),
});

const sameValue = (a: CellValue | undefined, b: CellValue | undefined): boolean => {
  const x = a ?? { kind: 'blank' };
  const y = b ?? { kind: 'blank' };
  return JSON.stringify(x) === JSON.stringify(y);
};

function sameFigures(template: Template, a: UnitReport, b: UnitReport): boolean {
  return template.rows.every((row) => row.kind === 'heading' || row.kind === 'ratio' || sameValue(a.values.get(row.code), b.values.get(row.code)));
}

const compareInputs = (a: { report: UnitReport }, b: { report: UnitReport }): number =>
  unitKey(a.report).localeCompare(unitKey(b.report)) ||
  (a.report.source.file ?? '').localeCompare(b.report.source.file ?? '') ||
  (a.report.source.sheet ?? '').localeCompare(b.report.source.sheet ?? '') ||
  columnOrder(a.report.source.column) - columnOrder(b.report.source.column);

const columnOrder = (column: string | undefined): number => (column ? column.length * 1000 + column.charCodeAt(column.length - 1) : 0);

/**
 * Many units' reports → one summary (DESIGN §5). Order of the inputs does not matter; nothing is
 * dropped or counted twice without a problem saying so.
 */
export function consolidate(templates: readonly Template[], inputs: readonly ConsolidationInput[], options: ConsolidateOptions = {}): Summary | undefined {
  const problems: Problem[] = inputs.flatMap((i) => i.problems);
  const sorted = [...inputs].sort(compareInputs);

  // The template most units use is the summary's; the others are reported and left out.
  const byTemplate = new Map<string, number>();
  for (const i of sorted) byTemplate.set(templateKey(i.report.template), (byTemplate.get(templateKey(i.report.template)) ?? 0) + 1);
  const chosenKey = [...byTemplate.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const template = templates.find((t) => templateKey(t) === chosenKey);
  if (!template) return undefined;

  const units: UnitEntry[] = [];
  const entry = (input: ConsolidationInput, status: UnitStatus): UnitEntry => ({
    key: unitKey(input.report),
    report: input.report,
    ...(input.via ? { via: input.via } : {}),
    status,
    errorCount: input.problems.filter((p) => p.severity === 'error').length,
    wrong: new Set(input.problems.filter((p) => p.severity === 'error' && p.rule.startsWith('value.') && p.code).map((p) => p.code!)),
  });

  const groups = new Map<string, ConsolidationInput[]>();
  for (const input of sorted) {
    if (templateKey(input.report.template) !== chosenKey) {
      units.push(entry(input, 'templateMismatch'));
      problems.push(
        problem('error', 'consolidate.templateMismatch', whereOf(input.report, '@template'), {
          unit: describeUnit(input.report),
          found: templateKey(input.report.template),
          expected: chosenKey!,
        }),
      );
      continue;
    }
    const key = unitKey(input.report);
    const group = groups.get(key);
    if (group) group.push(input);
    else groups.set(key, [input]);
  }

  const candidates: ConsolidationInput[] = [];
  for (const group of groups.values()) {
    const [first, ...others] = group;
    if (others.length === 0) {
      candidates.push(first!);
      continue;
    }
    const identical = others.every((o) => sameFigures(template, first!.report, o.report));
    const copies = group.map((g) => describeSource(g)).join('; ');
    if (identical) {
      candidates.push(first!);
      for (const other of others) {
        units.push(entry(other, 'duplicate'));
        problems.push(
          problem('warning', other.via || first!.via ? 'consolidate.doubleCounted' : 'consolidate.duplicateSame', whereOf(other.report), {
            unit: describeUnit(other.report),
            kept: describeSource(first!),
            copies,
          }),
        );
      }
    } else {
      for (const g of group) units.push(entry(g, 'heldBack'));
      problems.push(
        problem('error', 'consolidate.duplicateDiffer', whereOf(first!.report), {
          unit: describeUnit(first!.report),
          copies,
        }),
      );
    }
  }

  const included: UnitEntry[] = [];
  for (const input of candidates) {
    const errors = input.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0 && !options.includeInvalid) {
      units.push(entry(input, 'invalid'));
      problems.push(problem('error', 'consolidate.invalidExcluded', whereOf(input.report), { unit: describeUnit(input.report), errors }));
      continue;
    }
    if (errors > 0) {
      problems.push(problem('warning', 'consolidate.invalidIncluded', whereOf(input.report), { unit: describeUnit(input.report), errors }));
    }
    const e = entry(input, 'included');
    units.push(e);
    included.push(e);
  }
  units.sort(compareInputs);
  included.sort(compareInputs);

  // Periods: the one most units report is the summary's; the others are pointed out.
  const periodOf = (r: UnitReport) => `${r.meta.from ?? ''}..${r.meta.to ?? ''}`;
  const periods = new Map<string, number>();
  for (const u of included) if (u.report.meta.from || u.report.meta.to) periods.set(periodOf(u.report), (periods.get(periodOf(u.report)) ?? 0) + 1);
  const majority = [...periods.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  if (majority !== undefined) {
    const [from, to] = majority.split('..');
    for (const u of included) {
      if ((u.report.meta.from || u.report.meta.to) && periodOf(u.report) !== majority) {
        problems.push(
          problem('warning', 'consolidate.periodDiffers', whereOf(u.report, '@from'), {
            unit: describeUnit(u.report),
            found: `${u.report.meta.from ?? '?'} – ${u.report.meta.to ?? '?'}`,
            expected: `${from || '?'} – ${to || '?'}`,
          }),
        );
      }
    }
  }

  const missing = checkRoster(options.roster, units, problems);

  const meta: ReportMeta = { ...(options.meta ?? {}) };
  if (majority !== undefined && meta.from === undefined && meta.to === undefined) {
    const [from, to] = majority.split('..');
    if (from) meta.from = from;
    if (to) meta.to = to;
  }

  if (included.length === 0) {
    problems.push(problem('error', 'consolidate.nothing', {}, { seen: units.length }));
  }
  return { template, meta, units, included, rows: aggregate(template, included), missing, problems };
}

function checkRoster(roster: readonly RosterEntry[] | undefined, units: readonly UnitEntry[], problems: Problem[]): RosterEntry[] {
  if (!roster) return [];
  const codes = new Set(units.map((u) => u.report.meta.unitCode).filter((c): c is string => !!c).map(normalize));
  const names = new Set(units.map((u) => u.report.meta.unit).filter((c): c is string => !!c).map(normalize));
  const rosterCodes = new Set(roster.map((r) => r.unitCode).filter((c): c is string => !!c).map(normalize));
  const rosterNames = new Set(roster.map((r) => r.unit).filter((c): c is string => !!c).map(normalize));
  const missing: RosterEntry[] = [];
  for (const r of roster) {
    const found = r.unitCode ? codes.has(normalize(r.unitCode)) : r.unit ? names.has(normalize(r.unit)) : true;
    if (!found) {
      missing.push(r);
      problems.push(problem('warning', 'consolidate.rosterMissing', {}, { unit: [r.unitCode, r.unit].filter((t): t is string => !!t).map((t) => clipText(t, 80)).join(' – ') }));
    }
  }
  const seen = new Set<string>();
  for (const u of units) {
    const { unitCode, unit } = u.report.meta;
    const known = (unitCode && rosterCodes.has(normalize(unitCode))) || (!unitCode && unit && rosterNames.has(normalize(unit)));
    if (!known && !seen.has(u.key)) {
      seen.add(u.key);
      problems.push(problem('warning', 'consolidate.notInRoster', whereOf(u.report), { unit: describeUnit(u.report) }));
    }
  }
  return missing;
}

/** The figures a unit contributes: numbers that passed their own row's checks. */
function usableNumbers(template: Template, unit: UnitEntry): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of template.rows) {
    if (row.kind === 'heading' || row.kind === 'ratio' || row.kind === 'text') continue;
    // With --include-invalid, the cells that failed their own checks still stay out of the totals.
    if (unit.wrong.has(row.code)) continue;
    const v = unit.report.values.get(row.code);
    if (!v) continue;
    if (row.kind === 'yesno') {
      const yes = interpretYesNo(v);
      if (yes !== undefined) out.set(row.code, yes ? 1 : 0);
    } else if (v.kind === 'number' && Number.isFinite(v.value)) out.set(row.code, v.value);
  }
  return out;
}

function aggregate(template: Template, included: readonly UnitEntry[]): Map<string, RowAggregate> {
  const sums = new Map<string, { total: number; reported: number; na: number }>();
  for (const row of template.rows) sums.set(row.code, { total: 0, reported: 0, na: 0 });
  const bothReported = new Map<string, number>();
  for (const unit of included) {
    const numbers = usableNumbers(template, unit);
    for (const row of template.rows) {
      const acc = sums.get(row.code)!;
      const n = numbers.get(row.code);
      if (n !== undefined) {
        acc.total += n;
        acc.reported += 1;
      } else if (unit.report.values.get(row.code)?.kind === 'na') acc.na += 1;
      if (row.kind === 'ratio' && row.ratio) {
        const num = numbers.get(row.ratio.numerator);
        const den = numbers.get(row.ratio.denominator);
        if (num !== undefined && den !== undefined && den !== 0) bothReported.set(row.code, (bothReported.get(row.code) ?? 0) + 1);
      }
    }
  }
  const out = new Map<string, RowAggregate>();
  const valueOf = (code: string): number | null => {
    const acc = sums.get(code)!;
    return acc.reported > 0 ? acc.total : null;
  };
  for (const row of template.rows) {
    const acc = sums.get(row.code)!;
    out.set(row.code, aggregateRow(row, acc, valueOf, bothReported.get(row.code) ?? 0));
  }
  return out;
}

function aggregateRow(
  row: TemplateRow,
  acc: { total: number; reported: number; na: number },
  valueOf: (code: string) => number | null,
  ratioReporters: number,
): RowAggregate {
  switch (row.aggregation) {
    case 'sum':
    case 'share':
      return { value: acc.reported > 0 ? acc.total : null, reported: acc.reported, notApplicable: acc.na };
    case 'mean':
      return { value: acc.reported > 0 ? acc.total / acc.reported : null, reported: acc.reported, notApplicable: acc.na };
    case 'ratio': {
      const r = row.ratio ? ratioOf(valueOf(row.ratio.numerator) ?? undefined, valueOf(row.ratio.denominator) ?? undefined) : null;
      return { value: r, reported: ratioReporters, notApplicable: 0 };
    }
    case 'none':
      return { value: null, reported: 0, notApplicable: 0 };
  }
}

/** A yes/no row's share of Có among the units that answered, 0–100. */
export const shareOf = (agg: RowAggregate): number | null => (agg.value === null || agg.reported === 0 ? null : (agg.value / agg.reported) * 100);
