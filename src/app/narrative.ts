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
 * summary of one. Cells that fail their own checks are left out, as in consolidation.
 */
export function narrativeInputOf(checked: CheckedWorkbook, registry: TemplateRegistry): NarrativeInput {
  const sheet = checked.sheets.find((s) => s.leaves && s.template) ?? checked.sheets.find((s) => s.report && s.template);
  if (!sheet?.report || !sheet.template) {
    return { meta: {}, problems: checked.problems.length > 0 ? checked.problems : [problem('error', 'file.noAppendix', { file: checked.file })] };
  }
  const inputs = sheet.leaves ?? [{ report: sheet.report, problems: sheet.problems }];
  const summary = consolidate(registry.list(), inputs, { includeInvalid: true });
  if (!summary) return { meta: sheet.report.meta, problems: checked.problems };
  return {
    source: { template: sheet.template, rows: summary.rows, isSummary: sheet.leaves !== undefined },
    meta: sheet.report.meta,
    problems: [...sheet.problems, ...summary.problems.filter((p) => p.rule.startsWith('consolidate.'))],
  };
}
