import type { Lang } from '../model';
import type { TemplateIssueParam, TemplateIssueRule } from '../template-check';

/**
 * What is wrong with a user's template, in Vietnamese and English: one sentence per rule of
 * src/core/template-check.ts and of the authoring sheet (src/sheet/from-authoring.ts). The rule
 * and its parameters are the data; these are only its words.
 */

export type AuthoringRule =
  | 'sheet.noHeader'
  | 'sheet.kind'
  | 'sheet.yesno'
  | 'sheet.number'
  | 'sheet.whole'
  | 'sheet.date'
  | 'sheet.aggregation'
  | 'sheet.json'
  | 'sheet.notTemplate';

export type TemplateMessageRule = TemplateIssueRule | AuthoringRule;
type Params = Readonly<Record<string, TemplateIssueParam>>;
type Render = (p: (name: string) => string, params: Params) => string;

/** The kinds of row, as the authoring sheet's list names them. */
export const KIND_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  vi: { heading: 'tiêu đề', count: 'số lượng', number: 'số', percent: 'tỷ lệ nhập (%)', yesno: 'có/không', text: 'chữ', ratio: 'tỷ lệ tính' },
  en: { heading: 'heading', count: 'count', number: 'number', percent: 'percent typed (%)', yesno: 'yes/no', text: 'text', ratio: 'computed ratio' },
};

/** How a template's aggregations are named in the authoring sheet. */
export const AGGREGATION_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  vi: { sum: 'cộng', ratio: 'tỷ lệ', mean: 'trung bình', share: 'tỷ lệ có', none: 'không tổng hợp' },
  en: { sum: 'sum', ratio: 'ratio', mean: 'mean', share: 'share answering yes', none: 'not aggregated' },
};

const TYPE_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  vi: {
    string: 'chữ (trong dấu "")',
    number: 'số',
    int: 'số nguyên',
    boolean: 'true hoặc false',
    object: 'đối tượng { … }',
    array: 'danh sách [ … ]',
    null: 'null',
    undefined: 'không có',
  },
  en: {
    string: 'text (in "")',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object { … }',
    array: 'a list [ … ]',
    null: 'null',
    undefined: 'nothing',
  },
};

const words = (table: Readonly<Record<string, string>>, list: string): string =>
  list
    .split(/,\s*/)
    .filter(Boolean)
    .map((w) => `"${table[w] ?? w}"`)
    .join(', ');

