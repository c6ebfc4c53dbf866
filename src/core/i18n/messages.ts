import { formatNumber } from '../numfmt';
import type { Problem, ProblemParam, ProblemRule } from '../problems';
import type { Lang, Localized } from '../template';

type Params = Readonly<Record<string, ProblemParam>>;

/**
 * What a message tells the reader to do, in the words of the place it is read: the command line
 * names its options, the task pane its controls. Each host passes its own (the pane's are in
 * pane.ts); the catalogue never asks which host it is in.
 */
export interface ProblemInstructions {
  /** how to consolidate a unit that still has errors */
  readonly includeInvalid: string;
  /** how to give the summary's period */
  readonly period: string;
  /** how to make an appendix sheet */
  readonly createAppendix: string;
  /** how to give a user's template */
  readonly templateFile: string;
}

/** The command line's words, the default. */
export const CLI_INSTRUCTIONS: Readonly<Record<Lang, ProblemInstructions>> = {
  vi: {
    includeInvalid: 'dùng --include-invalid',
    period: 'dùng --from và --to',
    createAppendix: 'bằng lệnh "phuluc new"',
    templateFile: 'dùng tệp JSON của mẫu (--template-file)',
  },
  en: {
    includeInvalid: 'use --include-invalid',
    period: 'use --from and --to',
    createAppendix: 'with "phuluc new"',
    templateFile: "use the template's JSON file (--template-file)",
  },
};

/** p(name) renders a parameter in the reader's language and number style; how says what to do where it is read. */
type Render = (params: Params, p: (name: string) => string, how: ProblemInstructions) => string;
type Catalogue = Readonly<Record<ProblemRule, Render>>;

