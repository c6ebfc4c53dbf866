import { shareOf, type RowAggregate } from './consolidate';
import { formatNumber, formatPercent } from './numfmt';
import { localize, type Lang, type NarrativeSentence, type Template, type TemplateRow } from './model';

/** The figures a narrative is written from: a summary's rows, or one unit's as a summary of one. */
export interface NarrativeSource {
  readonly template: Template;
  readonly rows: ReadonlyMap<string, RowAggregate>;
  /** a summary of several units (averages are then called averages, yes/no rows are counts) */
  readonly isSummary: boolean;
}

export interface NarrativeSection {
  readonly heading: string;
  readonly level: 1 | 2 | 3;
  /** the sentences with their figures; empty where the outline leaves the writing to people */
  readonly paragraphs: readonly string[];
  /** the outline has sentences here, but no unit reported any of their figures */
  readonly withoutData: boolean;
}

const WORDS = {
  vi: {
    notApplicable: 'không áp dụng',
    yes: 'Có',
    no: 'Không',
    mean: (n: number) => ` (bình quân của ${n} đơn vị)`,
    share: (yes: number, answered: number, share: string) => `có ${yes}/${answered} đơn vị (${share})`,
    noData: 'Chưa có số liệu.',
  },
  en: {
    notApplicable: 'not applicable',
    yes: 'yes',
    no: 'no',
    mean: (n: number) => ` (average of ${n} units)`,
    share: (yes: number, answered: number, share: string) => `yes in ${yes} of ${answered} units (${share})`,
    noData: 'No figures yet.',
  },
} as const;

/** A row's figure as the report writes it, or undefined when nobody reported it. */
export function figureText(row: TemplateRow, agg: RowAggregate | undefined, source: NarrativeSource, lang: Lang): string | undefined {
  const w = WORDS[lang];
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
  const pattern = localize(sentence.text, lang);
  const notApplicable = WORDS[lang].notApplicable;
  type Filled = { text: string } | { missing: true } | { notApplicable: true };
  const fill = (part: string): Filled => {
    let missing = false;
    let na = false;
    const text = part.replace(/\{([^}]*)\}/g, (_, code: string) => {
      const row = source.template.byCode.get(code);
      const figure = row ? figureText(row, source.rows.get(code), source, lang) : undefined;
      if (figure === undefined) missing = true;
      else if (figure === notApplicable) na = true;
      return figure ?? '';
    });
    return missing ? { missing: true } : na ? { notApplicable: true } : { text };
  };
  let out = '';
  for (const m of pattern.matchAll(/\[([^\]]*)\]|[^[]+/g)) {
    if (m[1] !== undefined) {
      const optional = fill(m[1]);
      if ('text' in optional) out += optional.text;
      continue;
    }
    const required = fill(m[0]);
    if ('missing' in required) return sentence.noData ? localize(sentence.noData, lang) : undefined;
    // "Hội nghị đối thoại cấp xã: không áp dụng." rather than a figure followed by its unit
    if ('notApplicable' in required) return `${pattern.slice(0, pattern.indexOf('{')).trimEnd()} ${notApplicable}.`;
    out += required.text;
  }
  return out;
}

/** The report's outline with every sentence the figures allow. */
export function renderNarrative(source: NarrativeSource, lang: Lang): NarrativeSection[] {
  const outline = source.template.report;
  if (!outline) return [];
  return outline.sections.map((section) => {
    const paragraphs = section.sentences.map((s) => renderSentence(s, source, lang)).filter((s): s is string => s !== undefined);
    const withoutData = section.sentences.length > 0 && paragraphs.length === 0;
    return { heading: localize(section.heading, lang), level: section.level, paragraphs: withoutData ? [WORDS[lang].noData] : paragraphs, withoutData };
  });
}

/** The narrative as plain text: headings and paragraphs, blank lines between. */
export function narrativeText(sections: readonly NarrativeSection[]): string {
  return sections.map((s) => [s.heading, ...s.paragraphs].join('\n')).join('\n\n');
}
