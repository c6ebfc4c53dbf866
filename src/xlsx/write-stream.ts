import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { SheetLayout } from '../sheet/grid';
import { renderSheet, sheetOptions, type WriteOptions } from './write';

/**
 * The same workbook as writeXlsx, through exceljs's streaming writer (Node only): rows are
 * written as they are made, so a summary of thousands of units is written fast and in little memory.
 */
export async function writeXlsxStream(sheets: readonly SheetLayout[], options: WriteOptions = {}): Promise<Uint8Array> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Light compression: a summary is written once and read a few times; the time matters more here.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as unknown as ExcelJS.stream.xlsx.WorkbookStreamWriterOptions);
  workbook.creator = options.creator ?? 'Phụ lục';
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  for (const layout of sheets) {
    const ws = workbook.addWorksheet(layout.name, sheetOptions(layout));
    // Each row is handed to the zip stream before the next is made, so memory holds one row, not the sheet.
    await renderSheet(ws, layout, options, async (row) => {
      row.commit();
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    ws.commit();
  }
  await workbook.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
