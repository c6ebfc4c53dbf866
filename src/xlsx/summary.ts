import type { Summary } from '../core/consolidate';
import type { Lang } from '../core/template';
import { layoutSummary } from '../sheet/summary';
import { writeXlsx } from './write';

/** A summary → its .xlsx: the consolidated appendix, "Kiểm tra" and "Đơn vị". */
export async function writeSummaryXlsx(summary: Summary, lang: Lang = 'vi'): Promise<Uint8Array> {
  const { sheets, results } = layoutSummary(summary, lang);
  return writeXlsx(sheets, { lang, results });
}
