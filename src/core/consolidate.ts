import { comparisonFor, type Comparison, type PreviousFigures } from './compare';
import { formatDateVi } from './dates';
import { clipText, codesOf, problem, type Problem, type ProblemParam, type ProblemRule, type Where } from './problems';
import { ratioOf } from './ratio';
import type { ReportMeta, UnitReport } from './report';
import { templateKey, type Localized, type Template, type TemplateRow } from './model';
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

/** A file or sheet that gave no figures: unreadable, not an appendix, of an unknown template. */
export interface RefusedSource {
  readonly source: { readonly file?: string; readonly sheet?: string };
  /** who the sheet says sent it, where that much could be read */
  readonly meta?: ReportMeta;
  /** why it was refused */
  readonly problems: readonly Problem[];
}

export interface ConsolidateOptions {
  /** include units with errors: no cell that an error names is added, the rest of the unit is */
  readonly includeInvalid?: boolean;
  /** the units expected; each missing one is reported */
  readonly roster?: readonly RosterEntry[];
  /** the consolidating body (unit, unit code) */
  readonly meta?: ReportMeta;
  /** the summary's period (ISO dates); without it, the period most units report */
  readonly period?: { readonly from: string; readonly to: string };
  /** what was received but gave no figures, so that its unit is never called "not submitted" */
  readonly refused?: readonly RefusedSource[];
  /** the same period before: the summary then compares each row with it */
  readonly previous?: PreviousFigures;
}

/** included: in the totals; excluded: received, held back; missing: on the roster, nothing received. */
export type UnitStatus = 'included' | 'excluded' | 'missing';
export const UNIT_FLAGS = ['notInRoster', 'duplicate', 'unreadable'] as const;
export type UnitFlag = (typeof UNIT_FLAGS)[number];

/** A leaf unit whose figures are in the totals. */
export interface UnitEntry {
  /** identity: unit code, else name, else where it came from */
  readonly key: string;
  readonly report: UnitReport;
  readonly via?: ConsolidationInput['via'];
  readonly errorCount: number;
  /** codes whose cells an error names: never in the totals */
  readonly wrong: ReadonlySet<string>;
}

/** What became of one unit the secretariat expects or received: exactly one status. */
export interface UnitLedgerEntry {
  readonly key: string;
  readonly unitCode?: string;
  readonly unit?: string;
  readonly status: UnitStatus;
  readonly flags: readonly UnitFlag[];
  /** where its report was read: the copy counted, else the first received */
  readonly source?: UnitReport['source'];
  readonly from?: string;
  readonly to?: string;
  /** for an excluded unit: the rules of the problems that kept it out */
  readonly reasons: readonly ProblemRule[];
  readonly errorCount: number;
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
  /** every unit expected or received, once, roster order first */
  readonly units: readonly UnitLedgerEntry[];
  /** the leaves whose figures are in the totals, in a stable order */
  readonly included: readonly UnitEntry[];
  readonly rows: ReadonlyMap<string, RowAggregate>;
  /** consolidation problems and every unit's own problems */
  readonly problems: readonly Problem[];
  /** each row against the same period before, when one was given */
  readonly comparison?: Comparison;
  /** how many units the roster lists, when one was given */
  readonly rosterSize?: number;
}

/**
 * How many units the figures should come from — the roster's, else those consolidated — and how
 * many were received but held back: what a report must say when its figures are not everyone's.
 */
export function coverageOf(summary: Pick<Summary, 'included' | 'units' | 'rosterSize'>): { expected: number; excluded: number } {
  const included = summary.included.length;
  return {
    expected: summary.rosterSize !== undefined ? Math.max(summary.rosterSize, included) : included,
    excluded: summary.units.filter((u) => u.status === 'excluded').length,
  };
}

const normalize = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

const identityOf = (meta: ReportMeta, source: { file?: string; sheet?: string }): string => {
  if (meta.unitCode) return `code:${normalize(meta.unitCode)}`;
  if (meta.unit) return `name:${normalize(meta.unit)}`;
  return `at:${source.file ?? ''}#${source.sheet ?? ''}`;
};

