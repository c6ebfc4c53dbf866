import { formatDateVi, parseDateText, serialToIso } from '../core/dates';
import { clipText, problem, type Problem, type Where } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta, UnitReport } from '../core/report';
import { inputIndex, parseTemplateKey, templateKey, type Template } from '../core/model';
import { interpretCell, PackedValues, type RawCell } from '../core/values';
import { COL, META_KEYS, PREVIOUS_KEYS, a1, columnName, parseA1, type SheetData } from './grid';
import { BREAKDOWN_KEYS, FIRST_UNIT_COLUMN, LINEAGE_KEYS, PREVIOUS_COLUMN, SUMMARY_KEYS } from './summary';

export interface SheetReading {
  /** absent when the sheet cannot be read as a report of a known template */
  readonly report?: UnitReport;
  readonly template?: Template;
  readonly problems: Problem[];
  /** every key of column A with its 0-based rows, for adapters that read more (summaries) */
  readonly keys: ReadonlyMap<string, readonly number[]>;
  /** who the sheet says sent it, also when it cannot be read as a report */
  readonly meta?: ReportMeta;
}

/**
 * The `@template` text → the registry's template. "ct37@1" as written by the tools; "ct37" retyped
 * by hand is taken when the template has one version only, with a warning.
 */
function resolveTemplate(
  text: string,
  registry: TemplateRegistry,
  where: Where,
): { template: Template; problem?: Problem } | { template?: undefined; problem: Problem } {
  const bareId = /^\s*([a-z0-9][a-z0-9-]*)\s*$/i.exec(text)?.[1]?.toLowerCase();
  if (bareId !== undefined) {
    const versions = registry.versionsOf(bareId);
    const only = versions.length === 1 ? registry.get(bareId, versions[0]!) : undefined;
    if (only)
      return { template: only, problem: problem('warning', 'sheet.templateNoVersion', where, { value: clipText(text.trim()), key: templateKey(only) }) };
  }
  const parsedKey = parseTemplateKey(text);
  if (!parsedKey) {
    const versions = bareId !== undefined ? registry.versionsOf(bareId) : [];
    return {
      problem: problem('error', 'sheet.templateMalformed', where, {
        value: clipText(text),
        known: (versions.length > 0 ? versions.map((v) => `${bareId}@${v}`) : registry.list().map(templateKey)).join(', '),
      }),
    };
  }
  const template = registry.get(parsedKey.id, parsedKey.version);
  if (template) return { template };
  const versions = registry.versionsOf(parsedKey.id);
  return {
    problem:
      versions.length === 0
        ? problem('error', 'sheet.templateUnknown', where, { id: clipText(parsedKey.id), known: registry.list().map(templateKey).join(', ') })
        : problem('error', 'sheet.templateVersion', where, { id: clipText(parsedKey.id), version: parsedKey.version, known: versions.join(', ') }),
  };
}