const vi: Catalogue = {
  'file.unreadable': (_, p) => `Không đọc được tệp: ${p('reason')}.`,
  'file.notXlsx': () => 'Tệp không phải bảng tính .xlsx hay .ods. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx hoặc .ods.',
  'file.encrypted': () => 'Tệp được đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu rồi lưu lại dưới dạng .xlsx hoặc .ods.',
  'file.oldXls': () => 'Tệp là định dạng Excel 97–2003 (.xls). Hãy mở và lưu lại dưới dạng Sổ làm việc Excel (.xlsx).',
  'file.tooLarge': (_, p) =>
    `Tệp quá lớn khi giải nén: phần "${p('part')}" vượt quá giới hạn ${p('limit')} byte nên tệp không được đọc (để tránh treo máy). Tệp có thể bị hỏng; hãy kiểm tra hoặc đề nghị gửi lại.`,
  'file.noAppendix': (_, _p, how) => `Không có trang tính phụ lục nào (không thấy ô "@template" ở cột A). Hãy tạo phụ lục ${how.createAppendix}.`,
  'file.notFound': (_, p) => `Không tìm thấy tệp hoặc thư mục "${p('path')}"; hãy kiểm tra lại tên và đường dẫn.`,
  'file.unsupportedType': (_, p) => `Không đọc được tệp ${p('ext')}: hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx hoặc .ods.`,
  'sheet.templateMalformed': (_, p) => `Giá trị "@template" không hợp lệ: "${p('value')}" (cần dạng mã@phiên bản: ${p('known')}).`,
  'sheet.templateUnknown': (_, p) => `Mẫu phụ lục "${p('id')}" không có trong danh sách mẫu đã biết (${p('known')}).`,
  'sheet.templateVersion': (_, p) => `Mẫu "${p('id')}" phiên bản ${p('version')} không được hỗ trợ (các phiên bản đã biết: ${p('known')}).`,
  'sheet.templateNoVersion': (_, p) =>
    `Ô "@template" ghi "${p('value')}", thiếu phiên bản; mẫu này chỉ có một phiên bản nên được đọc là ${p('key')}. Nên ghi đầy đủ ${p('key')}.`,
  'sheet.unitMissing': () => 'Chưa ghi tên đơn vị báo cáo (dòng "@unit").',
  'sheet.unitCodeMissing': () => 'Chưa ghi mã đơn vị (dòng "@unitCode"); khi tổng hợp, đơn vị sẽ được nhận biết theo tên.',
  'sheet.periodInvalid': (_, p) => `Ngày "${p('value')}" ở dòng "${p('key')}" không hợp lệ (nhập dạng ngày/tháng/năm, ví dụ 30/09/2023).`,
  'sheet.periodOrder': (_, p) => `Kỳ báo cáo không hợp lệ: từ ngày ${p('from')} sau đến ngày ${p('to')}.`,
  'sheet.rowMissing': (_, p) => `Không tìm thấy dòng chỉ tiêu ${p('code')} (${p('label')}) ở cột A; chỉ tiêu này được coi là chưa báo cáo.`,
  'sheet.rowDuplicate': (_, p) => `Mã ${p('code')} xuất hiện nhiều lần ở cột A (các dòng ${p('rows')}); không biết lấy số liệu dòng nào.`,
  'sheet.rowUnknown': (_, p) => `Mã "${p('code')}" ở cột A không thuộc mẫu phụ lục; dòng này bị bỏ qua.`,
  'sheet.rowUnknownMore': (_, p) => `Còn ${p('count')} mã khác ở cột A không thuộc mẫu phụ lục (không liệt kê hết); các dòng này bị bỏ qua.`,
  'sheet.hidden': (_, p) =>
    `Trang tính phụ lục "${p('sheet')}" đang bị ${p('how')}; số liệu của trang này vẫn được kiểm tra và tổng hợp như mọi trang khác. Nếu đây là bản cũ, hãy xóa trang.`,
  'sheet.mergedValue': (_, p) =>
    `Ô ${p('cell')} (chỉ tiêu ${p('code')}) nằm trong vùng ô gộp ${p('range')}; ô gộp chỉ giữ giá trị ở ô đầu ${p('first')}, nên chỉ tiêu này được coi là chưa báo cáo. Hãy bỏ gộp ô và nhập số liệu vào ô ${p('cell')}.`,
  'sheet.truncated': (_, p) =>
    `Trang tính "${p('sheet')}" lặp lại ô quá nhiều lần (tệp có thể bị hỏng hoặc được tạo bất thường); chỉ đọc đến dòng ${p('row')}, phần còn lại không được đọc. Hãy mở tệp, xóa các dòng, cột thừa rồi lưu lại.`,
  'sheet.breakdownMissing': (_, p) =>
    `Trang tổng hợp "${p('sheet')}" không còn trang số liệu từng đơn vị (trang "Chi tiết đơn vị" đã bị xóa hoặc đổi thành trang khác), nên không biết gồm những đơn vị nào và không được tổng hợp tiếp (để tránh tính trùng). Hãy dùng lại tệp tổng hợp gốc.`,
  'sheet.protected': (_, p) =>
    `Trang tính "${p('sheet')}" đang được bảo vệ nên ${p('count')} ô có vấn đề trên trang không được tô màu; danh sách vấn đề vẫn đầy đủ. Bỏ bảo vệ trang (Xem lại → Bỏ bảo vệ trang tính) rồi kiểm tra lại để thấy các ô được đánh dấu.`,
  'value.text': (_, p) => `"${p('text')}" không phải là số (${p('label')}). Nhập số, để trống nếu chưa báo cáo, hoặc x nếu không áp dụng.`,
  'value.textNumber': (_, p) => `"${p('text')}" được nhập dưới dạng chữ, không phải số (${p('label')}); có lẽ là ${p('probable')}. Hãy nhập lại đúng con số.`,
  'value.notWhole': (_, p) => `${p('value')} không phải số nguyên (${p('label')}); số lượng phải là số nguyên.`,
  'value.tooLarge': (_, p) => `${p('value')} quá lớn để là số liệu thật (${p('label')}); số liệu không được vượt quá ${p('max')} về giá trị tuyệt đối.`,
  'value.belowMin': (_, p) => `${p('value')} nhỏ hơn giá trị tối thiểu ${p('min')} (${p('label')}).`,
  'value.aboveMax': (_, p) => `${p('value')} lớn hơn giá trị tối đa ${p('max')} (${p('label')}).`,
  'value.formulaError': (_, p) => `Ô có giá trị lỗi ${p('error')} (${p('label')}); hãy sửa công thức hoặc nhập số.`,
  'value.bool': (_, p) => `Ô chứa giá trị đúng/sai (${p('value')}), không phải số (${p('label')}).`,
  'value.date': (_, p) => `Ô chứa ngày tháng (${p('date')}), không phải số (${p('label')}); kiểm tra định dạng ô.`,
  'value.notYesNo': (_, p) => `"${p('text')}" không phải Có hoặc Không (${p('label')}).`,
  'value.required': (_, p) => `Chỉ tiêu bắt buộc chưa có số liệu (${p('label')}).`,
  'value.ratioTyped': (_, p) => `Dòng tỷ lệ ${p('code')} bị nhập tay (${p('text')}) thay cho công thức; tỷ lệ được tính lại từ tử số và mẫu số.`,
  'value.formulaNoResult': (_, p) =>
    `Ô có công thức =${p('formula')} nhưng tệp không lưu kết quả của công thức (${p('label')}), nên không đọc được số liệu. Hãy mở tệp bằng Excel hoặc LibreOffice cho bảng tính tự tính lại rồi lưu, hoặc nhập thẳng con số.`,
  'value.externalLink': (_, p) =>
    `Số liệu được lấy từ một tệp khác qua công thức =${p('formula')} (${p('label')}); dùng giá trị đã lưu trong tệp là ${p('value')}, có thể đã cũ. Hãy sao chép rồi dán giá trị (Paste Values) thay cho liên kết.`,
  'rule.le': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} lớn hơn ${p('otherLabel')} (${p('other')}) = ${p('otherValue')}.`,
  'rule.ge': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} nhỏ hơn ${p('otherLabel')} (${p('other')}) = ${p('otherValue')}; kiểm tra lại.`,
  'rule.sum': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} khác tổng các chỉ tiêu ${p('parts')} = ${p('sum')}.`,
  'rule.zeroWhenNo': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} trong khi ${p('whenLabel')} (${p('when')}) là "Không".`,
  'rule.pairIncomplete': (_, p) =>
    `Đã nhập ${p('filled')} = ${p('filledValue')} (${p('filledLabel')}) nhưng ${p('how')} ${p('code')} (${p('label')}): nhập số liệu cho ${p('code')}, hoặc 0; nếu chưa có thì để trống cả hai ô. Tỷ lệ "${p('ratioLabel')}" chỉ tính được khi có cả hai số.`,
  'consolidate.templateMismatch': (_, p) => `Đơn vị ${p('unit')} dùng mẫu ${p('found')}, khác mẫu của bản tổng hợp (${p('expected')}); không được tổng hợp.`,
  'consolidate.duplicateSame': (_, p) => `Đơn vị ${p('unit')} có nhiều bản giống hệt nhau (${p('copies')}); chỉ tính một lần (bản ${p('kept')}).`,
  'consolidate.duplicateDiffer': (_, p) =>
    `Đơn vị ${p('unit')} có nhiều bản với số liệu khác nhau (${p('copies')}); chưa tổng hợp đơn vị này cho đến khi bỏ bớt một bản.`,
  'consolidate.doubleCounted': (_, p) =>
    `Đơn vị ${p('unit')} vừa có tệp riêng vừa nằm trong một bản tổng hợp (${p('copies')}); số liệu giống nhau nên chỉ tính một lần (bản ${p('kept')}).`,
  'consolidate.invalidExcluded': (_, p, how) =>
    `Đơn vị ${p('unit')} còn ${p('errors')} lỗi nên không được tổng hợp (${how.includeInvalid} để tổng hợp các ô không có lỗi).`,
  'consolidate.invalidIncluded': (_, p) => `Đơn vị ${p('unit')} còn ${p('errors')} lỗi nhưng vẫn được tổng hợp theo yêu cầu: ${p('leftOut')}.`,
  'consolidate.periodDiffers': (_, p) =>
    `Kỳ báo cáo của đơn vị ${p('unit')} (${p('found')}) khác kỳ của bản tổng hợp (${p('expected')}); số liệu của đơn vị này chưa được tổng hợp.`,
  'consolidate.periodTie': (_, p, how) =>
    `Các đơn vị báo cáo những kỳ khác nhau với số đơn vị bằng nhau (${p('periods')}); không xác định được kỳ của bản tổng hợp. Hãy ghi kỳ tổng hợp (${how.period}).`,
  'consolidate.rosterMissing': (_, p) => `Đơn vị ${p('unit')} có trong danh sách nhưng chưa nộp báo cáo (không có tệp nào của đơn vị này).`,
  'consolidate.notInRoster': (_, p) => `Đơn vị ${p('unit')} không có trong danh sách đơn vị.`,
  'consolidate.nothing': (_, p) => `Không có đơn vị nào được tổng hợp (đã xem ${p('seen')} đơn vị).`,
  'consolidate.rosterUnreadable': (_, p) => `Không đọc được danh sách đơn vị: ${p('reason')}.`,
  'consolidate.rosterDuplicate': (_, p) =>
    `Danh sách đơn vị: dòng ${p('row')} có ${p('kind')} ${p('unit')} trùng với dòng ${p('firstRow')}; chỉ tính dòng ${p('firstRow')}.`,
  'compare.templateDiffers': (_, p) =>
    `Tệp cùng kỳ ${p('file')} theo mẫu ${p('found')}, khác mẫu của bản tổng hợp (${p('expected')}): không so sánh được; chọn bản tổng hợp hoặc phụ lục cùng mẫu của kỳ trước.`,
  'compare.notEarlier': (_, p) =>
    `Kỳ của tệp cùng kỳ ${p('file')} (${p('previous')}) không trước kỳ tổng hợp (${p('current')}); vẫn so sánh, hãy xem lại có chọn đúng tệp kỳ trước không.`,
  'compare.nothing': (_, p) => `Không lấy được số liệu cùng kỳ từ tệp ${p('file')} (không có trang phụ lục hay tổng hợp đọc được): không so sánh.`,
  'sheet.templateCarriedInvalid': (_, p, how) => `Mẫu phụ lục đi kèm tệp (trang ẩn "${p('sheet')}") không dùng được: ${p('reason')}. Hãy ${how.templateFile}.`,
  'sheet.templateConflict': (_, p) =>
    `Tệp ${p('file')} mang theo mẫu ${p('template')} khác với mẫu cùng mã và phiên bản đã có (có sẵn hoặc đã tải): hai mẫu khác nhau không được trùng mã và phiên bản; hãy tăng phiên bản của một mẫu.`,
};

