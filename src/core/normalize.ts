import type { Aggregation, Rule, RowKind, Severity, Template, TemplateRow } from './model';
import type { TemplateInput } from './template';

/**
 * A template's data → the Template the engines read: aggregations, the implied bounds of each kind
 * and the rules' default severities filled in. No zod here: the built-in templates, checked against
 * the schema by the tests, are read through this alone, so a command that only reads files never
 * loads the schema.
 */
export function normalizeTemplate(t: TemplateInput): Template {
  const rows: TemplateRow[] = t.rows.map((r) => {
    const implied = impliedBounds(r.kind);
    const min = r.min ?? implied.min;
    const max = r.max ?? implied.max;
    return {
      code: r.code,
      kind: r.kind,
      label: r.label,
      ...(r.unit ? { unit: r.unit } : {}),
      ...(r.level ? { level: r.level } : {}),
      aggregation: r.aggregation ?? DEFAULT_AGGREGATION[r.kind],
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      required: r.required ?? false,
      ...(r.ratio ? { ratio: r.ratio } : {}),
      rules: (r.rules ?? []).map(withSeverity),
    };
  });
  return {
    id: t.id,
    version: t.version,
    title: t.title,
    ...(t.source ? { source: t.source } : {}),
    ...(t.defaultPeriod ? { defaultPeriod: t.defaultPeriod } : {}),
    ...(t.report
      ? {
          report: {
            subject: t.report.subject,
            sections: t.report.sections.map((s) => ({ heading: s.heading, level: s.level, sentences: s.sentences ?? [] })),
          },
        }
      : {}),
    rows,
    byCode: new Map(rows.map((r) => [r.code, r])),
  };
}

/** What a row of each kind aggregates to unless it says otherwise. */
export const DEFAULT_AGGREGATION: Readonly<Record<RowKind, Aggregation>> = {
  heading: 'none',
  count: 'sum',
  number: 'sum',
  percent: 'mean',
  yesno: 'share',
  ratio: 'ratio',
  text: 'none',
};

/** A broken ≤ or sum is an error; a ≥ or "zero when Không" only asks for a look. */
const DEFAULT_SEVERITY: Readonly<Record<Rule['type'], Severity>> = { le: 'error', ge: 'warning', sum: 'error', zeroWhenNo: 'warning' };

type RuleInput = NonNullable<TemplateInput['rows'][number]['rules']>[number];
const withSeverity = (rule: RuleInput): Rule => ({ ...rule, severity: rule.severity ?? DEFAULT_SEVERITY[rule.type] });

function impliedBounds(kind: RowKind): { min?: number; max?: number } {
  if (kind === 'count') return { min: 0 };
  if (kind === 'percent') return { min: 0, max: 100 };
  return {};
}
