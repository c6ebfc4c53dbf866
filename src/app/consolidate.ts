import { consolidate, type ConsolidationInput, type RosterEntry, type Summary } from '../core/consolidate';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta } from '../core/report';

export interface SourceInputs {
  readonly inputs: readonly ConsolidationInput[];
  /** problems that kept a file or sheet from being an input at all */
  readonly problems: readonly Problem[];
}

export interface ConsolidateOutcome {
  /** undefined when no unit could be consolidated */
  readonly summary?: Summary;
  /** every problem: of the sources and of the consolidation */
  readonly problems: readonly Problem[];
}

/** What every host does once its sources are read: one summary, with all the problems in it. */
export function consolidateSources(
  registry: TemplateRegistry,
  sources: readonly SourceInputs[],
  options: { includeInvalid: boolean; roster?: readonly RosterEntry[]; meta?: ReportMeta },
): ConsolidateOutcome {
  const sourceProblems = sources.flatMap((s) => s.problems);
  const summary = consolidate(
    registry.list(),
    sources.flatMap((s) => s.inputs),
    { includeInvalid: options.includeInvalid, ...(options.roster ? { roster: options.roster } : {}), ...(options.meta ? { meta: options.meta } : {}) },
  );
  if (!summary) return { problems: [...sourceProblems, problem('error', 'consolidate.nothing', {}, { seen: 0 })] };
  const problems = [...sourceProblems, ...summary.problems];
  if (summary.included.length === 0) return { problems };
  return { summary: { ...summary, problems }, problems };
}
