import { z } from 'zod';
import type { RowKind, Template } from './model';
import { normalizeTemplate } from './normalize';

export * from './model';

// No code generation: the task pane's Content-Security-Policy forbids eval, and zod would probe for it.
z.config({ jitless: true });

/**
 * A template is data: one zod schema, one engine. Nothing in the code branches on a template id.
 * Row kinds:
 *   heading  – a section or sub-section title, holds no value
 *   count    – whole number ≥ 0 (or `x`)
 *   number   – any number, optional bounds
 *   percent  – a number typed by the unit on the 0–100 scale
 *   yesno    – Có (1) / Không (0)
 *   ratio    – computed numerator / denominator × 100, never typed
 *   text     – free text
 */
export const ROW_KINDS = ['heading', 'count', 'number', 'percent', 'yesno', 'ratio', 'text'] as const;

export const AGGREGATIONS = ['sum', 'ratio', 'mean', 'share', 'none'] as const;

const CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;
const code = z.string().regex(CODE_PATTERN, 'a code is letters, digits, ".", "_" or "-", not starting with "@"');

const localized = z.object({ vi: z.string().min(1), en: z.string().min(1).optional() });

const severity = z.enum(['error', 'warning']);

/** Cross-row rules, each naming other rows by code. The row that carries a rule is "this". */
const ruleSchema = z.discriminatedUnion('type', [
  // this ≤ other (e.g. resolved ≤ received)
  z.object({ type: z.literal('le'), other: code, severity: severity.default('error') }),
  // this ≥ other (e.g. persons received ≥ sessions held: warn if fewer)
  z.object({ type: z.literal('ge'), other: code, severity: severity.default('warning') }),
  // this = sum of parts (e.g. total = previous period + this period)
  z.object({ type: z.literal('sum'), parts: z.array(code).min(1), severity: severity.default('error') }),
  // this must be 0 (or blank / x) when the yes/no row `when` is answered Không
  z.object({ type: z.literal('zeroWhenNo'), when: code, severity: severity.default('warning') }),
]);

const rowSchema = z.object({
  code,
  kind: z.enum(ROW_KINDS),
  label: localized,
  unit: localized.optional(),
  /** 1 = section (bold), 2 = sub-section (italic); only for headings */
  level: z.union([z.literal(1), z.literal(2)]).optional(),
  aggregation: z.enum(AGGREGATIONS).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  required: z.boolean().optional(),
  /** mayExceed100: an official rate that can pass 100 % (numerator ≤ denominator is not implied) */
  ratio: z.object({ numerator: code, denominator: code, mayExceed100: z.boolean().optional() }).optional(),
  rules: z.array(ruleSchema).optional(),
});
export type RowInput = z.input<typeof rowSchema>;

const sentenceSchema = z.object({
  /** a pattern: {code} is the row's figure, [ … ] is left out when a figure in it has no data */
  text: localized,
  /** said instead when a figure outside [ … ] has no data; without it the sentence is left out */
  noData: localized.optional(),
});