const en: Catalogue = {
  'file.unreadable': (_, p) => `Cannot read the file: ${p('reason')}.`,
  'file.notXlsx': () => 'The file is neither an .xlsx nor an .ods spreadsheet. Open it in Excel or LibreOffice and save it as .xlsx or .ods.',
  'file.encrypted': () => 'The workbook is password-protected. Open it, remove the password and save it as .xlsx or .ods.',
  'file.oldXls': () => 'The file is in the Excel 97–2003 format (.xls). Open it and save it as an Excel Workbook (.xlsx).',
  'file.tooLarge': (_, p) =>
    `The file is too large once unzipped: part "${p('part')}" goes past the limit of ${p('limit')} bytes, so the file is not read (to keep the machine responsive). The file may be damaged; check it or ask for it again.`,
  'file.noAppendix': (_, _p, how) => `No appendix sheet in this workbook (no "@template" cell in column A). Create one ${how.createAppendix}.`,
  'file.notFound': (_, p) => `No such file or folder "${p('path')}"; check the name and the path.`,
  'file.unsupportedType': (_, p) => `Cannot read a ${p('ext')} file: open it in Excel or LibreOffice and save it as .xlsx or .ods.`,
  'sheet.templateMalformed': (_, p) => `The "@template" value "${p('value')}" is not valid (expected id@version: ${p('known')}).`,
  'sheet.templateUnknown': (_, p) => `The appendix template "${p('id')}" is not one of the known templates (${p('known')}).`,
  'sheet.templateVersion': (_, p) => `Version ${p('version')} of template "${p('id')}" is not supported (known versions: ${p('known')}).`,
  'sheet.templateNoVersion': (_, p) =>
    `The "@template" cell says "${p('value')}", without a version; the template has only one version, so it is read as ${p('key')}. Write ${p('key')} in full.`,
  'sheet.unitMissing': () => 'The reporting unit\'s name is missing (row "@unit").',
  'sheet.unitCodeMissing': () => 'The unit code is missing (row "@unitCode"); consolidation will identify the unit by its name.',
  'sheet.periodInvalid': (_, p) => `The date "${p('value')}" in row "${p('key')}" is not valid (type it as day/month/year, e.g. 30/09/2023).`,
  'sheet.periodOrder': (_, p) => `The reporting period is not valid: from ${p('from')} is after to ${p('to')}.`,
  'sheet.rowMissing': (_, p) => `Indicator row ${p('code')} (${p('label')}) was not found in column A; it is treated as not reported.`,
  'sheet.rowDuplicate': (_, p) => `Code ${p('code')} appears more than once in column A (rows ${p('rows')}); it is not clear which figure to use.`,
  'sheet.rowUnknown': (_, p) => `Code "${p('code')}" in column A is not part of the template; the row is ignored.`,
  'sheet.rowUnknownMore': (_, p) => `${p('count')} more codes in column A are not part of the template (not all listed); those rows are ignored.`,
  'sheet.hidden': (_, p) =>
    `Appendix sheet "${p('sheet')}" is ${p('how')}; its figures are still checked and consolidated like any other sheet's. If it is an old copy, delete the sheet.`,
  'sheet.mergedValue': (_, p) =>
    `Cell ${p('cell')} (indicator ${p('code')}) is inside the merged range ${p('range')}; a merge keeps only the value of its first cell ${p('first')}, so this indicator is taken as not reported. Unmerge the cells and type the figure in ${p('cell')}.`,
  'sheet.truncated': (_, p) =>
    `Sheet "${p('sheet')}" repeats cells too many times (the file may be damaged or made oddly); it is read up to row ${p('row')} only, the rest is not read. Open the file, delete the extra rows and columns, and save it again.`,
  'sheet.breakdownMissing': (_, p) =>
    `Summary sheet "${p('sheet')}" has lost its per-unit sheet ("Unit details" was deleted or replaced), so the units it holds cannot be told and it is not consolidated further (to avoid counting anyone twice). Use the original summary file.`,
  'sheet.protected': (_, p) =>
    `Sheet "${p('sheet')}" is protected, so its cells with a problem (${p('count')}) were not coloured; the list of problems is complete. Unprotect the sheet (Review → Unprotect Sheet) and check again to see the cells marked.`,
  'value.text': (_, p) => `"${p('text')}" is not a number (${p('label')}). Type a number, leave it blank if not reported, or x if not applicable.`,
  'value.textNumber': (_, p) => `"${p('text')}" was typed as text, not as a number (${p('label')}); it probably means ${p('probable')}. Type the number again.`,
  'value.notWhole': (_, p) => `${p('value')} is not a whole number (${p('label')}); counts must be whole numbers.`,
  'value.tooLarge': (_, p) => `${p('value')} is too large to be a real figure (${p('label')}); figures may not exceed ${p('max')} in absolute value.`,
  'value.belowMin': (_, p) => `${p('value')} is below the minimum ${p('min')} (${p('label')}).`,
  'value.aboveMax': (_, p) => `${p('value')} is above the maximum ${p('max')} (${p('label')}).`,
  'value.formulaError': (_, p) => `The cell holds the error value ${p('error')} (${p('label')}); fix the formula or type a number.`,
  'value.bool': (_, p) => `The cell holds a true/false value (${p('value')}), not a number (${p('label')}).`,
  'value.date': (_, p) => `The cell holds a date (${p('date')}), not a number (${p('label')}); check the cell format.`,
  'value.notYesNo': (_, p) => `"${p('text')}" is neither Có (yes) nor Không (no) (${p('label')}).`,
  'value.required': (_, p) => `A required indicator has no figure (${p('label')}).`,
  'value.ratioTyped': (_, p) =>
    `Ratio row ${p('code')} was typed over (${p('text')}) instead of its formula; the ratio is recomputed from numerator and denominator.`,
  'value.formulaNoResult': (_, p) =>
    `The cell holds the formula =${p('formula')} but the file has no saved result for it (${p('label')}), so the figure cannot be read. Open the file in Excel or LibreOffice, let it recalculate and save it, or type the number.`,
  'value.externalLink': (_, p) =>
    `The figure comes from another workbook through the formula =${p('formula')} (${p('label')}); the value saved in the file, ${p('value')}, is used and may be out of date. Copy and paste the value (Paste Values) instead of the link.`,
  'rule.le': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} is greater than ${p('otherLabel')} (${p('other')}) = ${p('otherValue')}.`,
  'rule.ge': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} is less than ${p('otherLabel')} (${p('other')}) = ${p('otherValue')}; please check.`,
  'rule.sum': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} differs from the sum of ${p('parts')} = ${p('sum')}.`,
  'rule.zeroWhenNo': (_, p) => `${p('label')} (${p('code')}) = ${p('value')} while ${p('whenLabel')} (${p('when')}) is "Không" (no).`,
  'rule.pairIncomplete': (_, p) =>
    `${p('filled')} = ${p('filledValue')} (${p('filledLabel')}) is filled in but ${p('code')} (${p('label')}) is ${p('how')}: type the figure for ${p('code')}, or 0; if neither is known yet, leave both blank. The rate "${p('ratioLabel')}" needs both.`,
  'consolidate.templateMismatch': (_, p) => `Unit ${p('unit')} uses template ${p('found')}, not the summary's (${p('expected')}); it is left out.`,
  'consolidate.duplicateSame': (_, p) => `Unit ${p('unit')} was sent more than once with identical figures (${p('copies')}); counted once (${p('kept')}).`,
  'consolidate.duplicateDiffer': (_, p) =>
    `Unit ${p('unit')} was sent more than once with different figures (${p('copies')}); held back until one copy is removed.`,
  'consolidate.doubleCounted': (_, p) =>
    `Unit ${p('unit')} is both in its own file and inside a summary (${p('copies')}); the figures are identical, so it is counted once (${p('kept')}).`,
  'consolidate.invalidExcluded': (params, p, how) =>
    `Unit ${p('unit')} has ${p('errors')} ${params['errors'] === 1 ? 'error' : 'errors'} and is left out (${how.includeInvalid} to add its cells that have no error).`,
  'consolidate.invalidIncluded': (params, p) =>
    `Unit ${p('unit')} has ${p('errors')} ${params['errors'] === 1 ? 'error' : 'errors'} but is included as asked: ${p('leftOut')}.`,
  'consolidate.periodDiffers': (_, p) =>
    `Unit ${p('unit')} reports the period ${p('found')}, not the summary's (${p('expected')}); its figures are not consolidated.`,
  'consolidate.periodTie': (_, p, how) =>
    `Units report different periods in equal numbers (${p('periods')}); the summary's period cannot be told. Give it (${how.period}).`,
  'consolidate.rosterMissing': (_, p) => `Unit ${p('unit')} is on the roster but sent no report (no file of this unit was received).`,
  'consolidate.notInRoster': (_, p) => `Unit ${p('unit')} is not on the roster.`,
  'consolidate.nothing': (_, p) => `No unit could be consolidated (${p('seen')} seen).`,
  'consolidate.rosterUnreadable': (_, p) => `The roster cannot be read: ${p('reason')}.`,
  'consolidate.rosterDuplicate': (_, p) =>
    `Roster: row ${p('row')} repeats the ${p('kind')} ${p('unit')} of row ${p('firstRow')}; only row ${p('firstRow')} counts.`,
  'compare.templateDiffers': (_, p) =>
    `The same-period file ${p('file')} uses template ${p('found')}, not the summary's (${p('expected')}): nothing compared; choose an earlier summary or appendix of the same template.`,
  'compare.notEarlier': (_, p) =>
    `The period of the same-period file ${p('file')} (${p('previous')}) is not before the summary's (${p('current')}); compared all the same: check that the earlier file was chosen.`,
  'compare.nothing': (_, p) => `No figures for the same period could be read from ${p('file')} (no readable appendix or summary sheet): nothing compared.`,
  'sheet.templateCarriedInvalid': (_, p, how) =>
    `The template carried by the file (hidden sheet "${p('sheet')}") cannot be used: ${p('reason')}. ${how.templateFile.charAt(0).toUpperCase()}${how.templateFile.slice(1)}.`,
  'sheet.templateConflict': (_, p) =>
    `${p('file')} carries a template ${p('template')} that differs from the one of the same id and version already known (built in or loaded): two different templates cannot share an id and version; raise the version of one.`,
};

