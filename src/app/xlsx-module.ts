/** Everything that reads or writes .xlsx in the browser, in one lazily loaded chunk. */
export { checkWorkbook, consolidationInputs } from '../xlsx/check';
export { writeSummaryXlsx } from '../xlsx/summary';
export { writeXlsx } from '../xlsx/write';
export { layoutUnitSheet } from '../sheet/layout';
export { readWorkbook } from '../xlsx/workbook';
export { zipFiles } from '../xlsx/zip-files';
