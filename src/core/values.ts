import { MisuseError } from './errors';

/**
 * The value model of one input cell. Blank, 0 and `x` never collapse into one another.
 *   blank  – not reported
 *   number – a reported figure (0 included)
 *   na     – `x`, không áp dụng (not applicable)
 *   text   – text that is not a number (kept so the message can quote it)
 *   error  – a spreadsheet error value such as #DIV/0! or #REF!
 *   bool   – TRUE/FALSE typed into a cell
 *   date   – a date typed into a cell (Excel serial, for the message)
 */
export type CellValue =
  | { readonly kind: 'blank' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'na' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'date'; readonly serial: number };

export const BLANK: CellValue = Object.freeze({ kind: 'blank' });
export const NOT_APPLICABLE: CellValue = Object.freeze({ kind: 'na' });
export const num = (value: number): CellValue => ({ kind: 'number', value });

/** What a spreadsheet reader hands the core: the cell's value and what kind of value it is. */
export interface RawCell {
  /** null = empty cell */
  readonly value: string | number | boolean | null;
  /** error: value is the error text (#DIV/0!); date: value is an Excel serial */
  readonly type?: 'error' | 'date';
  /** the formula without "=", when the cell holds one */
  readonly formula?: string;
  /**
   * the file holds the formula but not its result (written by a program that does not calculate):
   * value is null because the figure is unknown, not because the cell is blank
   */
  readonly uncomputed?: true;
}

const ERROR_VALUES = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#UNKNOWN!',
  '#CONNECT!',
  '#BUSY!',
  '#PYTHON!',
]);

const NA_TEXT = /^[xX]$/;

/** Interpret what the reader found in a value cell. Text is not coerced: that is for validation to report. */
export function interpretCell(cell: RawCell | undefined): CellValue {
  if (!cell || cell.value === null) return BLANK;
  const { value } = cell;
  if (cell.type === 'error') return { kind: 'error', error: String(value) };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') {
    if (cell.type === 'date') return { kind: 'date', serial: value };
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'text', text: String(value) };
  }
  const trimmed = value.trim();
  if (trimmed === '') return BLANK;
  if (NA_TEXT.test(trimmed)) return NOT_APPLICABLE;
  if (ERROR_VALUES.has(trimmed.toUpperCase()) && trimmed === value) return { kind: 'error', error: trimmed.toUpperCase() };
  return { kind: 'text', text: value };
}

/**
 * The number a person probably meant by a text such as "1.234", "12 ", "1,5", "１２" or "1 234".
 * Vietnamese style first: "." groups thousands, "," is the decimal mark. Returns undefined when the
 * text is not a number in any usual writing.
 */
export function probableNumber(text: string): number | undefined {
  let s = text.normalize('NFKC').replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return undefined;
  let sign = 1;
  if (/^[-−–]/.test(s)) {
    sign = -1;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (s.endsWith('%')) s = s.slice(0, -1);
  let n: number | undefined;
  if (/^\d+$/.test(s)) n = Number(s);
  else if (/^\d{1,3}(\.\d{3})+$/.test(s))
    n = Number(s.replace(/\./g, '')); // 1.234 (vi thousands)
  else if (/^\d{1,3}(\.\d{3})*,\d+$/.test(s))
    n = Number(s.replace(/\./g, '').replace(',', '.')); // 1.234,5
  else if (/^\d+,\d+$/.test(s))
    n = Number(s.replace(',', '.')); // 1,5
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s))
    n = Number(s.replace(/,/g, '')); // 1,234 / 1,234.5 (en)
  else if (/^\d*\.\d+$/.test(s)) n = Number(s); // 0.5
  return n === undefined || !Number.isFinite(n) ? undefined : sign * n;
}

/** Có / Không in the ways people write them; 1 and 0 too. */
export function interpretYesNo(value: CellValue): boolean | undefined {
  if (value.kind === 'number') return value.value === 1 ? true : value.value === 0 ? false : undefined;
  if (value.kind === 'bool') return value.value;
  if (value.kind !== 'text') return undefined;
  const t = value.text.normalize('NFC').trim().toLowerCase();
  if (['có', 'co', 'yes', 'y', 'true'].includes(t)) return true;
  if (['không', 'khong', 'ko', 'no', 'n', 'false'].includes(t)) return false;
  return undefined;
}