/** Who a report is: its unit code, else its name, else the one place it came from. */
export const unitKey = (report: UnitReport): string => identityOf(report.meta, report.source);

const describeNames = (meta: ReportMeta): string =>
  [meta.unitCode, meta.unit]
    .filter((t): t is string => !!t)
    .map((t) => clipText(t, 80))
    .join(' – ');

/** How messages name a unit: code and name, each quoted by its start if it is very long. */
const describeUnit = (report: UnitReport): string => describeNames(report.meta) || `${report.source.file ?? ''} › ${report.source.sheet ?? ''}`;

/** "file › sheet", and the column for a unit inside a summary. */
const describeSource = (input: { report: UnitReport }): string =>
  [input.report.source.file, input.report.source.sheet, input.report.source.column, input.report.source.row].filter(Boolean).join(' › ');

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

// One collator for every comparison: String#localeCompare looks one up at each call.
const collate = new Intl.Collator().compare;

/** Inputs with their keys computed once: sorting ten thousand must not normalise names 280,000 times. */
interface Keyed {
  readonly key: string;
  /** the input's report, at hand for the comparison */
  readonly report: UnitReport;
  readonly input: ConsolidationInput;
}

const compareKeyed = (a: { key: string; report: UnitReport }, b: { key: string; report: UnitReport }): number =>
  collate(a.key, b.key) ||
  // keys the collator calls equal but that differ stay apart, so that one unit's copies are neighbours
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
  (a.report.source.file ?? '').localeCompare(b.report.source.file ?? '') ||
  (a.report.source.sheet ?? '').localeCompare(b.report.source.sheet ?? '') ||
  columnOrder(a.report.source.column) - columnOrder(b.report.source.column) ||
  (a.report.source.row ?? 0) - (b.report.source.row ?? 0);

const columnOrder = (column: string | undefined): number => (column ? column.length * 1000 + column.charCodeAt(column.length - 1) : 0);

const periodOf = (meta: ReportMeta): string => `${meta.from ?? ''}..${meta.to ?? ''}`;
const hasPeriod = (meta: ReportMeta): boolean => meta.from !== undefined || meta.to !== undefined;
/**
 * A unit's period against the summary's: each date the unit gives must be the summary's. A date it
 * does not give, or that cannot be read, is not held against it (the reader has said so already).
 */
const samePeriod = (unit: ReportMeta, summary: ReportMeta): boolean =>
  (unit.from === undefined || unit.from === summary.from) && (unit.to === undefined || unit.to === summary.to);
const NOT_GIVEN: Localized = { vi: 'chưa ghi', en: 'not given' };
/** A period as people read it: 01/01/2023 – 30/06/2023. */
const describePeriod = (meta: ReportMeta): ProblemParam =>
  hasPeriod(meta) ? `${meta.from ? formatDateVi(meta.from) : '?'} – ${meta.to ? formatDateVi(meta.to) : '?'}` : NOT_GIVEN;

/** Error rules, once each, in the order met. */
const errorRules = (problems: readonly Problem[]): ProblemRule[] => [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.rule))];

type LedgerRecord = { -readonly [K in keyof UnitLedgerEntry]: UnitLedgerEntry[K] };

const NOTHING_WRONG: ReadonlySet<string> = new Set();
const NO_FLAGS: readonly UnitFlag[] = Object.freeze([]);
const NO_REASONS: readonly ProblemRule[] = Object.freeze([]);

/**
 * Every unit, once, with its status: kept while the inputs are judged, read out at the end. Each
 * record is the entry handed out (ten thousand units, one object each), its lists shared and
 * empty until a unit has a flag or a reason.
 */
class Ledger {
  private readonly entries = new Map<string, LedgerRecord>();
  /** keys received at least once (a roster unit is in the ledger before anything arrives) */
  private readonly receivedKeys = new Set<string>();

