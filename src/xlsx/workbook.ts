import { holdsOpenDocument, readOds, startsAsOpenDocument } from './ods';
import { DEFAULT_LIMITS, readXlsx, type CellsWanted, type ReadLimits, type ReadResult } from './read';

/**
 * A workbook's bytes → its values, .xlsx or .ods, told apart by what the bytes hold and never by
 * the file's name: a unit may send an .ods renamed .xlsx, or the other way round.
 */
export function readWorkbook(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS, cells: CellsWanted = 'all'): ReadResult {
  if (startsAsOpenDocument(bytes)) return readOds(bytes, limits);
  const read = readXlsx(bytes, limits, cells);
  // An OpenDocument package whose mimetype entry is not first (rezipped by another tool): the .xlsx reader finds no workbook in it.
  if (!read.ok && read.rule === 'file.notXlsx' && holdsOpenDocument(bytes)) return readOds(bytes, limits);
  return read;
}
