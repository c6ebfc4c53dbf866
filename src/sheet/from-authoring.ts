import { parseDateText, serialToIso } from '../core/dates';
import { AGGREGATION_WORDS, KIND_WORDS, type TemplateMessageRule } from '../core/i18n/template-messages';
import type { TemplateInput } from '../core/template';
import { checkTemplate, parsePath, type TemplateIssueParam } from '../core/template-check';
import type { RawCell } from '../core/values';
import { AUTHORING_COLUMNS, AUTHORING_META, YES_WORD, NO_WORD, type AuthoringColumn, type AuthoringMetaKey, type RowExtra } from './authoring';
import { a1, type SheetData } from './grid';

/**
 * The authoring sheet (src/sheet/authoring.ts) → a template. Columns and the top block are found
 * by their header and label text, so a sheet filled by hand, with columns moved, reads as well.
 * Each problem names the cell to correct: the sheet's own (a kind word not in the list) and those
 * of checkTemplate, whose JSON paths are mapped back to the cells they were read from.
 */

type RowInput = TemplateInput['rows'][number];

export interface AuthoringIssue {
  /** A1, e.g. "D14" */
  readonly cell: string;
  readonly rule: TemplateMessageRule;
  readonly params: Readonly<Record<string, TemplateIssueParam>>;
}

export interface AuthoringResult {
  /** the template, when the sheet has no problem */
  readonly template?: TemplateInput;
  readonly issues: AuthoringIssue[];
}

/** Text as people type it: trimmed, spaces folded, lower case, for matching labels and words. */
const fold = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

function textOf(cell: RawCell | undefined): string | undefined {
  if (!cell || cell.value === null || cell.type === 'error') return undefined;
  if (typeof cell.value === 'string') {
    const t = cell.value.normalize('NFC').trim();
    return t === '' ? undefined : t;
  }
  if (typeof cell.value === 'boolean') return cell.value ? 'TRUE' : 'FALSE';
  return String(cell.value);
}

/** Does this sheet look like an authoring sheet (a header row with Mã and Loại)? */
export function findAuthoringHeader(sheet: SheetData): number | undefined {
  for (let r = 0; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const texts = cells.map((c) => fold(textOf(c) ?? ''));
    if (texts.includes(fold('Mã')) && texts.includes(fold('Loại'))) return r;
  }
  return undefined;
}

const KIND_BY_WORD = new Map<string, string>([
  ...Object.entries(KIND_WORDS.vi).map(([k, w]) => [fold(w), k] as [string, string]),
  ...Object.entries(KIND_WORDS.en).map(([k, w]) => [fold(w), k] as [string, string]),
  ...Object.keys(KIND_WORDS.vi).map((k) => [k.toLowerCase(), k] as [string, string]),
]);
const AGGREGATION_BY_WORD = new Map<string, string>([
  ...Object.entries(AGGREGATION_WORDS.vi).map(([k, w]) => [fold(w), k] as [string, string]),
  ...Object.keys(AGGREGATION_WORDS.vi).map((k) => [k.toLowerCase(), k] as [string, string]),
]);