  private entry(key: string, meta: ReportMeta, source: UnitLedgerEntry['source']): LedgerRecord {
    let e = this.entries.get(key);
    if (!e) {
      // every field, always in this order: one hidden class for every entry
      e = {
        key,
        status: 'excluded',
        flags: NO_FLAGS,
        reasons: NO_REASONS,
        errorCount: 0,
        unitCode: undefined,
        unit: undefined,
        source: undefined,
        from: undefined,
        to: undefined,
      };
      this.entries.set(key, e);
    }
    if (meta.unitCode && !e.unitCode) e.unitCode = meta.unitCode;
    if (meta.unit && !e.unit) e.unit = meta.unit;
    if (source && !e.source) e.source = source;
    return e;
  }

  /** Counts one more copy received under `key`: true for the first. */
  private firstCopy(e: LedgerRecord): boolean {
    if (!this.receivedKeys.has(e.key)) {
      this.receivedKeys.add(e.key);
      return true;
    }
    this.addFlag(e, 'duplicate');
    return false;
  }

  private addFlag(e: LedgerRecord, flag: UnitFlag): void {
    // in the order UNIT_FLAGS lists them, once each
    if (!e.flags.includes(flag)) e.flags = UNIT_FLAGS.filter((f) => f === flag || e.flags.includes(f));
  }

  private addReasons(e: LedgerRecord, reasons: readonly ProblemRule[]): void {
    const fresh = reasons.filter((r, i) => !e.reasons.includes(r) && reasons.indexOf(r) === i);
    if (fresh.length > 0) e.reasons = [...e.reasons, ...fresh];
  }

  /** A report received (under its key, computed once by the caller): counted, or held back for these reasons. */
  received(key: string, report: UnitReport, outcome: { included: true } | { included: false; reasons: readonly ProblemRule[] }, errorCount: number): void {
    const e = this.entry(key, report.meta, report.source);
    const first = this.firstCopy(e);
    if (outcome.included) {
      // the copy counted is the one to point at
      e.status = 'included';
      e.source = report.source;
      e.errorCount = errorCount;
      e.reasons = NO_REASONS;
    } else if (e.status !== 'included') {
      this.addReasons(e, outcome.reasons);
      if (first) e.errorCount = errorCount;
    }
    if (e.status === 'included' || first) {
      if (report.meta.from) e.from = report.meta.from;
      if (report.meta.to) e.to = report.meta.to;
    }
  }

  /** A file or sheet that gave no figures, under the identity it could be given. */
  refused(key: string, refused: RefusedSource, meta: ReportMeta): void {
    const e = this.entry(key, meta, refused.source);
    const first = this.firstCopy(e);
    if (refused.problems.some((p) => p.rule.startsWith('file.'))) this.addFlag(e, 'unreadable');
    if (e.status !== 'included') this.addReasons(e, errorRules(refused.problems));
    if (first) e.errorCount = refused.problems.filter((p) => p.severity === 'error').length;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): UnitLedgerEntry | undefined {
    return this.entries.get(key);
  }

  /** A roster unit: matched to what was received, or missing. */
  expected(key: string, entry: RosterEntry): void {
    const received = this.entries.has(key);
    const e = this.entry(key, entry, undefined);
    if (!received) e.status = 'missing';
  }

  flag(key: string, flag: UnitFlag): void {
    const e = this.entries.get(key);
    if (e) this.addFlag(e, flag);
  }

  /** The entries: those named in `first` in that order, then the rest by key. */
  list(first: readonly string[]): UnitLedgerEntry[] {
    const order = new Set(first.filter((k) => this.entries.has(k)));
    const rest = [...this.entries.keys()].filter((k) => !order.has(k)).sort(collate);
    return [...order, ...rest].map((k) => {
      const e = this.entries.get(k)!;
      // reasons are what kept a unit out: an included or missing unit has none
      if (e.status !== 'excluded') e.reasons = NO_REASONS;
      return e;
    });
  }
}

/**
 * Many units' reports → one summary (DESIGN §5). Order of the inputs does not matter; nothing is
 * dropped or counted twice without a problem saying so, and every unit gets one true status.
 */
