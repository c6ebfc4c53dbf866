import { AGGREGATION_WORDS, KIND_WORDS } from '../core/i18n/template-messages';
import type { TemplateInput } from '../core/template';
import { a1, columnName, type InputCheck, type LayoutCell, type SheetLayout } from './grid';
import { NUMBER_FORMATS } from './styles';

/**
 * The authoring sheet: a template designed in a spreadsheet, by people who do not write JSON.
 * A top block (id, version, title, source, default period), then one row per indicator. Every
 * column has the spreadsheet's own check: a list of words, a text length or a whole number.
 * What the columns cannot say — rules other than "≤ another row" and the report's outline and
 * sentences — is kept as JSON in a hidden column (width 0) when the sheet is made from a template,
 * so that `from-sheet` gives that template back exactly. src/sheet/from-authoring.ts reads it back.
 */

type RowInput = TemplateInput['rows'][number];
type RuleInput = NonNullable<RowInput['rules']>[number];

export const AUTHORING_SHEET_NAME = 'Thiết kế mẫu';

/** The columns of the indicator table, in order; the reader finds them by their header text. */
export const AUTHORING_COLUMNS = [
  { key: 'code', header: 'Mã', width: 12 },
  { key: 'label', header: 'Nội dung', width: 50 },
  { key: 'unit', header: 'Đơn vị tính', width: 12 },
  { key: 'kind', header: 'Loại', width: 16 },
  { key: 'numerator', header: 'Tử số', width: 10 },
  { key: 'denominator', header: 'Mẫu số', width: 10 },
  { key: 'le', header: 'Không lớn hơn (mã)', width: 12 },
  { key: 'required', header: 'Bắt buộc', width: 10 },
  { key: 'level', header: 'Cấp tiêu đề', width: 10 },
  { key: 'mayExceed100', header: 'Có thể vượt 100%', width: 11 },
  { key: 'min', header: 'Nhỏ nhất', width: 10 },
  { key: 'max', header: 'Lớn nhất', width: 10 },
  { key: 'aggregation', header: 'Tổng hợp', width: 15 },
  { key: 'labelEn', header: 'Nội dung (English)', width: 40 },
  { key: 'unitEn', header: 'Đơn vị (English)', width: 12 },
  // hidden: width 0, which Excel and LibreOffice both show as a hidden column
  { key: 'extra', header: 'Khác (JSON, không sửa)', width: 0 },
] as const;
export type AuthoringColumn = (typeof AUTHORING_COLUMNS)[number]['key'];
export const AUTHORING_COL = Object.fromEntries(AUTHORING_COLUMNS.map((c, i) => [c.key, i])) as Record<AuthoringColumn, number>;

/** The top block, by the label in column A; its value is in column B. */
export const AUTHORING_META = [
  { key: 'id', label: 'Mã mẫu' },
  { key: 'version', label: 'Phiên bản' },
  { key: 'title', label: 'Tên phụ lục' },
  { key: 'titleEn', label: 'Tên phụ lục (English)' },
  { key: 'source', label: 'Căn cứ' },
  { key: 'sourceEn', label: 'Căn cứ (English)' },
  { key: 'from', label: 'Kỳ mặc định từ' },
  { key: 'to', label: 'Kỳ mặc định đến' },
] as const;
export type AuthoringMetaKey = (typeof AUTHORING_META)[number]['key'];

export const YES_WORD = 'có';
export const NO_WORD = 'không';

/** 0-based rows of the fixed layout */
const META_FIRST_ROW = 3;
export const AUTHORING_HEADER_ROW = META_FIRST_ROW + AUTHORING_META.length + 1;
/** empty rows offered below the template's, ready for more indicators */
const SPARE_ROWS = 60;
/** a cell holds at most 32,767 characters: the report's JSON is cut in pieces this long */
export const JSON_PIECE = 30_000;

const textCheck = (max: number, title: string): InputCheck => ({
  type: 'formula',
  formula: `LEN({cell})<=${max}`,
  title,
  message: `Tối đa ${max} ký tự.`,
});
const codeCheck: InputCheck = {
  type: 'formula',
  formula: 'AND(LEN({cell})>=1,LEN({cell})<=40,LEFT({cell},1)<>"@",ISERROR(FIND(" ",{cell})))',
  title: 'Mã',
  message: 'Chữ không dấu, chữ số, ".", "_" hoặc "-"; không có dấu cách, không bắt đầu bằng @.',
};
const yesNoCheck = (title: string): InputCheck => ({ type: 'list', items: [YES_WORD, NO_WORD], title, message: 'Chọn "có" hoặc "không", hoặc để trống.' });
const decimalCheck = (title: string): InputCheck => ({ type: 'formula', formula: 'ISNUMBER({cell})', title, message: 'Nhập một số, hoặc để trống.' });