/** The unit and period rows (@unit, @unitCode, @from, @to), wherever they are in column A. */
function readMeta(
  sheet: SheetData,
  keys: ReadonlyMap<string, readonly number[]>,
  where: Where,
  date1904: boolean,
): { meta: ReportMeta; metaCells: Map<string, string>; problems: Problem[] } {
  const problems: Problem[] = [];
  const metaCells = new Map<string, string>();
  const cellOf = (key: string): RawCell | undefined => {
    const row = keys.get(key)?.[0];
    if (row === undefined) return undefined;
    metaCells.set(key, a1(row, COL.value));
    return sheet.rows[row]?.[COL.value];
  };
  const at = (key: string): Where => (metaCells.has(key) ? { ...where, cell: metaCells.get(key)! } : where);
  const metaText = (key: string): string | undefined => {
    const cell = cellOf(key);
    if (!cell || cell.value === null) return undefined;
    const text = String(cell.value).trim();
    return text === '' ? undefined : own(text);
  };
  const metaDate = (key: string): string | undefined => {
    const cell = cellOf(key);
    if (!cell || cell.value === null || cell.value === '') return undefined;
    const iso = dateOfCell(cell, date1904);
    if (iso === undefined)
      problems.push(
        problem('warning', 'sheet.periodInvalid', at(key), { key, value: typeof cell.value === 'number' ? cell.value : clipText(String(cell.value)) }),
      );
    return iso === undefined ? undefined : internedDate(iso);
  };

  const meta: ReportMeta = {};
  const unit = metaText(META_KEYS.unit);
  const unitCode = metaText(META_KEYS.unitCode);
  const from = metaDate(META_KEYS.from);
  const to = metaDate(META_KEYS.to);
  if (unit !== undefined) meta.unit = unit;
  if (unitCode !== undefined) meta.unitCode = unitCode;
  if (from !== undefined) meta.from = from;
  if (to !== undefined) meta.to = to;
  if (unit === undefined) problems.push(problem('warning', 'sheet.unitMissing', at(META_KEYS.unit)));
  if (unitCode === undefined && unit !== undefined) problems.push(problem('warning', 'sheet.unitCodeMissing', at(META_KEYS.unitCode)));
  if (from !== undefined && to !== undefined && from > to) {
    problems.push(problem('warning', 'sheet.periodOrder', at(META_KEYS.from), { from: formatDateVi(from), to: formatDateVi(to) }));
  }
  return { meta, metaCells, problems };
}

/**
 * A fresh copy of a string that will be kept: strings cut out of a file's XML can hold on to the
 * whole XML they came from, which for ten thousand units is hundreds of megabytes.
 */
const own = (s: string): string => (s.length === 0 ? s : (JSON.parse(JSON.stringify(s)) as string));

/** Codes look like "4.3.a" or "1.r": used to tell a mistyped code from a note in column A. */
const CODE_LIKE = /^\d+(\.[0-9A-Za-z]+)*$/;

/** Unknown codes named one by one, per sheet; beyond, one problem counts the rest (a pasted table of 200,000 numbered rows). */
const MAX_UNKNOWN_LISTED = 20;
/** Rows of a duplicated code named in its message. */
const MAX_ROWS_LISTED = 10;

/**
 * A formula that takes its value from another workbook: [1]Sheet1!A1, '[2]Tờ 1'!B3, [1]!Name in a
 * file; 'C:\\Số liệu\\[Quý 3.xlsx]Tờ 1'!A1 as Excel shows it. A table's [Column] has no "!" after it.
 */
