import { comparisonFor, compareFigures, previousFiguresOf, type Comparison, type PreviousFigures } from '../core/compare';
import { consolidate } from '../core/consolidate';
import type { NarrativeSource } from '../core/narrative';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta } from '../core/report';
import type { CheckedWorkbook } from '../sheet/check';

export interface NarrativeInput {
  readonly source?: NarrativeSource;
  /** the report's unit and period (a summary's consolidating body, or the unit's own) */
  readonly meta: ReportMeta;
  readonly problems: readonly Problem[];
}

/**
 * The figures a narrative is written from, out of a checked workbook: a summary is consolidated
 * again from its leaves (its averages and yes/no shares need the units), a unit's report is a
 * summary of one. Cells that fail their own checks are left out, as in consolidation. The
 * comparison with the same period before is `previous` when given, else the one the summary
 * holds; a summary's coverage (units expected, units held back) comes with it.
 */
export function narrativeInputOf(checked: CheckedWorkbook, registry: TemplateRegistry, previous?: PreviousFigures): NarrativeInput {
  const sheet = checked.sheets.find((s) => s.leaves && s.template) ?? checked.sheets.find((s) => s.report && s.template);
  if (!sheet?.report || !sheet.template) {
    return { meta: {}, problems: checked.problems.length > 0 ? checked.problems : [problem('error', 'file.noAppendix', { file: checked.file })] };
  }
  const { report, template } = sheet;
  const inputs = sheet.leaves ?? [{ report, problems: sheet.problems }];
  // the sheet's template, also when the file carried it
  const templates = registry.get(template.id, template.version) ? registry.list() : [...registry.list(), template];
  const summary = consolidate(templates, inputs, { includeInvalid: true });
  if (!summary) return { meta: report.meta, problems: checked.problems };
  const problems: Problem[] = [...sheet.problems, ...summary.problems.filter((p) => p.rule.startsWith('consolidate.'))];
  let comparison: Comparison | undefined;
  if (previous) {
    const compared = comparisonFor(template, summary.rows, report.meta, previous);
    comparison = compared.comparison;
    problems.push(...compared.problems);
  } else if (report.previous) {
    comparison = compareFigures(template, summary.rows, { template: report.template, ...report.previous, source: checked.file });
  }
  const isSummary = sheet.leaves !== undefined;
  const counts = report.summary;
  return {
    source: {
      template,
      rows: summary.rows,
      isSummary,
      ...(comparison ? { comparison } : {}),
      ...(isSummary ? { coverage: { expected: counts?.expected ?? summary.included.length, excluded: counts?.excluded ?? 0 } } : {}),
    },
    meta: report.meta,
    problems,
  };
}

/**
 * The same period before, out of a checked workbook (a summary or one unit's appendix, of any
 * earlier period): its figures as the narrative would state them, or the problems that kept them.
 */
export function previousFiguresFrom(checked: CheckedWorkbook, registry: TemplateRegistry): { previous?: PreviousFigures; problems: readonly Problem[] } {
  const read = narrativeInputOf(checked, registry);
  if (!read.source)
    return {
      problems: [...read.problems.filter((p) => p.severity === 'error'), problem('warning', 'compare.nothing', { file: checked.file }, { file: checked.file })],
    };
  return { previous: previousFiguresOf(read.source.template, read.source.rows, read.meta, checked.file), problems: [] };
}