const vi: Readonly<Record<TemplateMessageRule, Render>> = {
  'json.parse': (p) => `Tệp không phải JSON hợp lệ: lỗi ở dòng ${p('line')}, cột ${p('column')} (${p('detail')}).`,
  type: (p, params) =>
    `Cần ${TYPE_WORDS.vi[String(params.expected)] ?? p('expected')}, nhưng gặp ${TYPE_WORDS.vi[String(params.received)] ?? p('received')}${params.value !== '' ? ` (${p('value')})` : ''}.`,
  missing: (p) => `Thiếu mục bắt buộc "${p('field')}".`,
  'kind.unknown': (p, params) =>
    `Loại chỉ tiêu "${p('value')}" không có; chỉ dùng: ${words(KIND_WORDS.vi, String(params.options))} (viết trong JSON là ${p('options')}).`,
  'aggregation.unknown': (p) => `Cách tổng hợp "${p('value')}" không có; chỉ dùng: ${p('options')}.`,
  enum: (p) => `Giá trị "${p('value')}" không được phép; chỉ dùng: ${p('options')}.`,
  'level.heading': (p) => `Cấp tiêu đề "${p('value')}" không hợp lệ: chỉ là 1 (mục) hoặc 2 (tiểu mục).`,
  'level.section': (p) => `Cấp đề mục "${p('value')}" không hợp lệ: chỉ là 1, 2 hoặc 3.`,
  'rule.type': (p) => `Loại ràng buộc "${p('value')}" không có; chỉ dùng: ${p('options')}.`,
  'text.empty': () => 'Nội dung chữ không được để trống.',
  'rows.empty': () => 'Mẫu phải có ít nhất một chỉ tiêu.',
  'list.empty': () => 'Danh sách không được để trống.',
  'version.invalid': (p) => `Phiên bản "${p('value')}" không hợp lệ: cần một số nguyên dương (1, 2, …).`,
  'number.tooSmall': (p) => `Giá trị ${p('value')} quá nhỏ: cần lớn hơn ${p('minimum')}.`,
  'keys.unknown': (p) => `Mục không có trong mẫu (viết sai tên?): ${p('keys')}.`,
  'id.format': (p) => `Mã mẫu "${p('value')}" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu "-", bắt đầu bằng chữ hoặc số.`,
  'code.format': (p) => `Mã chỉ tiêu "${p('value')}" không hợp lệ: chỉ dùng chữ không dấu, chữ số, ".", "_" hoặc "-", bắt đầu bằng chữ hoặc số.`,
  'date.format': (p) => `Ngày "${p('value')}" không hợp lệ: trong JSON viết dạng YYYY-MM-DD (ví dụ 2024-12-31).`,
  format: (p) => `Giá trị "${p('value')}" không đúng định dạng.`,
  'code.duplicate': (p) => `Mã chỉ tiêu "${p('code')}" bị trùng: mỗi chỉ tiêu cần một mã riêng.`,
  'ref.unknown': (p) => `Không có chỉ tiêu mã "${p('code')}" trong mẫu.`,
  'ref.kind': (p, params) =>
    `Chỉ tiêu "${p('code')}" có loại "${KIND_WORDS.vi[String(params.kind)] ?? p('kind')}", nhưng ở đây cần loại ${words(KIND_WORDS.vi, String(params.expected))}.`,
  'ratio.missing': () => 'Chỉ tiêu tỷ lệ tính cần có tử số và mẫu số.',
  'ratio.notRatio': () => 'Chỉ chỉ tiêu loại "tỷ lệ tính" mới có tử số, mẫu số.',
  'heading.extra': () => 'Dòng tiêu đề không có đơn vị tính và không có ràng buộc.',
  'min.aboveMax': () => 'Giá trị nhỏ nhất lớn hơn giá trị lớn nhất.',
  'rules.notNumeric': (p, params) =>
    `Ràng buộc chỉ đặt cho chỉ tiêu số (số lượng, số, tỷ lệ nhập), không cho loại "${KIND_WORDS.vi[String(params.kind)] ?? p('kind')}".`,
  'sentence.unknownCode': (p) => `Câu mẫu nhắc đến {${p('code')}}, nhưng không có chỉ tiêu số liệu mã "${p('code')}".`,
  'sentence.brackets': () => 'Câu mẫu có dấu [ và ] không cân: mỗi [ cần một ] đóng.',
  'period.order': () => 'Kỳ mặc định: ngày bắt đầu sau ngày kết thúc.',
  'sum.cycle': (p) => `Các ràng buộc tổng tạo thành vòng lặp: ${p('cycle')} (một chỉ tiêu không thể là tổng của chính nó).`,
  schema: (p) => `Mẫu không hợp lệ: ${p('message')}.`,
  'sheet.noHeader': () => 'Không thấy dòng tiêu đề bảng (các cột "Mã", "Nội dung", "Loại"). Hãy dùng trang thiết kế tạo bằng "phuluc template sheet".',
  'sheet.kind': (p) => `Loại "${p('value')}" không có; chọn một trong: ${p('options')}.`,
  'sheet.yesno': (p) => `"${p('value')}": ghi "có" hoặc "không" (hoặc để trống).`,
  'sheet.number': (p) => `"${p('value')}" không phải là số.`,
  'sheet.whole': (p) => `"${p('value')}" không phải là số nguyên dương.`,
  'sheet.date': (p) => `"${p('value')}" không phải là ngày (dd/mm/yyyy).`,
  'sheet.aggregation': (p) => `Cách tổng hợp "${p('value')}" không có; chọn một trong: ${p('options')}.`,
  'sheet.json': (p) => `Ô dữ liệu ẩn không đọc được (JSON hỏng: ${p('detail')}); đừng sửa tay cột này.`,
  'sheet.notTemplate': (p) => `Không đọc được trang tính "${p('sheet')}" như một trang thiết kế mẫu.`,
};