const COLUMN_CHECKS: Readonly<Record<AuthoringColumn, InputCheck>> = {
  code: codeCheck,
  label: textCheck(1000, 'Nội dung'),
  unit: textCheck(100, 'Đơn vị tính'),
  kind: {
    type: 'list',
    items: Object.values(KIND_WORDS.vi),
    title: 'Loại chỉ tiêu',
    message: 'tiêu đề: dòng mục; số lượng: số nguyên ≥ 0; số: số bất kỳ; tỷ lệ nhập (%): đơn vị nhập 0–100; có/không; chữ; tỷ lệ tính: tử số / mẫu số × 100.',
  },
  numerator: { ...codeCheck, title: 'Tử số', message: 'Mã của chỉ tiêu làm tử số (chỉ cho loại "tỷ lệ tính").' },
  denominator: { ...codeCheck, title: 'Mẫu số', message: 'Mã của chỉ tiêu làm mẫu số (chỉ cho loại "tỷ lệ tính").' },
  le: { ...codeCheck, title: 'Không lớn hơn', message: 'Mã của chỉ tiêu mà số liệu dòng này không được lớn hơn.' },
  required: yesNoCheck('Bắt buộc'),
  level: {
    type: 'formula',
    formula: 'OR({cell}=1,{cell}=2)',
    title: 'Cấp tiêu đề',
    message: '1 = mục (in đậm), 2 = tiểu mục (in nghiêng); chỉ cho dòng tiêu đề.',
  },
  mayExceed100: yesNoCheck('Có thể vượt 100%'),
  min: decimalCheck('Nhỏ nhất'),
  max: decimalCheck('Lớn nhất'),
  aggregation: {
    type: 'list',
    items: Object.values(AGGREGATION_WORDS.vi),
    title: 'Tổng hợp',
    message: 'Để trống: theo loại (cộng số lượng, trung bình tỷ lệ nhập, tính lại tỷ lệ, tỷ lệ có).',
  },
  labelEn: textCheck(1000, 'Nội dung (English)'),
  unitEn: textCheck(100, 'Đơn vị (English)'),
  extra: textCheck(32_767, 'Khác (JSON)'),
};

const META_CHECKS: Readonly<Record<AuthoringMetaKey, InputCheck>> = {
  id: {
    type: 'formula',
    formula: 'AND(LEN({cell})>=1,LEN({cell})<=60,EXACT({cell},LOWER({cell})),ISERROR(FIND(" ",{cell})))',
    title: 'Mã mẫu',
    message: 'Chữ thường không dấu, chữ số và dấu "-", ví dụ: bao-cao-quy.',
  },
  version: {
    type: 'formula',
    formula: 'AND(ISNUMBER({cell}),{cell}>=1,{cell}=INT({cell}))',
    title: 'Phiên bản',
    message: 'Số nguyên từ 1; tăng lên khi sửa mẫu đã gửi đi.',
  },
  title: textCheck(500, 'Tên phụ lục'),
  titleEn: textCheck(500, 'Tên phụ lục (English)'),
  source: textCheck(1000, 'Căn cứ'),
  sourceEn: textCheck(1000, 'Căn cứ (English)'),
  from: { type: 'date' },
  to: { type: 'date' },
};

/** The JSON kept in a row's hidden cell: the rules the columns cannot show. */
export interface RowExtra {
  /** rules after the one in "Không lớn hơn" (all of them when that column is empty) */
  readonly rules?: RuleInput[];
}

/** Which of a row's rules the visible column shows: the first, when it is a plain ≤ (default severity). */
export function visibleLe(row: RowInput): string | undefined {
  const first = row.rules?.[0];
  return first && first.type === 'le' && first.severity === undefined ? first.other : undefined;
}

