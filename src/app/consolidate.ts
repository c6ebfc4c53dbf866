import { consolidate, type ConsolidateOptions, type ConsolidationInput, type RefusedSource, type Summary } from '../core/consolidate';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { templateKey, type Template } from '../core/model';

export interface SourceInputs {
  readonly inputs: readonly ConsolidationInput[];
  /** problems that kept a file or sheet from being an input at all */
  readonly problems: readonly Problem[];
  /** the files and sheets those problems kept out, so that their units get a true status */
  readonly refused?: readonly RefusedSource[];
  /** templates the sources were read with that the registry does not hold (carried by the files) */
  readonly templates?: readonly Template[];
}

/** The registry's templates and those the sources brought, each once. */
export function templatesOf(registry: TemplateRegistry, sources: readonly SourceInputs[]): Template[] {
  const all = new Map(registry.list().map((t) => [templateKey(t), t]));
  for (const t of sources.flatMap((s) => s.templates ?? [])) if (!all.has(templateKey(t))) all.set(templateKey(t), t);
  return [...all.values()];
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
  options: Omit<ConsolidateOptions, 'refused'> & { readonly includeInvalid: boolean },
): ConsolidateOutcome {
  const sourceProblems = sources.flatMap((s) => s.problems);
  const summary = consolidate(
    templatesOf(registry, sources),
    sources.flatMap((s) => s.inputs),
    { ...options, refused: sources.flatMap((s) => s.refused ?? []) },
  );
  if (!summary) return { problems: [...sourceProblems, problem('error', 'consolidate.nothing', {}, { seen: 0 })] };
  const problems = [...sourceProblems, ...summary.problems];
  if (summary.included.length === 0) return { problems };
  return { summary: { ...summary, problems }, problems };
}