/** The number of a value, when it is a usable number. */
export const numberOf = (v: CellValue | undefined): number | undefined => (v?.kind === 'number' ? v.value : undefined);

const KIND = { absent: 0, blank: 1, number: 2, na: 3, other: 4 } as const;

/** Hands out zeroed pieces of large typed arrays, as a slab and an offset; a new slab when one is used up. */
class Slab<T extends Uint8Array | Float64Array> {
  private slab: T;
  private used = 0;

  constructor(
    private readonly make: (length: number) => T,
    private readonly length: number,
  ) {
    this.slab = make(length);
  }

  take(size: number): { slab: T; offset: number } {
    if (size > this.length) return { slab: this.make(size), offset: 0 };
    if (this.used + size > this.length) {
      this.slab = this.make(this.length);
      this.used = 0;
    }
    const offset = this.used;
    this.used += size;
    return { slab: this.slab, offset };
  }
}
const slabKinds = new Slab((n) => new Uint8Array(n), 1 << 16);
const slabNumbers = new Slab((n) => new Float64Array(n), 1 << 14);

/**
 * One unit's values by code, packed: a byte and a double a row, at an offset in slabs that many
 * reports share, instead of an object and a map entry a row (or two typed-array views a report,
 * which cost more than the figures they hold), so a secretariat can hold ten thousand reports.
 * Reads as any ReadonlyMap.
 */
export class PackedValues implements ReadonlyMap<string, CellValue> {
  private readonly kinds: Uint8Array;
  private readonly kindsAt: number;
  private readonly numbers: Float64Array;
  private readonly numbersAt: number;
  private other: Map<number, CellValue> | undefined;

  /** `index` (code → position) is shared by every report of a template. */
  constructor(private readonly index: ReadonlyMap<string, number>) {
    const kinds = slabKinds.take(index.size);
    const numbers = slabNumbers.take(index.size);
    this.kinds = kinds.slab;
    this.kindsAt = kinds.offset;
    this.numbers = numbers.slab;
    this.numbersAt = numbers.offset;
  }

  set(code: string, value: CellValue): this {
    const i = this.index.get(code);
    if (i === undefined) throw new MisuseError(`no row ${code} in this template`);
    if (value.kind === 'number') {
      this.kinds[this.kindsAt + i] = KIND.number;
      this.numbers[this.numbersAt + i] = value.value;
    } else if (value.kind === 'blank' || value.kind === 'na') this.kinds[this.kindsAt + i] = KIND[value.kind];
    else {
      this.kinds[this.kindsAt + i] = KIND.other;
      (this.other ??= new Map()).set(i, value);
    }
    return this;
  }

  get(code: string): CellValue | undefined {
    const i = this.index.get(code);
    return i === undefined ? undefined : this.at(i);
  }

  private at(i: number): CellValue | undefined {
    switch (this.kinds[this.kindsAt + i]) {
      case KIND.number:
        return { kind: 'number', value: this.numbers[this.numbersAt + i]! };
      case KIND.blank:
        return BLANK;
      case KIND.na:
        return NOT_APPLICABLE;
      case KIND.other:
        return this.other!.get(i);
      default:
        return undefined;
    }
  }

  has(code: string): boolean {
    const i = this.index.get(code);
    return i !== undefined && this.kinds[this.kindsAt + i] !== KIND.absent;
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.index.size; i++) if (this.kinds[this.kindsAt + i] !== KIND.absent) n++;
    return n;
  }

  *entries(): MapIterator<[string, CellValue]> {
    for (const [code, i] of this.index) {
      const v = this.at(i);
      if (v) yield [code, v];
    }
  }

  *keys(): MapIterator<string> {
    for (const [code] of this.entries()) yield code;
  }

  *values(): MapIterator<CellValue> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, CellValue]> {
    return this.entries();
  }

  forEach(fn: (value: CellValue, key: string, map: ReadonlyMap<string, CellValue>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