const EXTERNAL_REFERENCE = /'[^']*\[[^\]]+\][^']*'!|\[[^\]]+\][^\s!()+\-*/&=<>,;^'"[\]]*!/;

/** A cell's value in a message: a number stays a number, written in the reader's style (71,43). */
const quoted = (value: string | number | boolean | null): string | number => (typeof value === 'number' ? value : clipText(String(value)));

/** The merged ranges of a sheet, as 0-based bounds, for finding the value cells they cover. */
interface Merge {
  readonly range: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}
const RANGE = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/;
function parseMerges(ranges: readonly string[] | undefined, col: number): Merge[] {
  const out: Merge[] = [];
  for (const range of ranges ?? []) {
    const m = RANGE.exec(range);
    if (!m) continue;
    const [a, b] = [parseA1(`${m[1]}${m[2]}`), parseA1(`${m[3]}${m[4]}`)];
    const merge = { range, top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
    if (merge.left <= col && col <= merge.right) out.push(merge);
  }
  return out;
}

/** The text of a key cell: numbers typed in column A (1, 2.1) count as their text. */
export function keyText(cell: RawCell | undefined): string | undefined {
  if (!cell || cell.value === null || cell.type === 'error') return undefined;
  const t = typeof cell.value === 'number' ? String(cell.value) : typeof cell.value === 'string' ? cell.value.trim() : undefined;
  return t ? t : undefined;
}

/** Column A keys of a sheet with their rows. */
export function indexKeys(sheet: SheetData): Map<string, number[]> {
  const keys = new Map<string, number[]>();
  sheet.rows.forEach((row, r) => {
    const key = keyText(row?.[COL.key]);
    if (key === undefined) return;
    const list = keys.get(key);
    if (list) list.push(r);
    else keys.set(key, [r]);
  });
  return keys;
}

/** Does this sheet claim to be an appendix (a `@template` key in column A)? */
export const isAppendixSheet = (sheet: SheetData): boolean => sheet.rows.some((row) => keyText(row?.[COL.key]) === META_KEYS.template);

/**
 * A sheet → one unit's report, found by the keys in column A, so inserted rows and notes break
 * nothing. Problems of structure are returned; the values themselves are checked by validateReport.
 */
export function readUnitSheet(sheet: SheetData, registry: TemplateRegistry, source: { file?: string } = {}, date1904 = false): SheetReading {
  const where: Where = { ...source, sheet: sheet.name };
  const at = (row: number, col: number = COL.value): Where => ({ ...where, cell: a1(row, col) });
  const cellAt = (row: number, col: number = COL.value): RawCell | undefined => sheet.rows[row]?.[col];
  const keys = indexKeys(sheet);
  const problems: Problem[] = [];

  const templateRow = keys.get(META_KEYS.template)?.[0];
  if (templateRow === undefined) {
    return { problems: [problem('error', 'file.noAppendix', where)], keys };
  }
  // Who sent it is read first: a sheet refused for its template still tells whose report it was.
  const { meta, metaCells, problems: metaProblems } = readMeta(sheet, keys, where, date1904);
  const templateCell = cellAt(templateRow);
  const templateText = templateCell?.value === null || templateCell === undefined ? '' : String(templateCell.value);
  const resolved = resolveTemplate(templateText, registry, at(templateRow));
  if (!resolved.template) return { problems: [resolved.problem], keys, meta };
  const { template } = resolved;
  if (resolved.problem) problems.push(resolved.problem);
  problems.push(...metaProblems);

  const values = new PackedValues(inputIndex(template));
  const cells = new Map<string, string>();
  const merges = parseMerges(sheet.merges, COL.value);
  for (const row of template.rows) {
    if (row.kind === 'heading') continue;
    const found = keys.get(row.code);
    if (!found || found.length === 0) {
      if (row.kind !== 'ratio') problems.push(problem('warning', 'sheet.rowMissing', where, { code: row.code, label: row.label }, row.code));
      continue;
    }
    if (found.length > 1) {
      const listed = found
        .slice(0, MAX_ROWS_LISTED)
        .map((r) => r + 1)
        .join(', ');
      problems.push(
        problem('error', 'sheet.rowDuplicate', at(found[0]!), { code: row.code, rows: found.length > MAX_ROWS_LISTED ? `${listed}, …` : listed }, row.code),
      );
      continue;
    }
    const r = found[0]!;
    cells.set(row.code, a1(r, COL.value));
    let raw = cellAt(r);
    if (row.kind === 'ratio') {
      // The engine recomputes every ratio; a typed-over ratio is only worth a word.
      if (raw && raw.formula === undefined && raw.value !== null && raw.value !== '') {
        problems.push(problem('warning', 'value.ratioTyped', at(r), { code: row.code, text: quoted(raw.value) }, row.code));
      }
      continue;
    }
    // A merge keeps the value of its first cell only: a value cell it covers is not reported.
    const merge = merges.find((m) => m.top <= r && r <= m.bottom && !(m.top === r && m.left === COL.value));
    if (merge) {
      problems.push(
        problem(
          'warning',
          'sheet.mergedValue',
          at(r),
          { cell: a1(r, COL.value), code: row.code, range: merge.range, first: a1(merge.top, merge.left) },
          row.code,
        ),
      );
      raw = undefined;
    }
    if (raw?.formula !== undefined) {
      const formula = clipText(raw.formula);
      if (raw.uncomputed) {
        // Written by a program that does not calculate (or linked to a workbook never opened): the figure is unknown.
        problems.push(problem('error', 'value.formulaNoResult', at(r), { formula, label: row.label }, row.code));
      } else if (EXTERNAL_REFERENCE.test(raw.formula)) {
        problems.push(problem('warning', 'value.externalLink', at(r), { formula, value: quoted(raw.value), label: row.label }, row.code));
      }
    }
    const value = interpretCell(raw);
    values.set(row.code, value.kind === 'text' ? { kind: 'text', text: own(value.text) } : value);
  }

  let unknown = 0;
  for (const [key, rows] of keys) {
    if (CODE_LIKE.test(key) && !template.byCode.has(key)) {
      if (++unknown <= MAX_UNKNOWN_LISTED) problems.push(problem('warning', 'sheet.rowUnknown', at(rows[0]!, COL.key), { code: clipText(key) }));
    }
  }
  if (unknown > MAX_UNKNOWN_LISTED) problems.push(problem('warning', 'sheet.rowUnknownMore', where, { count: unknown - MAX_UNKNOWN_LISTED }));

  const lineageRow = keys.get(LINEAGE_KEYS.code)?.[0];
  const leavesRow = keys.get(SUMMARY_KEYS.leaves)?.[0];
  const leaves =
    lineageRow !== undefined
      ? lineageColumns(sheet, lineageRow).length
      : leavesRow !== undefined || keys.has(SUMMARY_KEYS.breakdown)
        ? Number(cellAt(leavesRow ?? -1)?.value ?? 0) || 0
        : undefined;
  const previous = leaves !== undefined ? previousFigures(sheet, keys, template, date1904) : undefined;
  // a whole count in D of a metadata row, when the summary states it
  const countAt = <K extends string>(key: string, name: K): Partial<Record<K, number>> => {
    const value = cellAt(keys.get(key)?.[0] ?? -1)?.value;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? ({ [name]: value } as Record<K, number>) : {};
  };
  const report: UnitReport = {
    template: templateRef(template),
    meta,
    values,
    cells: interned(cells),
    metaCells: interned(metaCells),
    // a literal of one shape: a spread here gave each of ten thousand reports a hidden class of its own
    source: source.file === undefined ? { sheet: internedText(sheet.name) } : { file: source.file, sheet: internedText(sheet.name) },
    ...(leaves !== undefined ? { summary: { leaves, ...countAt(SUMMARY_KEYS.expected, 'expected'), ...countAt(SUMMARY_KEYS.excluded, 'excluded') } } : {}),
    ...(previous ? { previous } : {}),
  };
  return { report, template, problems, keys };
}

/** A summary's "Cùng kỳ" column (G) and the period it states, when the summary was compared. */
function previousFigures(sheet: SheetData, keys: ReadonlyMap<string, readonly number[]>, template: Template, date1904: boolean): UnitReport['previous'] {
  const [fromRow, toRow] = [keys.get(PREVIOUS_KEYS.from)?.[0], keys.get(PREVIOUS_KEYS.to)?.[0]];
  if (fromRow === undefined && toRow === undefined) return undefined;
  const dateAt = (row: number | undefined): string | undefined => {
    const cell = row === undefined ? undefined : sheet.rows[row]?.[COL.value];
    return cell ? dateOfCell(cell, date1904) : undefined;
  };
  const meta: ReportMeta = {};
  const from = dateAt(fromRow);
  const to = dateAt(toRow);
  if (from) meta.from = from;
  if (to) meta.to = to;
  const values = new Map<string, number | null>();
  for (const row of template.rows) {
    if (row.kind === 'heading' || row.kind === 'text') continue;
    const r = keys.get(row.code)?.[0];
    const value = r === undefined ? undefined : sheet.rows[r]?.[PREVIOUS_COLUMN]?.value;
    values.set(row.code, typeof value === 'number' && Number.isFinite(value) ? value : null);
  }
  return { values, meta };
}

/** A date cell as ISO: an Excel serial, or text as people type dates (30/09/2023). */
function dateOfCell(cell: RawCell, date1904: boolean): string | undefined {
  return typeof cell.value === 'number' ? serialToIso(cell.value, date1904) : typeof cell.value === 'string' ? parseDateText(cell.value) : undefined;
}

// Units of one round report the same few dates: one string each, not one per unit.
const internedDates = new Map<string, string>();
function internedDate(iso: string): string {
  const found = internedDates.get(iso);
  if (found !== undefined) return found;
  if (internedDates.size < MAX_INTERNED) internedDates.set(iso, iso);
  return iso;
}

// Every report of a template points at one { id, version }, and units' sheets share a few names.
const templateRefs = new WeakMap<Template, UnitReport['template']>();
function templateRef(template: Template): UnitReport['template'] {
  let ref = templateRefs.get(template);
  if (!ref) templateRefs.set(template, (ref = { id: template.id, version: template.version }));
  return ref;
}
const internedTexts = new Map<string, string>();
function internedText(text: string): string {
  const found = internedTexts.get(text);
  if (found !== undefined) return found;
  const kept = own(text);
  if (internedTexts.size < MAX_INTERNED) internedTexts.set(kept, kept);
  return kept;
}

// Units laid out alike have their cells in the same places: one map serves them all.
const internedMaps = new Map<string, ReadonlyMap<string, string>>();
const MAX_INTERNED = 512;
function interned(map: Map<string, string>): ReadonlyMap<string, string> {
  let signature = '';
  for (const [k, v] of map) signature += `${k}=${v};`;
  const found = internedMaps.get(signature);
  if (found) return found;
  if (internedMaps.size < MAX_INTERNED) internedMaps.set(signature, map);
  return map;
}

/** The per-unit columns of a summary: those with a unit in the @lineage row. */
function lineageColumns(sheet: SheetData, lineageRow: number): number[] {
  const row = sheet.rows[lineageRow] ?? [];
  const unitRow = sheet.rows[lineageRow + 1] ?? [];
  const out: number[] = [];
  for (let c = FIRST_UNIT_COLUMN; c < Math.max(row.length, unitRow.length); c++) {
    if (keyText(row[c]) !== undefined || keyText(unitRow[c]) !== undefined) out.push(c);
  }
  return out;
}

/** One leaf of a summary as its own report: its figures and metadata, wherever they sit. */
function leafReport(
  template: Template,
  summary: UnitReport,
  at: {
    /** the cell (0-based) of an indicator's figure, or of a metadata key (@unitCode…), if the summary has it */
    readonly cell: (key: string) => { readonly row: number; readonly col: number } | undefined;
    readonly raw: (row: number, col: number) => RawCell | undefined;
    readonly source: UnitReport['source'];
  },
  date1904: boolean,
): UnitReport {
  const text = (key: string): string | undefined => {
    const c = at.cell(key);
    const found = c ? keyText(at.raw(c.row, c.col)) : undefined;
    return found === undefined ? undefined : own(found);
  };
  const date = (key: string): string | undefined => {
    const c = at.cell(key);
    const cell = c ? at.raw(c.row, c.col) : undefined;
    if (!cell || cell.value === null) return undefined;
    // the same dates as any unit's; one string each for a whole round
    const iso = dateOfCell(cell, date1904);
    return iso === undefined ? undefined : internedDate(iso);
  };
  const meta: ReportMeta = {};
  const metaCells = new Map<string, string>();
  for (const key of [META_KEYS.unitCode, META_KEYS.unit, META_KEYS.from, META_KEYS.to] as const) {
    const value = key === META_KEYS.from || key === META_KEYS.to ? date(key) : text(key);
    if (value !== undefined) meta[key.slice(1) as keyof ReportMeta] = value;
    const c = at.cell(key);
    if (c) metaCells.set(key, a1(c.row, c.col));
  }
  const values = new PackedValues(inputIndex(template));
  const cells = new Map<string, string>();
  for (const row of template.rows) {
    if (row.kind === 'heading' || row.kind === 'ratio') continue;
    const c = at.cell(row.code);
    if (!c) continue;
    cells.set(row.code, a1(c.row, c.col));
    const value = interpretCell(at.raw(c.row, c.col));
    values.set(row.code, value.kind === 'text' ? { kind: 'text', text: own(value.text) } : value);
  }
  return { template: summary.template, meta, values, cells: interned(cells), metaCells: interned(metaCells), source: at.source };
}

/**
 * A summary sheet of the layout before 2026-12 → the leaf units it holds, one per column, each as
 * its own report with cells in its column; consolidating a summary then equals consolidating its leaves.
 */
export function readSummaryLeaves(sheet: SheetData, reading: SheetReading, date1904 = false): UnitReport[] {
  const { template, report, keys } = reading;
  const lineageRow = keys.get(LINEAGE_KEYS.code)?.[0];
  if (!template || !report || lineageRow === undefined) return [];
  const lineageKey: Readonly<Record<string, string>> = {
    [META_KEYS.unitCode]: LINEAGE_KEYS.code,
    [META_KEYS.unit]: LINEAGE_KEYS.unit,
    [META_KEYS.from]: LINEAGE_KEYS.from,
    [META_KEYS.to]: LINEAGE_KEYS.to,
  };
  const rowOfKey = (key: string): number | undefined => {
    const rows = keys.get(lineageKey[key] ?? key);
    // a code on two rows is not a figure anyone can trust: the reader said so for the summary
    return rows && rows.length === 1 ? rows[0] : undefined;
  };
  return lineageColumns(sheet, lineageRow).map((col) =>
    leafReport(
      template,
      report,
      {
        cell: (key) => {
          const row = rowOfKey(key);
          return row === undefined ? undefined : { row, col };
        },
        raw: (row, c) => sheet.rows[row]?.[c],
        source: { ...report.source, column: columnName(col) },
      },
      date1904,
    ),
  );
}

/** Is this a summary's per-unit breakdown (its `@codes` key row in column A)? */
export const isBreakdownSheet = (sheet: SheetData): boolean => sheet.rows.some((r) => keyText(r?.[COL.key]) === BREAKDOWN_KEYS.codes);

/**
 * The sheet a summary names as its per-unit breakdown; one the user renamed is found by its key
 * row, but only when it is the workbook's only breakdown (another summary's must never be taken).
 */
export function findBreakdown(sheets: readonly SheetData[], reading: SheetReading, summary: SheetData): SheetData | undefined {
  const row = reading.keys.get(SUMMARY_KEYS.breakdown)?.[0];
  const named = row === undefined ? undefined : summary.rows[row]?.[COL.value]?.value;
  const breakdowns = sheets.filter((s) => s !== summary && isBreakdownSheet(s));
  return breakdowns.find((s) => s.name === named) ?? (breakdowns.length === 1 ? breakdowns[0] : undefined);
}

/**
 * A summary's per-unit breakdown → its leaf units, one per row marked `@leaf`, each column found by
 * the `@codes` key row: rows the user sorted or filtered are read all the same.
 */
export function readBreakdownLeaves(breakdown: SheetData, reading: SheetReading, date1904 = false): UnitReport[] {
  const { template, report } = reading;
  if (!template || !report) return [];
  const keyRowIndex = breakdown.rows.findIndex((r) => keyText(r?.[0]) === BREAKDOWN_KEYS.codes);
  if (keyRowIndex < 0) return [];
  const columnOf = new Map<string, number>();
  const seen = new Set<string>();
  (breakdown.rows[keyRowIndex] ?? []).forEach((cell, c) => {
    const key = c === 0 ? undefined : keyText(cell);
    if (key === undefined) return;
    // a column named twice is not trusted, like a code on two rows
    if (seen.has(key)) columnOf.delete(key);
    else columnOf.set(key, c);
    seen.add(key);
  });
  const out: UnitReport[] = [];
  breakdown.rows.forEach((r, row) => {
    if (keyText(r?.[0]) !== BREAKDOWN_KEYS.leaf) return;
    out.push(
      leafReport(
        template,
        report,
        {
          cell: (key) => {
            const col = columnOf.get(key);
            return col === undefined ? undefined : { row, col };
          },
          raw: (rr, c) => breakdown.rows[rr]?.[c],
          source: { ...report.source, sheet: own(breakdown.name), row: row + 1 },
        },
        date1904,
      ),
    );
  });
  return out;
}