const en: Readonly<Record<TemplateMessageRule, Render>> = {
  'json.parse': (p) => `The file is not valid JSON: error at line ${p('line')}, column ${p('column')} (${p('detail')}).`,
  type: (p, params) =>
    `Expected ${TYPE_WORDS.en[String(params.expected)] ?? p('expected')}, found ${TYPE_WORDS.en[String(params.received)] ?? p('received')}${params.value !== '' ? ` (${p('value')})` : ''}.`,
  missing: (p) => `The required entry "${p('field')}" is missing.`,
  'kind.unknown': (p, params) =>
    `There is no kind of row "${p('value')}"; use one of: ${words(KIND_WORDS.en, String(params.options))} (in JSON: ${p('options')}).`,
  'aggregation.unknown': (p) => `There is no aggregation "${p('value')}"; use one of: ${p('options')}.`,
  enum: (p) => `"${p('value')}" is not allowed; use one of: ${p('options')}.`,
  'level.heading': (p) => `Heading level "${p('value')}" is not valid: 1 (section) or 2 (sub-section) only.`,
  'level.section': (p) => `Outline level "${p('value')}" is not valid: 1, 2 or 3 only.`,
  'rule.type': (p) => `There is no rule type "${p('value')}"; use one of: ${p('options')}.`,
  'text.empty': () => 'The text must not be empty.',
  'rows.empty': () => 'A template needs at least one row.',
  'list.empty': () => 'The list must not be empty.',
  'version.invalid': (p) => `Version "${p('value')}" is not valid: a whole number from 1 up.`,
  'number.tooSmall': (p) => `${p('value')} is too small: it must be above ${p('minimum')}.`,
  'keys.unknown': (p) => `Entries a template does not have (misspelt?): ${p('keys')}.`,
  'id.format': (p) => `Template id "${p('value')}" is not valid: lower-case letters, digits and "-", starting with a letter or digit.`,
  'code.format': (p) => `Row code "${p('value')}" is not valid: letters, digits, ".", "_" or "-", starting with a letter or digit.`,
  'date.format': (p) => `Date "${p('value')}" is not valid: in JSON it is written YYYY-MM-DD (e.g. 2024-12-31).`,
  format: (p) => `"${p('value')}" is not in the expected format.`,
  'code.duplicate': (p) => `Row code "${p('code')}" is used twice: each row needs a code of its own.`,
  'ref.unknown': (p) => `There is no row with code "${p('code')}" in the template.`,
  'ref.kind': (p, params) =>
    `Row "${p('code')}" is a "${KIND_WORDS.en[String(params.kind)] ?? p('kind')}" row, but a ${words(KIND_WORDS.en, String(params.expected))} row is needed here.`,
  'ratio.missing': () => 'A computed ratio row needs a numerator and a denominator.',
  'ratio.notRatio': () => 'Only "computed ratio" rows have a numerator and denominator.',
  'heading.extra': () => 'A heading has no unit and no rules.',
  'min.aboveMax': () => 'The minimum is above the maximum.',
  'rules.notNumeric': (p, params) => `Rules apply to numeric rows (count, number, percent), not to a "${KIND_WORDS.en[String(params.kind)] ?? p('kind')}" row.`,
  'sentence.unknownCode': (p) => `The sentence names {${p('code')}}, but there is no figure row with code "${p('code')}".`,
  'sentence.brackets': () => 'The sentence has unbalanced [ and ]: each [ needs a closing ].',
  'period.order': () => 'Default period: the start is after the end.',
  'sum.cycle': (p) => `The sum rules go round in a circle: ${p('cycle')} (a row cannot be a sum of itself).`,
  schema: (p) => `The template is not valid: ${p('message')}.`,
  'sheet.noHeader': () => 'No table header row found (columns "Mã", "Nội dung", "Loại"). Use the design sheet made by "phuluc template sheet".',
  'sheet.kind': (p) => `There is no kind "${p('value')}"; choose one of: ${p('options')}.`,
  'sheet.yesno': (p) => `"${p('value')}": write "có" (yes) or "không" (no), or leave it blank.`,
  'sheet.number': (p) => `"${p('value')}" is not a number.`,
  'sheet.whole': (p) => `"${p('value')}" is not a whole number from 1 up.`,
  'sheet.date': (p) => `"${p('value')}" is not a date (dd/mm/yyyy).`,
  'sheet.aggregation': (p) => `There is no aggregation "${p('value')}"; choose one of: ${p('options')}.`,
  'sheet.json': (p) => `The hidden data cell cannot be read (broken JSON: ${p('detail')}); do not edit this column by hand.`,
  'sheet.notTemplate': (p) => `Sheet "${p('sheet')}" cannot be read as a template design sheet.`,
};

const TABLES: Readonly<Record<Lang, Readonly<Record<TemplateMessageRule, Render>>>> = { vi, en };

/** One issue in the reader's language. */
export function templateMessage(issue: { readonly rule: string; readonly params: Params }, lang: Lang): string {
  const render = TABLES[lang][issue.rule as TemplateMessageRule];
  const p = (name: string): string => String(issue.params[name] ?? '');
  if (!render) return TABLES[lang].schema(p, issue.params).replace(/: \.$/, `: ${issue.rule}.`);
  return render(p, issue.params);
}

