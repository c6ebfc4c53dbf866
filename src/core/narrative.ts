import type { Comparison, RowChange } from './compare';
import { shareOf, type RowAggregate } from './consolidate';
import { formatNumber, formatPercent } from './numfmt';
import { NARRATIVE_WORDS } from './i18n/narrative-words';
import { localize, type Lang, type NarrativeSentence, type Template, type TemplateRow } from './model';

/** The figures a narrative is written from: a summary's rows, or one unit's as a summary of one. */
export interface NarrativeSource {
  readonly template: Template;
  readonly rows: ReadonlyMap<string, RowAggregate>;
  /** a summary of several units (averages are then called averages, yes/no rows are counts) */
  readonly isSummary: boolean;
  /** the same period before: each sentence then says how its figures moved */
  readonly comparison?: Comparison;
  /** how many units the figures should come from, and how many were held back (summaries) */
  readonly coverage?: { readonly expected: number; readonly excluded: number };
}

export interface NarrativeSection {
  readonly heading: string;
  readonly level: 1 | 2 | 3;
  /** the sentences with their figures; empty where the outline leaves the writing to people */
  readonly paragraphs: readonly string[];
  /** the outline has sentences here, but no unit reported any of their figures */
  readonly withoutData: boolean;
}

/** A row's figure as the report writes it, or undefined when nobody reported it. */
export function figureText(row: TemplateRow, agg: RowAggregate | undefined, source: NarrativeSource, lang: Lang): string | undefined {
  const w = NARRATIVE_WORDS[lang];
  if (!agg) return undefined;
  if (agg.value === null) return agg.notApplicable > 0 && agg.reported === 0 ? w.notApplicable : undefined;
  switch (row.kind) {
    case 'ratio':
      return formatPercent(agg.value, lang);
    case 'percent':
      return formatPercent(agg.value, lang) + (source.isSummary && agg.reported > 1 ? w.mean(agg.reported) : '');
    case 'yesno':
      if (!source.isSummary) return agg.value >= 1 ? w.yes : w.no;
      return w.share(agg.value, agg.reported, formatPercent(shareOf(agg) ?? 0, lang));
    default:
      return formatNumber(agg.value, lang);
  }
}

/**
 * One sentence pattern with its figures: {code} is replaced by the figure; a [ … ] part is left
 * out when a figure in it has no data; when a figure outside has none, the sentence says so if
 * the template says how (noData), and is left out otherwise. Never a 0 for "not reported".
 */
export function renderSentence(sentence: NarrativeSentence, source: NarrativeSource, lang: Lang): string | undefined {
  return sentenceWithCodes(sentence, source, lang)?.text;
}

/** A sentence and the codes whose figures it gives (for what is said about them after). */
function sentenceWithCodes(sentence: NarrativeSentence, source: NarrativeSource, lang: Lang): { text: string; codes: string[] } | undefined {
  const pattern = localize(sentence.text, lang);
  const notApplicable = NARRATIVE_WORDS[lang].notApplicable;
  type Filled = { text: string; codes: string[] } | { missing: true } | { notApplicable: true };
  const fill = (part: string): Filled => {
    let missing = false;
    let na = false;
    const codes: string[] = [];
    const text = part.replace(/\{([^}]*)\}/g, (_, code: string) => {
      const row = source.template.byCode.get(code);
      const figure = row ? figureText(row, source.rows.get(code), source, lang) : undefined;
      if (figure === undefined) missing = true;
      else if (figure === notApplicable) na = true;
      else codes.push(code);
      return figure ?? '';
    });
    return missing ? { missing: true } : na ? { notApplicable: true } : { text, codes };
  };
  let out = '';
  const codes: string[] = [];
  for (const m of pattern.matchAll(/\[([^\]]*)\]|[^[]+/g)) {
    if (m[1] !== undefined) {
      const optional = fill(m[1]);
      if ('text' in optional) {
        out += optional.text;
        codes.push(...optional.codes);
      }
      continue;
    }
    const required = fill(m[0]);
    if ('missing' in required) return sentence.noData ? { text: localize(sentence.noData, lang), codes: [] } : undefined;
    // "Hội nghị đối thoại cấp xã: không áp dụng." rather than a figure followed by its unit
    if ('notApplicable' in required) return { text: `${pattern.slice(0, pattern.indexOf('{')).trimEnd()} ${notApplicable}.`, codes: [] };
    out += required.text;
    codes.push(...required.codes);
  }
  return { text: withAfterwords(out, [changeWords(codes, source, lang), coverageWords(codes, source, lang)].join('')), codes };
}