const reportSectionSchema = z.object({
  heading: localized,
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  sentences: z.array(sentenceSchema).optional(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lower-case letters, digits and "-"'),
    version: z.number().int().positive(),
    title: localized,
    /** The document the appendix belongs to, printed under the title. */
    source: localized.optional(),
    defaultPeriod: z.object({ from: isoDate, to: isoDate }).optional(),
    rows: z.array(rowSchema).min(1),
    /** the narrative report: its subject and outline (the đề cương), with sentence patterns */
    report: z.object({ subject: localized, sections: z.array(reportSectionSchema) }).optional(),
  })
  .superRefine((t, ctx) => {
    const byCode = new Map<string, z.infer<typeof rowSchema>>();
    t.rows.forEach((row, i) => {
      if (byCode.has(row.code)) {
        ctx.addIssue({ code: 'custom', path: ['rows', i, 'code'], message: `duplicate code ${row.code}` });
      }
      byCode.set(row.code, row);
    });
    const refersTo = (i: number, path: (string | number)[], ref: string, kinds: readonly RowKind[]): void => {
      const target = byCode.get(ref);
      if (!target) {
        ctx.addIssue({ code: 'custom', path: ['rows', i, ...path], message: `unknown row ${ref}` });
      } else if (!kinds.includes(target.kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i, ...path],
          message: `row ${ref} is ${target.kind}, expected ${kinds.join(' or ')}`,
        });
      }
    };
    const numeric: RowKind[] = ['count', 'number', 'percent'];
    t.rows.forEach((row, i) => {
      if (row.kind === 'ratio') {
        if (!row.ratio) {
          ctx.addIssue({ code: 'custom', path: ['rows', i, 'ratio'], message: 'a ratio row needs numerator and denominator' });
        } else {
          refersTo(i, ['ratio', 'numerator'], row.ratio.numerator, numeric);
          refersTo(i, ['ratio', 'denominator'], row.ratio.denominator, numeric);
        }
      } else if (row.ratio) {
        ctx.addIssue({ code: 'custom', path: ['rows', i, 'ratio'], message: 'only ratio rows have a ratio' });
      }
      if (row.kind === 'heading' && (row.rules?.length || row.unit)) {
        ctx.addIssue({ code: 'custom', path: ['rows', i], message: 'a heading has no unit and no rules' });
      }
      if (row.min !== undefined && row.max !== undefined && row.min > row.max) {
        ctx.addIssue({ code: 'custom', path: ['rows', i, 'min'], message: 'min is above max' });
      }
      row.rules?.forEach((rule, j) => {
        if (!numeric.includes(row.kind)) {
          ctx.addIssue({ code: 'custom', path: ['rows', i, 'rules', j], message: `rules apply to numeric rows, not ${row.kind}` });
        }
        if (rule.type === 'le' || rule.type === 'ge') refersTo(i, ['rules', j, 'other'], rule.other, numeric);
        if (rule.type === 'sum') rule.parts.forEach((p, k) => refersTo(i, ['rules', j, 'parts', k], p, numeric));
        if (rule.type === 'zeroWhenNo') refersTo(i, ['rules', j, 'when'], rule.when, ['yesno']);
      });
    });
    t.report?.sections.forEach((section, i) =>
      section.sentences?.forEach((sentence, j) => {
        for (const lang of ['vi', 'en'] as const) {
          const text = sentence.text[lang];
          if (text === undefined) continue;
          for (const m of text.matchAll(/\{([^}]*)\}/g)) {
            if (!byCode.has(m[1]!) || byCode.get(m[1]!)!.kind === 'heading') {
              ctx.addIssue({ code: 'custom', path: ['report', 'sections', i, 'sentences', j, 'text', lang], message: `unknown row {${m[1]}}` });
            }
          }
          if ((text.match(/\[/g) ?? []).length !== (text.match(/\]/g) ?? []).length) {
            ctx.addIssue({ code: 'custom', path: ['report', 'sections', i, 'sentences', j, 'text', lang], message: 'unbalanced [ ]' });
          }
        }
      }),
    );
    if (t.defaultPeriod && t.defaultPeriod.from > t.defaultPeriod.to) {
      ctx.addIssue({ code: 'custom', path: ['defaultPeriod'], message: 'from is after to' });
    }
  });

export type TemplateInput = z.input<typeof templateSchema>;

/** Thrown when a template is not valid: a template is code-like data, so misuse is thrown. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Validate and normalise a template: fills in aggregations, the implied bounds of each kind. */
export function defineTemplate(input: unknown): Template {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const id = typeof input === 'object' && input && 'id' in input ? String(input.id) : '?';
    throw new TemplateError(`template ${id} is not valid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
  }
  return normalizeTemplate(parsed.data);
}
