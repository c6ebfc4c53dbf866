import type { Summary } from '../core/consolidate';
import type { ProblemInstructions } from '../core/i18n/messages';
import type { Lang } from '../core/model';
import { layoutSummary } from '../sheet/summary';
import { withCarrier } from '../sheet/carrier';
import { streamSheetsXlsx, writeSheetsXlsx, type SheetsWriteOptions } from './write-sheets';

export type SummaryWriteOptions = Pick<SheetsWriteOptions, 'deflateChunk'> & { how?: ProblemInstructions };

/** A summary → its .xlsx: the consolidated appendix, the per-unit breakdown, "Kiểm tra" and "Đơn vị". */
export async function writeSummaryXlsx(summary: Summary, lang: Lang = 'vi', options: SummaryWriteOptions = {}): Promise<Uint8Array> {
  const { how, ...writeOptions } = options;
  const { sheets, results } = layoutSummary(summary, lang, how);
  return writeSheetsXlsx(withCarrier(sheets, summary.template), { ...writeOptions, lang, results });
}

/** The same .xlsx handed to `sink` piece by piece, never whole in memory. */
export async function streamSummaryXlsx(
  summary: Summary,
  sink: (chunk: Uint8Array) => void,
  lang: Lang = 'vi',
  options: SummaryWriteOptions = {},
): Promise<void> {
  const { how, ...writeOptions } = options;
  const { sheets, results } = layoutSummary(summary, lang, how);
  // a summary of a user's template carries it too, so the level above needs no JSON either
  await streamSheetsXlsx(withCarrier(sheets, summary.template), sink, { ...writeOptions, lang, results });
}