export function consolidate(templates: readonly Template[], inputs: readonly ConsolidationInput[], options: ConsolidateOptions = {}): Summary | undefined {
  const problems: Problem[] = inputs.flatMap((i) => i.problems);
  const sorted: Keyed[] = inputs.map((input) => ({ key: unitKey(input.report), report: input.report, input })).sort(compareKeyed);
  const ledger = new Ledger();

  // The template most units use is the summary's; the others are reported and left out.
  const byTemplate = new Map<string, number>();
  for (const { input } of sorted) byTemplate.set(templateKey(input.report.template), (byTemplate.get(templateKey(input.report.template)) ?? 0) + 1);
  const chosenKey = [...byTemplate.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const template = templates.find((t) => templateKey(t) === chosenKey);
  if (!template) return undefined;

  const errorsOf = (input: ConsolidationInput) => input.problems.filter((p) => p.severity === 'error');
  // The inputs are sorted by key: the copies of one unit are neighbours, no map of groups needed.
  const same: Keyed[] = [];
  for (const keyed of sorted) {
    const { input } = keyed;
    if (templateKey(input.report.template) !== chosenKey) {
      ledger.received(keyed.key, input.report, { included: false, reasons: ['consolidate.templateMismatch'] }, errorsOf(input).length);
      problems.push(
        problem('error', 'consolidate.templateMismatch', whereOf(input.report, '@template'), {
          unit: describeUnit(input.report),
          found: templateKey(input.report.template),
          expected: chosenKey!,
        }),
      );
      continue;
    }
    same.push(keyed);
  }

  const candidates: Keyed[] = [];
  for (let start = 0; start < same.length; ) {
    const head = same[start]!;
    const { key, input: first } = head;
    let end = start + 1;
    while (end < same.length && same[end]!.key === key) end++;
    if (end === start + 1) {
      candidates.push(head);
      start = end;
      continue;
    }
    const group = same.slice(start, end).map((k) => k.input);
    start = end;
    const others = group.slice(1);
    const identical = others.every((o) => sameFigures(template, first.report, o.report));
    const copies = group.map((g) => describeSource(g)).join('; ');
    if (identical) {
      candidates.push(head);
      for (const other of others) {
        ledger.received(key, other.report, { included: false, reasons: ['consolidate.duplicateSame'] }, errorsOf(other).length);
        problems.push(
          problem('warning', other.via || first.via ? 'consolidate.doubleCounted' : 'consolidate.duplicateSame', whereOf(other.report), {
            unit: describeUnit(other.report),
            kept: describeSource(first),
            copies,
          }),
        );
      }
    } else {
      for (const g of group) ledger.received(key, g.report, { included: false, reasons: ['consolidate.duplicateDiffer'] }, errorsOf(g).length);
      problems.push(problem('error', 'consolidate.duplicateDiffer', whereOf(first.report), { unit: describeUnit(first.report), copies }));
    }
  }

  const period = summaryPeriod(candidates, options.period, problems);
  const included: UnitEntry[] = [];
  for (const { key, input } of candidates) {
    const own = [...input.problems];
    if (period && !samePeriod(input.report.meta, period)) {
      own.push(
        problem('error', 'consolidate.periodDiffers', whereOf(input.report, '@from'), {
          unit: describeUnit(input.report),
          found: describePeriod(input.report.meta),
          expected: describePeriod(period),
        }),
      );
      problems.push(own[own.length - 1]!);
    }
    const errors = own.filter((p) => p.severity === 'error');
    if (errors.length > 0 && !options.includeInvalid) {
      ledger.received(key, input.report, { included: false, reasons: errorRules(errors) }, errors.length);
      problems.push(problem('error', 'consolidate.invalidExcluded', whereOf(input.report), { unit: describeUnit(input.report), errors: errors.length }));
      continue;
    }
    const entry: UnitEntry = {
      key,
      report: input.report,
      ...(input.via ? { via: input.via } : {}),
      errorCount: errors.length,
      wrong: errors.length > 0 ? new Set(errors.flatMap((p) => codesOf(p))) : NOTHING_WRONG,
    };
    if (errors.length > 0) {
      problems.push(
        problem('warning', 'consolidate.invalidIncluded', whereOf(input.report), {
          unit: describeUnit(input.report),
          errors: errors.length,
          leftOut: describeLeftOut(leftOutCodes(template, entry)),
        }),
      );
    }
    ledger.received(key, input.report, { included: true }, errors.length);
    included.push(entry);
  }
  // candidates came in key order; this keeps it whatever the grouping did
  included.sort(compareKeyed);

  const refusedKeys = placeRefused(options.refused ?? [], options.roster, ledger);
  checkRoster(options.roster, ledger, refusedKeys, sorted, problems);

  const meta: ReportMeta = { ...(options.meta ?? {}) };
  delete meta.from;
  delete meta.to;
  if (period?.from) meta.from = period.from;
  if (period?.to) meta.to = period.to;

  if (included.length === 0) {
    problems.push(problem('error', 'consolidate.nothing', {}, { seen: ledger.keys().length }));
  }
  const rosterOrder = (options.roster ?? []).map(rosterKey);
  const rows = aggregate(template, included);
  const compared = options.previous ? comparisonFor(template, rows, meta, options.previous) : undefined;
  if (compared) problems.push(...compared.problems);
  return {
    template,
    meta,
    units: ledger.list(rosterOrder),
    included,
    rows,
    problems,
    ...(compared?.comparison ? { comparison: compared.comparison } : {}),
    ...(options.roster ? { rosterSize: new Set(options.roster.map(rosterKey)).size } : {}),
  };
}

/**
 * The summary's period: the one given, else the one most units report. A tie with none given is an
 * error that asks for it, and then no unit is judged by its period.
 */
function summaryPeriod(candidates: readonly Keyed[], given: ConsolidateOptions['period'], problems: Problem[]): ReportMeta | undefined {
  if (given) return { from: given.from, to: given.to };
  const counts = new Map<string, { meta: ReportMeta; units: number }>();
  for (const {
    input: { report },
  } of candidates) {
    if (!hasPeriod(report.meta)) continue;
    const key = periodOf(report.meta);
    const found = counts.get(key);
    if (found) found.units += 1;
    else counts.set(key, { meta: report.meta, units: 1 });
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1].units - a[1].units || a[0].localeCompare(b[0]));
  if (ranked.length === 0) return undefined;
  if (ranked.length > 1 && ranked[0]![1].units === ranked[1]![1].units) {
    const tied = ranked.filter(([, c]) => c.units === ranked[0]![1].units);
    problems.push(
      problem('error', 'consolidate.periodTie', {}, { periods: tied.map(([, c]) => `${describePeriod(c.meta) as string}: ${c.units}`).join('; ') }),
    );
    return undefined;
  }
  const { from, to } = ranked[0]![1].meta;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

const rosterKey = (r: RosterEntry): string => (r.unitCode ? `code:${normalize(r.unitCode)}` : `name:${normalize(r.unit ?? '')}`);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The roster unit whose code a file's name holds (so-noi-vu_SNV.xlsx → SNV), when exactly one does. */
function rosterUnitOfFile(file: string | undefined, roster: readonly RosterEntry[] | undefined): RosterEntry | undefined {
  if (!file || !roster) return undefined;
  const name = file
    .normalize('NFC')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '');
  const matches = roster.filter(
    (r) => r.unitCode && new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(r.unitCode.normalize('NFC'))}(?:$|[^\\p{L}\\p{N}])`, 'iu').test(name),
  );
  const longest = Math.max(0, ...matches.map((r) => r.unitCode!.length));
  const best = matches.filter((r) => r.unitCode!.length === longest);
  return best.length === 1 ? best[0] : undefined;
}

/** Each refused file or sheet under its unit: the one it names, the roster unit its file name holds, or itself. */
function placeRefused(refused: readonly RefusedSource[], roster: readonly RosterEntry[] | undefined, ledger: Ledger): Set<string> {
  const keys = new Set<string>();
  for (const r of refused) {
    const named = r.meta && (r.meta.unitCode || r.meta.unit) ? r.meta : undefined;
    const byFileName = named ? undefined : rosterUnitOfFile(r.source.file, roster);
    const meta: ReportMeta = named ?? (byFileName ? { ...byFileName } : {});
    const key = identityOf(meta, r.source);
    ledger.refused(key, r, meta);
    keys.add(key);
  }
  return keys;
}

function checkRoster(
  roster: readonly RosterEntry[] | undefined,
  ledger: Ledger,
  refusedKeys: ReadonlySet<string>,
  received: readonly Keyed[],
  problems: Problem[],
): void {
  if (!roster) return;
  const matched = new Set<string>();
  for (const entry of roster) {
    const key = rosterKey(entry);
    // a unit that wrote its name but not its code is still the roster's unit of that name
    const byName = entry.unit ? `name:${normalize(entry.unit)}` : undefined;
    const found = ledger.has(key) ? key : byName && ledger.has(byName) && !ledger.get(byName)!.unitCode ? byName : undefined;
    if (found) {
      matched.add(found);
      ledger.expected(found, entry);
      continue;
    }
    ledger.expected(key, entry);
    matched.add(key);
    problems.push(problem('warning', 'consolidate.rosterMissing', {}, { unit: describeNames(entry) }));
  }
  const reportOf = new Map(received.map(({ key, input }) => [key, input.report]));
  for (const key of ledger.keys()) {
    if (matched.has(key)) continue;
    ledger.flag(key, 'notInRoster');
    const report = reportOf.get(key);
    // a file nobody can be named for is reported once, as unreadable, not again as "not on the roster"
    if (report) problems.push(problem('warning', 'consolidate.notInRoster', whereOf(report), { unit: describeUnit(report) }));
    else if (!key.startsWith('at:') && refusedKeys.has(key)) {
      const e = ledger.get(key)!;
      problems.push(problem('warning', 'consolidate.notInRoster', e.source ?? {}, { unit: describeNames(e) }));
    }
  }
}

/** Codes a unit reported as figures but that stay out of the totals. */
export function leftOutCodes(template: Template, unit: UnitEntry): string[] {
  const usable = usableNumbers(template, unit);
  return template.rows
    .filter((row) => row.kind !== 'heading' && row.kind !== 'ratio' && row.kind !== 'text')
    .filter((row) => {
      const v = unit.report.values.get(row.code);
      return v !== undefined && v.kind !== 'blank' && v.kind !== 'na' && !usable.has(row.code);
    })
    .map((row) => row.code);
}

const MAX_CODES_LISTED = 12;
function describeLeftOut(codes: readonly string[]): Localized {
  if (codes.length === 0) return { vi: 'không lỗi nào nằm ở ô số liệu, nên mọi ô được cộng', en: 'no error is in a figure cell, so every cell is added' };
  const list = codes.length > MAX_CODES_LISTED ? `${codes.slice(0, MAX_CODES_LISTED).join(', ')}, …` : codes.join(', ');
  return {
    vi: `không cộng các ô có lỗi hoặc đi cặp với ô có lỗi (${list}), các ô khác được cộng`,
    en: `the cells with an error or paired with one (${list}) are not added, the others are`,
  };
}

/** The figures a unit contributes: numbers that passed their own row's checks. */
function usableNumbers(template: Template, unit: UnitEntry): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of template.rows) {
    if (row.kind === 'heading' || row.kind === 'ratio' || row.kind === 'text') continue;
    // With --include-invalid, no cell that an error names is added.
    if (unit.wrong.has(row.code)) continue;
    const v = unit.report.values.get(row.code);
    if (!v) continue;
    if (row.kind === 'yesno') {
      const yes = interpretYesNo(v);
      if (yes !== undefined) out.set(row.code, yes ? 1 : 0);
    } else if (v.kind === 'number' && Number.isFinite(v.value)) out.set(row.code, v.value);
  }
  // One set of units per ratio: a numerator and its denominator are added together or not at all.
  for (let changed = true; changed; ) {
    changed = false;
    for (const row of template.rows) {
      if (row.kind !== 'ratio' || !row.ratio) continue;
      const { numerator, denominator } = row.ratio;
      if (out.has(numerator) !== out.has(denominator)) {
        out.delete(numerator);
        out.delete(denominator);
        changed = true;
      }
    }
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
