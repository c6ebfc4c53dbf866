import Papa from 'papaparse';
import type { RosterEntry } from '../core/consolidate';

export class RosterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterError';
  }
}

/** Roster CSV with a header `unitCode,unit` (comma, semicolon or tab; UTF-8, BOM allowed). */
export function parseRoster(text: string): RosterEntry[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
    transformHeader: (h) => h.trim(),
  });
  const header = parsed.meta.fields ?? [];
  if (!header.includes('unitCode') && !header.includes('unit')) {
    throw new RosterError(`cần dòng tiêu đề "unitCode,unit" / the roster needs a "unitCode,unit" header (found "${header.join(',')}")`);
  }
  return parsed.data
    .map((r) => ({ unitCode: r.unitCode?.trim(), unit: r.unit?.trim() }))
    .filter((r) => r.unitCode || r.unit)
    .map((r) => ({ ...(r.unitCode ? { unitCode: r.unitCode } : {}), ...(r.unit ? { unit: r.unit } : {}) }));
}