/** A template (as written, not normalised) or nothing → the authoring sheet. */
export function layoutAuthoringSheet(template?: TemplateInput): SheetLayout {
  const rows: (LayoutCell | undefined)[][] = [];
  const merges: string[] = [];
  const last = AUTHORING_COLUMNS.length - 2; // the last visible column
  const width = AUTHORING_COLUMNS.length;
  const blankRow = (): (LayoutCell | undefined)[] => Array.from({ length: width }, () => undefined);

  const title = blankRow();
  title[0] = { value: 'THIẾT KẾ MẪU PHỤ LỤC', style: 'title' };
  rows.push(title);
  merges.push(`A1:${a1(0, last)}`);
  const help = blankRow();
  help[0] = {
    value:
      'Điền phần đầu, rồi mỗi dòng một chỉ tiêu. Chọn "Loại" trong danh sách. Dòng "tỷ lệ tính" ghi mã tử số và mẫu số. ' +
      'Xong, chạy: phuluc template from-sheet <tệp này> -o mau.json. Không sửa cột ẩn "Khác (JSON)".',
    style: 'legend',
  };
  rows.push(help);
  merges.push(`A2:${a1(1, last)}`);
  rows.push(blankRow());

  const metaValues: Record<AuthoringMetaKey, LayoutCell['value']> = {
    id: template?.id ?? null,
    version: template?.version ?? null,
    title: template?.title.vi ?? null,
    titleEn: template?.title.en ?? null,
    source: template?.source?.vi ?? null,
    sourceEn: template?.source?.en ?? null,
    from: template?.defaultPeriod?.from ?? null,
    to: template?.defaultPeriod?.to ?? null,
  };
  for (const [i, meta] of AUTHORING_META.entries()) {
    const r = META_FIRST_ROW + i;
    const cells = blankRow();
    const isDate = meta.key === 'from' || meta.key === 'to';
    cells[0] = { value: meta.label, style: 'metaLabel' };
    cells[1] = {
      value: metaValues[meta.key],
      style: 'metaValue',
      check: META_CHECKS[meta.key],
      ...(isDate ? { date: true, numFmt: NUMBER_FORMATS.date } : meta.key === 'version' ? {} : { numFmt: NUMBER_FORMATS.text }),
    };
    rows.push(cells);
    merges.push(`${a1(r, 1)}:${a1(r, last)}`);
  }
  rows.push(blankRow());

  // the report's outline, in pieces down the hidden column of the rows above the header
  if (template?.report) {
    const json = JSON.stringify(template.report);
    const pieces = Math.ceil(json.length / JSON_PIECE);
    if (pieces > AUTHORING_HEADER_ROW) throw new Error(`the report of ${template.id} is too long for the authoring sheet`);
    for (let i = 0; i < pieces; i++) {
      rows[i]![AUTHORING_COL.extra] = { value: json.slice(i * JSON_PIECE, (i + 1) * JSON_PIECE), numFmt: NUMBER_FORMATS.text };
    }
  }

  rows.push(AUTHORING_COLUMNS.map((c): LayoutCell => ({ value: c.header, style: 'header' })));
  const headerRow = rows.length - 1;

  for (const row of template?.rows ?? []) rows.push(indicatorCells(row));
  for (let i = 0; i < SPARE_ROWS; i++) rows.push(indicatorCells(undefined));

  return {
    name: AUTHORING_SHEET_NAME,
    columns: AUTHORING_COLUMNS.map((c) => ({ width: c.width })),
    rows,
    freezeRows: headerRow + 1,
    freezeColumns: 2,
    headerRow,
    landscape: true,
    merges,
    printArea: `A1:${columnName(last)}${rows.length}`,
    rowHeights: new Map([
      [1, 34],
      [headerRow, 34],
    ]),
    rowOf: new Map((template?.rows ?? []).map((r, i) => [r.code, headerRow + 1 + i])),
  };
}

function indicatorCells(row: RowInput | undefined): LayoutCell[] {
  const values: Record<AuthoringColumn, LayoutCell['value']> = {
    code: null,
    label: null,
    unit: null,
    kind: null,
    numerator: null,
    denominator: null,
    le: null,
    required: null,
    level: null,
    mayExceed100: null,
    min: null,
    max: null,
    aggregation: null,
    labelEn: null,
    unitEn: null,
    extra: null,
  };
  if (row) {
    const le = visibleLe(row);
    const rest = (row.rules ?? []).slice(le !== undefined ? 1 : 0);
    const yesNo = (b: boolean | undefined): string | null => (b === undefined ? null : b ? YES_WORD : NO_WORD);
    Object.assign(values, {
      code: row.code,
      label: row.label.vi,
      unit: row.unit?.vi ?? null,
      kind: KIND_WORDS.vi[row.kind] ?? row.kind,
      numerator: row.ratio?.numerator ?? null,
      denominator: row.ratio?.denominator ?? null,
      le: le ?? null,
      required: yesNo(row.required),
      level: row.level ?? null,
      mayExceed100: yesNo(row.ratio?.mayExceed100),
      min: row.min ?? null,
      max: row.max ?? null,
      aggregation: row.aggregation ? (AGGREGATION_WORDS.vi[row.aggregation] ?? row.aggregation) : null,
      labelEn: row.label.en ?? null,
      unitEn: row.unit?.en ?? null,
      extra: rest.length > 0 || (row.rules !== undefined && row.rules.length === 0) ? JSON.stringify({ rules: rest } satisfies RowExtra) : null,
    });
  }
  const heading = row?.kind === 'heading';
  return AUTHORING_COLUMNS.map(({ key }): LayoutCell => {
    const style = key === 'label' && heading ? (row?.level === 2 ? 'heading2' : 'heading1') : key === 'label' || key === 'labelEn' ? 'label' : 'note';
    const text = key !== 'level' && key !== 'min' && key !== 'max';
    return { value: values[key], style, check: COLUMN_CHECKS[key], ...(text ? { numFmt: NUMBER_FORMATS.text } : {}) };
  });
}