/** Where an issue is: its path, or the whole file. */
export const templatePlace = (path: string, lang: Lang): string => path || (lang === 'vi' ? '(toàn tệp)' : '(whole file)');

/** The words of `phuluc template …` around the issues. */
export const TEMPLATE_CLI = {
  vi: {
    valid: (file: string, key: string) => `${file}: mẫu hợp lệ (${key}).`,
    invalid: (file: string, n: number) => `${file}: ${n} vấn đề; hãy sửa rồi kiểm tra lại.`,
    sheetWritten: (file: string, what: string) => `Đã tạo ${file} (${what}). Điền xong, chạy: phuluc template from-sheet ${file} -o mau.json`,
    emptySheet: 'trang thiết kế trống',
    fromTemplate: (key: string) => `thiết kế của mẫu ${key}`,
    jsonWritten: (file: string, key: string) => `Đã ghi mẫu ${key} vào ${file}. Kiểm tra: phuluc template check ${file}`,
    noDesignSheet: (file: string) => `${file}: không có trang tính thiết kế mẫu (dòng tiêu đề có "Mã" và "Loại").`,
    notFound: (file: string) => `không tìm thấy tệp ${file}`,
    cannotRead: (file: string, reason: string) => `không đọc được ${file}: ${reason}`,
    noTemplateInFile: (file: string, id: string) => `${file} không có mẫu "${id}"`,
    notValidForSheet: (file: string) => `${file}: mẫu có lỗi; xem: phuluc template check ${file}`,
  },
  en: {
    valid: (file: string, key: string) => `${file}: the template is valid (${key}).`,
    invalid: (file: string, n: number) => `${file}: ${n} problem${n === 1 ? '' : 's'}; correct and check again.`,
    sheetWritten: (file: string, what: string) => `Wrote ${file} (${what}). When filled in, run: phuluc template from-sheet ${file} -o template.json`,
    emptySheet: 'an empty design sheet',
    fromTemplate: (key: string) => `the design of template ${key}`,
    jsonWritten: (file: string, key: string) => `Wrote template ${key} to ${file}. Check it: phuluc template check ${file}`,
    noDesignSheet: (file: string) => `${file}: no template design sheet (a header row with "Mã" and "Loại").`,
    notFound: (file: string) => `file ${file} not found`,
    cannotRead: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
    noTemplateInFile: (file: string, id: string) => `${file} has no template "${id}"`,
    notValidForSheet: (file: string) => `${file}: the template has problems; see: phuluc template check ${file}`,
  },
} as const;

/** The words of `phuluc template from-text`. */
export const TEMPLATE_FROM_TEXT = {
  vi: {
    unreadable: (file: string, why: string) => `không đọc được ${file}: ${why}`,
    notText: (file: string) => `${file} không phải tệp văn bản (.txt, UTF-8); hãy lưu kế hoạch dưới dạng văn bản thuần`,
    badId: (id: string) => `--id ${id}: mã mẫu chỉ gồm chữ thường không dấu, chữ số và "-"`,
    notJson: (file: string) => `-o ${file}: tệp ra phải có đuôi .json`,
    nothing: (file: string) => `không nhận ra dòng nào của phụ lục trong ${file}; không ghi tệp nào`,
    written: (file: string, rows: number) => `Đã ghi bản nháp ${file}: ${rows} dòng mẫu.`,
    whole: 'Không thấy mục "PHỤ LỤC": đã đọc cả văn bản.',
    left: (n: number) => `${n} dòng chưa hiểu được, cần thêm vào mẫu bằng tay:`,
    line: (n: number, text: string) => `dòng ${n}: ${text}`,
  },
  en: {
    unreadable: (file: string, why: string) => `cannot read ${file}: ${why}`,
    notText: (file: string) => `${file} is not a text file (.txt, UTF-8); save the plan as plain text`,
    badId: (id: string) => `--id ${id}: an id is lower-case letters without accents, digits and "-"`,
    notJson: (file: string) => `-o ${file}: the output must end in .json`,
    nothing: (file: string) => `no line of an appendix recognised in ${file}; no file was written`,
    written: (file: string, rows: number) => `Wrote the draft ${file}: ${rows} template rows.`,
    whole: 'No "PHỤ LỤC" section found: the whole text was read.',
    left: (n: number) => `${n} line(s) not understood, to add to the template by hand:`,
    line: (n: number, text: string) => `line ${n}: ${text}`,
  },
} as const;
