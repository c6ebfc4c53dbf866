/**
 * What the engines need of a template, without the schema that checks it: code that only reads
 * templates (the readers, a worker thread) loads this and not zod.
 */
export type RowKind = 'heading' | 'count' | 'number' | 'percent' | 'yesno' | 'ratio' | 'text';
export type Aggregation = 'sum' | 'ratio' | 'mean' | 'share' | 'none';
export type Severity = 'error' | 'warning';
export type Lang = 'vi' | 'en';

export interface Localized {
  readonly vi: string;
  readonly en?: string;
}

export type Rule =
  | { readonly type: 'le'; readonly other: string; readonly severity: Severity }
  | { readonly type: 'ge'; readonly other: string; readonly severity: Severity }
  | { readonly type: 'sum'; readonly parts: readonly string[]; readonly severity: Severity }
  | { readonly type: 'zeroWhenNo'; readonly when: string; readonly severity: Severity };
export type RuleType = Rule['type'];

export interface TemplateRow {
  readonly code: string;
  readonly kind: RowKind;
  readonly label: Localized;
  readonly unit?: Localized;
  readonly level?: 1 | 2;
  readonly aggregation: Aggregation;
  readonly min?: number;
  readonly max?: number;
  readonly required: boolean;
  /** mayExceed100: a rate that can pass 100 %; otherwise numerator ≤ denominator is implied */
  readonly ratio?: { readonly numerator: string; readonly denominator: string; readonly mayExceed100?: boolean };
  readonly rules: readonly Rule[];
}

export interface NarrativeSentence {
  /** {code} is the row's figure; [ … ] is left out when a figure inside has no data */
  readonly text: Localized;
  /** said when a figure outside [ … ] has no data; without it the sentence is left out */
  readonly noData?: Localized;
}

export interface ReportSection {
  readonly heading: Localized;
  readonly level: 1 | 2 | 3;
  readonly sentences: readonly NarrativeSentence[];
}

export interface ReportOutline {
  /** what the report is about, under "BÁO CÁO" */
  readonly subject: Localized;
  readonly sections: readonly ReportSection[];
}

export interface Template {
  readonly id: string;
  readonly version: number;
  readonly title: Localized;
  readonly source?: Localized;
  readonly defaultPeriod?: { readonly from: string; readonly to: string };
  readonly rows: readonly TemplateRow[];
  /** the narrative report this appendix belongs to */
  readonly report?: ReportOutline;
  /** rows by code, for the engines */
  readonly byCode: ReadonlyMap<string, TemplateRow>;
}

export const templateKey = (t: { id: string; version: number }): string => `${t.id}@${t.version}`;

export function parseTemplateKey(text: string): { id: string; version: number } | undefined {
  const m = /^\s*([a-z0-9][a-z0-9-]*)\s*@\s*(\d+)\s*$/i.exec(text);
  if (!m) return undefined;
  return { id: m[1]!.toLowerCase(), version: Number(m[2]) };
}

export function localize(text: Localized, lang: Lang): string {
  return lang === 'en' && text.en ? text.en : text.vi;
}

const inputIndexes = new WeakMap<Template, ReadonlyMap<string, number>>();

/** Positions of a template's value rows (inputs, not headings or ratios), shared by its reports. */
export function inputIndex(template: Template): ReadonlyMap<string, number> {
  let index = inputIndexes.get(template);
  if (!index) {
    index = new Map(template.rows.filter((r) => r.kind !== 'heading' && r.kind !== 'ratio').map((r, i) => [r.code, i]));
    inputIndexes.set(template, index);
  }
  return index;
}

/**
 * What a template says, as one text: two templates with the same id@version but a different
 * fingerprint are two different forms under one name (a carried template against a user's file).
 */
export function templateFingerprint(t: Template): string {
  // keys in a fixed order, so that the same template always gives the same text
  return JSON.stringify(templateData(t), (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** A template as the JSON a user's file holds (what it says, not the engines' indexes): what workbooks carry. */
export function templateJson(t: Template): string {
  return JSON.stringify(templateData(t));
}

/** What a template says, without the index the engines build from it. */
function templateData(t: Template): Omit<Template, 'byCode'> {
  const { byCode: _byCode, ...data } = t;
  return data;
}

/** A template read from a workbook, validated by the template schema: the template, or why not (in the reader's words). */
export type TemplateDefiner = (input: unknown) => { readonly template: Template } | { readonly issues: Localized };