export function templateFromAuthoring(sheet: SheetData, options: { date1904?: boolean } = {}): AuthoringResult {
  const issues: AuthoringIssue[] = [];
  const headerRow = findAuthoringHeader(sheet);
  if (headerRow === undefined) return { issues: [{ cell: 'A1', rule: 'sheet.noHeader', params: {} }] };

  // columns by header text; a missing one is simply empty
  const col = new Map<AuthoringColumn, number>();
  const headerTexts = (sheet.rows[headerRow] ?? []).map((c) => fold(textOf(c) ?? ''));
  for (const c of AUTHORING_COLUMNS) {
    const at = headerTexts.indexOf(fold(c.header));
    if (at >= 0) col.set(c.key, at);
  }
  // the hidden column's header may have been renamed; it is the last of the table otherwise
  const cellAt = (r: number, key: AuthoringColumn): RawCell | undefined => {
    const c = col.get(key);
    return c === undefined ? undefined : sheet.rows[r]?.[c];
  };
  const ref = (r: number, key: AuthoringColumn): string => a1(r, col.get(key) ?? 0);

  /** JSON path → the cell it was read from */
  const cells = new Map<string, string>();
  const sheetIssue = (cell: string, rule: TemplateMessageRule, params: Record<string, TemplateIssueParam> = {}): void =>
    void issues.push({ cell, rule, params });

  // the top block: label in column A, value in B
  const metaRow = new Map<AuthoringMetaKey, number>();
  for (let r = 0; r < headerRow; r++) {
    const label = fold(textOf(sheet.rows[r]?.[0]) ?? '');
    const meta = AUTHORING_META.find((m) => fold(m.label) === label);
    if (meta && !metaRow.has(meta.key)) metaRow.set(meta.key, r);
  }
  const metaCell = (key: AuthoringMetaKey): RawCell | undefined => {
    const r = metaRow.get(key);
    return r === undefined ? undefined : sheet.rows[r]?.[1];
  };
  const metaRef = (key: AuthoringMetaKey): string => a1(metaRow.get(key) ?? 0, metaRow.has(key) ? 1 : 0);
  const dateOf = (key: AuthoringMetaKey): string | undefined => {
    const c = metaCell(key);
    if (!c || c.value === null || c.value === '') return undefined;
    if (typeof c.value === 'number') {
      const iso = serialToIso(c.value, options.date1904);
      if (iso) return iso;
    } else if (typeof c.value === 'string') {
      const iso = parseDateText(c.value);
      if (iso) return iso;
      if (c.value.trim() === '') return undefined;
    }
    sheetIssue(metaRef(key), 'sheet.date', { value: textOf(c) ?? '' });
    return undefined;
  };

  const template: Record<string, unknown> = {};
  const id = textOf(metaCell('id'));
  template.id = id ?? '';
  cells.set('id', metaRef('id'));
  const versionCell = metaCell('version');
  const versionText = textOf(versionCell);
  cells.set('version', metaRef('version'));
  if (typeof versionCell?.value === 'number') template.version = versionCell.value;
  else if (versionText !== undefined && /^\d+$/.test(versionText)) template.version = Number(versionText);
  else if (versionText !== undefined) sheetIssue(metaRef('version'), 'sheet.whole', { value: versionText });
  else template.version = undefined;
  const localized = (vi: AuthoringMetaKey, en: AuthoringMetaKey, path: string, required: boolean): void => {
    const v = textOf(metaCell(vi));
    const e = textOf(metaCell(en));
    cells.set(path, metaRef(vi));
    cells.set(`${path}.vi`, metaRef(vi));
    cells.set(`${path}.en`, metaRef(en));
    if (v !== undefined || e !== undefined || required) template[path] = { vi: v ?? '', ...(e !== undefined ? { en: e } : {}) };
  };
  localized('title', 'titleEn', 'title', true);
  localized('source', 'sourceEn', 'source', false);
  const from = dateOf('from');
  const to = dateOf('to');
  cells.set('defaultPeriod', metaRef('from'));
  cells.set('defaultPeriod.from', metaRef('from'));
  cells.set('defaultPeriod.to', metaRef('to'));
  if (from !== undefined || to !== undefined) template.defaultPeriod = { from: from ?? '', to: to ?? '' };
  cells.set('rows', a1(headerRow, col.get('code') ?? 0));
  cells.set('', 'A1');

  // the report's outline: JSON in pieces down the hidden column above the header
  const extraCol = col.get('extra');
  if (extraCol !== undefined) {
    let json = '';
    for (let r = 0; r < headerRow; r++) json += textOf(sheet.rows[r]?.[extraCol]) ?? '';
    const firstRef = a1(0, extraCol);
    cells.set('report', firstRef);
    if (json) {
      try {
        template.report = JSON.parse(json) as unknown;
      } catch (e) {
        sheetIssue(firstRef, 'sheet.json', { detail: (e as Error).message });
      }
    }
  }

  // the indicators
  const rows: Record<string, unknown>[] = [];
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const has = AUTHORING_COLUMNS.some((c) => textOf(cellAt(r, c.key)) !== undefined);
    if (!has) continue;
    const i = rows.length;
    const at = (key: AuthoringColumn): string | undefined => textOf(cellAt(r, key));
    const p = `rows[${i}]`;
    const set = (path: string, key: AuthoringColumn): void => void cells.set(`${p}${path}`, ref(r, key));
    set('', 'code');
    set('.code', 'code');
    set('.kind', 'kind');
    set('.label', 'label');
    set('.label.vi', 'label');
    set('.label.en', 'labelEn');
    set('.unit', 'unit');
    set('.unit.vi', 'unit');
    set('.unit.en', 'unitEn');
    set('.level', 'level');
    set('.aggregation', 'aggregation');
    set('.min', 'min');
    set('.max', 'max');
    set('.required', 'required');
    set('.ratio', col.has('numerator') ? 'numerator' : 'kind');
    set('.ratio.numerator', 'numerator');
    set('.ratio.denominator', 'denominator');
    set('.ratio.mayExceed100', 'mayExceed100');

    const row: Record<string, unknown> = { code: at('code') ?? '' };
    const kindWord = at('kind');
    const kind = kindWord === undefined ? undefined : KIND_BY_WORD.get(fold(kindWord));
    if (kindWord !== undefined && kind === undefined) {
      sheetIssue(ref(r, 'kind'), 'sheet.kind', { value: kindWord, options: Object.values(KIND_WORDS.vi).join(', ') });
    }
    row.kind = kind ?? kindWord;
    const levelText = at('level');
    if (levelText !== undefined) row.level = /^\d+$/.test(levelText) ? Number(levelText) : levelText;
    row.label = { vi: at('label') ?? '', ...(at('labelEn') !== undefined ? { en: at('labelEn') } : {}) };
    if (at('unit') !== undefined || at('unitEn') !== undefined)
      row.unit = { vi: at('unit') ?? '', ...(at('unitEn') !== undefined ? { en: at('unitEn') } : {}) };
    const aggregationWord = at('aggregation');
    if (aggregationWord !== undefined) {
      const aggregation = AGGREGATION_BY_WORD.get(fold(aggregationWord));
      if (aggregation === undefined)
        sheetIssue(ref(r, 'aggregation'), 'sheet.aggregation', { value: aggregationWord, options: Object.values(AGGREGATION_WORDS.vi).join(', ') });
      else row.aggregation = aggregation;
    }
    for (const key of ['min', 'max'] as const) {
      const c = cellAt(r, key);
      const t = textOf(c);
      if (t === undefined) continue;
      const n = typeof c?.value === 'number' ? c.value : Number(t.replace(',', '.'));
      if (Number.isFinite(n)) row[key] = n;
      else sheetIssue(ref(r, key), 'sheet.number', { value: t });
    }
    const yesNo = (key: AuthoringColumn): boolean | undefined => {
      const c = cellAt(r, key);
      if (typeof c?.value === 'boolean') return c.value;
      const t = at(key);
      if (t === undefined) return undefined;
      const f = fold(t);
      if (f === YES_WORD || f === 'yes' || f === 'true') return true;
      if (f === NO_WORD || f === 'no' || f === 'false') return false;
      sheetIssue(ref(r, key), 'sheet.yesno', { value: t });
      return undefined;
    };
    const required = yesNo('required');
    if (required !== undefined) row.required = required;
    const numerator = at('numerator');
    const denominator = at('denominator');
    const mayExceed100 = yesNo('mayExceed100');
    if (numerator !== undefined || denominator !== undefined || mayExceed100 !== undefined) {
      row.ratio = { numerator: numerator ?? '', denominator: denominator ?? '', ...(mayExceed100 !== undefined ? { mayExceed100 } : {}) };
    }

    // rules: the visible "≤ other", then those kept in the hidden cell
    const rules: unknown[] = [];
    const le = at('le');
    if (le !== undefined) rules.push({ type: 'le', other: le });
    const extraText = at('extra');
    let extra: RowExtra | undefined;
    if (extraText !== undefined) {
      try {
        extra = JSON.parse(extraText) as RowExtra;
      } catch (e) {
        sheetIssue(ref(r, 'extra'), 'sheet.json', { detail: (e as Error).message });
      }
    }
    const hiddenRules = Array.isArray(extra?.rules) ? extra.rules : undefined;
    if (hiddenRules) rules.push(...hiddenRules);
    if (le !== undefined || hiddenRules) row.rules = rules;
    cells.set(`${p}.rules`, le !== undefined ? ref(r, 'le') : ref(r, 'extra'));
    rules.forEach((_, j) => cells.set(`${p}.rules[${j}]`, j === 0 && le !== undefined ? ref(r, 'le') : ref(r, 'extra')));
    rows.push(row);
  }
  template.rows = rows;

  // checkTemplate's issues, at the cell each path was read from (the longest known prefix)
  const taken = new Set(issues.map((i) => i.cell));
  for (const issue of checkTemplate(template)) {
    const cell = cellOfPath(issue.path, cells);
    if (taken.has(cell) && issues.some((i) => i.cell === cell && i.rule.startsWith('sheet.'))) continue;
    issues.push({ cell, rule: issue.rule, params: issue.params });
  }
  if (issues.length > 0) return { issues };
  return { template: ordered(template as unknown as TemplateInput), issues };
}

function cellOfPath(path: string, cells: ReadonlyMap<string, string>): string {
  const segs = parsePath(path);
  for (let n = segs.length; n >= 0; n--) {
    let text = '';
    for (const s of segs.slice(0, n)) text += typeof s === 'number' ? `[${s}]` : text ? `.${s}` : s;
    const cell = cells.get(text);
    if (cell) return cell;
  }
  return 'A1';
}

/** Keys in the order the built-in templates write them, for a readable file. */
function ordered(t: TemplateInput): TemplateInput {
  const row = (r: RowInput): RowInput => {
    const out: Record<string, unknown> = {};
    for (const k of ['code', 'kind', 'level', 'label', 'unit', 'aggregation', 'min', 'max', 'required', 'ratio', 'rules'] as const) {
      if (r[k] !== undefined) out[k] = r[k];
    }
    return out as unknown as RowInput;
  };
  const out: Record<string, unknown> = {};
  for (const k of ['id', 'version', 'title', 'source', 'defaultPeriod'] as const) if (t[k] !== undefined) out[k] = t[k];
  out.rows = t.rows.map(row);
  if (t.report !== undefined) out.report = t.report;
  return out as unknown as TemplateInput;
}
