import type { Summary } from '../core/consolidate';
import type { Lang } from '../core/template';
import { layoutSummary } from '../sheet/summary';
import { writeXlsx, type WriteOptions } from './write';
import type { SheetLayout } from '../sheet/grid';

type Writer = (sheets: readonly SheetLayout[], options: WriteOptions) => Promise<Uint8Array>;

/** A summary → its .xlsx: the consolidated appendix, "Kiểm tra" and "Đơn vị". */
export async function writeSummaryXlsx(summary: Summary, lang: Lang = 'vi', write: Writer = writeXlsx): Promise<Uint8Array> {
  const { sheets, results } = layoutSummary(summary, lang);
  return write(sheets, { lang, results });
}
