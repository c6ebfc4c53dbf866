import { consolidate, type UnitLedgerEntry } from '../core/consolidate';
import type { Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { submissionStatus, type SubmissionStatus } from '../core/status';
import { templatesOf, type SourceInputs } from './consolidate';
import { rosterContacts, type RosterReading } from './roster';
import type { StatusRequest, StatusResult } from './host';

/**
 * Every host's "Tình hình nộp": what was received, read as consolidation reads it, against the
 * roster and the deadline. Nothing received that can be read leaves every roster unit missing.
 */
export function statusOfSources(
  registry: TemplateRegistry,
  sources: readonly SourceInputs[],
  roster: RosterReading & { readonly entries: NonNullable<RosterReading['entries']> },
  options: { readonly today: string; readonly deadline?: string; readonly period?: { readonly from: string; readonly to: string } },
): SubmissionStatus {
  const summary = consolidate(
    templatesOf(registry, sources),
    sources.flatMap((s) => s.inputs),
    { roster: roster.entries, refused: sources.flatMap((s) => s.refused ?? []), ...(options.period ? { period: options.period } : {}) },
  );
  const units: readonly UnitLedgerEntry[] =
    summary?.units ?? roster.entries.map((e, i) => ({ key: `roster:${i}`, ...e, status: 'missing' as const, flags: [], reasons: [], errorCount: 0 }));
  const problems: Problem[] = [...(summary?.problems ?? []), ...sources.flatMap((s) => s.problems)];
  return submissionStatus(
    { units, problems },
    { today: options.today, ...(options.deadline ? { deadline: options.deadline } : {}), contactsOf: rosterContacts(roster) },
  );
}

/** A host's answer to "Tình hình nộp" once its sources are read: the status, the roster's contact headers, the roster's problems. */
export function statusResultOf(
  registry: TemplateRegistry,
  sources: readonly SourceInputs[],
  roster: RosterReading & { readonly entries: NonNullable<RosterReading['entries']> },
  request: Pick<StatusRequest, 'today' | 'deadline' | 'period'>,
): StatusResult {
  const status = statusOfSources(registry, sources, roster, {
    today: request.today,
    ...(request.deadline ? { deadline: request.deadline } : {}),
    ...(request.period ? { period: request.period } : {}),
  });
  return { status, contactHeaders: roster.extra?.headers ?? [], problems: roster.problems };
}