export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { vi, en };

const isLocalized = (v: ProblemParam): v is Localized => typeof v === 'object' && v !== null && 'vi' in v;

export function renderParam(value: ProblemParam | undefined, lang: Lang): string {
  if (value === undefined) return '?';
  if (typeof value === 'number') return renderNumber(value, lang);
  if (isLocalized(value)) return lang === 'en' && value.en ? value.en : value.vi;
  return value;
}

/**
 * A number as the file holds it: past 2^53 Intl rounds to 17 digits (2^60 would read
 * 1.152.921.504.606.847.000), so whole numbers are written digit for digit; past 10^21 digits
 * stop meaning anything to a reader: 1e+308.
 */
function renderNumber(value: number, lang: Lang): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return String(value);
  if (Number.isSafeInteger(value) || !Number.isInteger(value)) return formatNumber(value, lang, { maxDecimals: 4 });
  const group = lang === 'vi' ? '.' : ',';
  return BigInt(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

/** The problem's text in the reader's language; what to do in the words of where it is read (the command line's unless said). */
export function formatProblem(problem: Problem, lang: Lang, how: ProblemInstructions = CLI_INSTRUCTIONS[lang]): string {
  const render = CATALOGUES[lang][problem.rule];
  return render(problem.params, (name) => renderParam(problem.params[name], lang), how);
}
