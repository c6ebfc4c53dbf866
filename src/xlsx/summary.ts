import type { Summary } from '../core/consolidate';
import type { Lang } from '../core/model';
import { layoutSummary } from '../sheet/summary';
import { writeSheetsXlsx, type SheetsWriteOptions } from './write-sheets';

/** A summary → its .xlsx: the consolidated appendix, the per-unit breakdown, "Kiểm tra" and "Đơn vị". */
export async function writeSummaryXlsx(summary: Summary, lang: Lang = 'vi', options: Pick<SheetsWriteOptions, 'deflateChunk'> = {}): Promise<Uint8Array> {
  const { sheets, results } = layoutSummary(summary, lang);
  return writeSheetsXlsx(sheets, { ...options, lang, results });
}
