import type { Summary } from '../core/consolidate';
import type { ProblemInstructions } from '../core/i18n/messages';
import type { Lang } from '../core/model';
import { layoutSummary } from '../sheet/summary';
import { writeSheetsXlsx, type SheetsWriteOptions } from './write-sheets';

/** A summary → its .xlsx: the consolidated appendix, the per-unit breakdown, "Kiểm tra" and "Đơn vị". */
export async function writeSummaryXlsx(summary: Summary, lang: Lang = 'vi', options: Pick<SheetsWriteOptions, 'deflateChunk'> & { how?: ProblemInstructions } = {}): Promise<Uint8Array> {
  const { how, ...writeOptions } = options;
  const { sheets, results } = layoutSummary(summary, lang, how);
  return writeSheetsXlsx(sheets, { ...writeOptions, lang, results });
}