/** What is said after a sentence's figures goes before its final full stop. */
function withAfterwords(text: string, words: string): string {
  if (!words) return text;
  const end = /[.;:]\s*$/.exec(text);
  return end ? `${text.slice(0, end.index)}${words}${text.slice(end.index)}` : `${text}${words}`;
}

/**
 * How a sentence's figures moved since the same period before: the rates it gives (in percentage
 * points), else its counts (by how many, and by what percent of the earlier figure). An earlier
 * figure of 0 or none is said as it is, never as "tăng ∞ %".
 */
function changeWords(codes: readonly string[], source: NarrativeSource, lang: Lang): string {
  const comparison = source.comparison;
  if (!comparison) return '';
  const w = NARRATIVE_WORDS[lang];
  const rows = codes.map((c) => source.template.byCode.get(c)).filter((r): r is TemplateRow => r !== undefined && r.kind !== 'yesno');
  const rates = rows.filter((r) => r.kind === 'ratio' || r.kind === 'percent');
  const chosen = (rates.length > 0 ? rates : rows).slice(0, 3);
  const clauses = chosen.map((row) => changeClause(row, comparison.changes.get(row.code), lang)).filter((c): c is string => c !== undefined);
  if (clauses.length === 0) return '';
  if (clauses.every((c) => c === w.noPrevious)) return ` (${w.noPrevious})`;
  if (clauses.length === 1) return w.sameOne(clauses[0]!);
  // "so với cùng kỳ: tăng 2 đoàn (20%); chưa có số liệu"
  return w.sameMany(clauses.map((c) => (c === w.noPrevious ? w.noPreviousShort : c)).join('; '));
}

function changeClause(row: TemplateRow, change: RowChange | undefined, lang: Lang): string | undefined {
  const w = NARRATIVE_WORDS[lang];
  if (!change) return undefined;
  if (change.previous === null) return w.noPrevious;
  if (change.diff === null) return undefined;
  if (change.diff === 0) return w.unchanged;
  const verb = change.diff > 0 ? w.up : w.down;
  const size = Math.abs(change.diff);
  if (change.points) return `${verb} ${formatNumber(size, lang, { maxDecimals: 2 })} ${w.points}`;
  const unit = row.unit ? ` ${localize(row.unit, lang)}` : '';
  const share =
    change.percent !== null ? ` (${formatPercent(Math.abs(change.percent), lang, { maxDecimals: 1 })})` : change.previous === 0 ? ` (${w.previousZero})` : '';
  return `${verb} ${formatNumber(size, lang)}${unit}${share}`;
}

/** "(số liệu của 18/21 đơn vị)" when fewer units gave a sentence's figures than were expected. */
function coverageWords(codes: readonly string[], source: NarrativeSource, lang: Lang): string {
  const coverage = source.coverage;
  if (!coverage || !source.isSummary || codes.length === 0) return '';
  const counted = codes.flatMap((code) => {
    const row = source.template.byCode.get(code);
    // a rate's units are those of its numerator and denominator
    return row?.kind === 'ratio' && row.ratio ? [row.ratio.numerator, row.ratio.denominator] : [code];
  });
  const reported = Math.min(...counted.map((code) => source.rows.get(code)?.reported ?? 0));
  return reported < coverage.expected ? NARRATIVE_WORDS[lang].coverage(reported, coverage.expected) : '';
}

/** The report's outline with every sentence the figures allow. */
export function renderNarrative(source: NarrativeSource, lang: Lang): NarrativeSection[] {
  const outline = source.template.report;
  if (!outline) return [];
  return outline.sections.map((section) => {
    const rendered = section.sentences.map((s) => sentenceWithCodes(s, source, lang)).filter((s): s is { text: string; codes: string[] } => s !== undefined);
    const paragraphs = rendered.map((r) => r.text);
    const withoutData = section.sentences.length > 0 && paragraphs.length === 0;
    // figures of 0 that may only be 0 because the units that had them were held back
    const codes = rendered.flatMap((r) => r.codes);
    const excluded = source.coverage?.excluded ?? 0;
    if (source.isSummary && excluded > 0 && codes.length > 0 && codes.every((code) => source.rows.get(code)?.value === 0)) {
      paragraphs.push(NARRATIVE_WORDS[lang].zerosExcluded(excluded));
    }
    return {
      heading: localize(section.heading, lang),
      level: section.level,
      paragraphs: withoutData ? [NARRATIVE_WORDS[lang].noData] : paragraphs,
      withoutData,
    };
  });
}

/** The narrative as plain text: headings and paragraphs, blank lines between. */
export function narrativeText(sections: readonly NarrativeSection[]): string {
  return sections.map((s) => [s.heading, ...s.paragraphs].join('\n')).join('\n\n');
}
