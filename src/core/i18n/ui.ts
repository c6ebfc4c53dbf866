import type { Lang } from '../template';

/** "Tổng hợp", "Kiểm tra" — names as the messages quote them. */
const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Fixed texts of sheets, command line and task pane, in both languages. */
const vi = {
  appendix: 'PHỤ LỤC',
  metaTemplate: 'Mẫu phụ lục',
  metaUnit: 'Đơn vị báo cáo',
  metaUnitCode: 'Mã đơn vị',
  metaFrom: 'Từ ngày',
  metaTo: 'Đến ngày',
  colCode: 'Mã',
  colLabel: 'Chỉ tiêu',
  colUnit: 'Đơn vị tính',
  colValue: 'Số liệu',
  colNote: 'Ghi chú',
  period: (from: string, to: string) => `(Số liệu từ ngày ${from} đến ngày ${to})`,
  legendTitle: 'Cách nhập:',
  legend: [
    'Để trống = chưa báo cáo; 0 = có báo cáo, số liệu bằng 0; x = không áp dụng.',
    'Số lượng nhập số nguyên, không dùng dấu chấm phân cách hàng nghìn; chỉ số (%) nhập từ 0 đến 100.',
    'Các dòng tỷ lệ (%) tự tính bằng công thức, không nhập tay. Không xóa, không sửa cột A (mã chỉ tiêu).',
  ],
  validationCountTitle: 'Số nguyên ≥ 0',
  validationCount: 'Nhập số nguyên từ 0 trở lên, hoặc x nếu không áp dụng; để trống nếu chưa báo cáo.',
  validationPercentTitle: 'Từ 0 đến 100',
  validationPercent: (min: string, max: string) => `Nhập số từ ${min} đến ${max}, hoặc x nếu không áp dụng.`,
  validationNumberTitle: 'Số',
  validationNumber: 'Nhập một số, hoặc x nếu không áp dụng.',
  validationYesNoTitle: 'Có / Không',
  validationYesNo: 'Chọn Có hoặc Không, hoặc x nếu không áp dụng.',
  yes: 'Có',
  no: 'Không',
  severity: { error: 'lỗi', warning: 'cảnh báo' },
  summaryLine: (errors: number, warnings: number, files: number) => `${errors} lỗi, ${warnings} cảnh báo trong ${files} tệp.`,
  allGood: (files: number) => `Không có lỗi trong ${files} tệp.`,
  fileExists: (file: string) => `Tệp ${file} đã có; dùng --force để ghi đè.`,
  written: (file: string, template: string) => `Đã tạo ${file} (mẫu ${template}).`,
  // phuluc distribute: one workbook per roster unit
  deadlineLine: (date: string) => `Hạn gửi báo cáo: ${date}`,
  distributed: (files: number, folder: string, template: string, from: string, to: string, deadline?: string) =>
    `Đã tạo ${files} tệp trong ${folder} (mẫu ${template}, kỳ ${from} – ${to}${deadline ? `, hạn ${deadline}` : ''}).`,
  distributeNoUnits: (roster: string) => `Danh sách ${roster} không có đơn vị nào; chưa tạo tệp nào.`,
  distributeExist: (files: readonly string[]) => `${files.length} tệp đã có: ${files.join(', ')}; dùng --force để ghi đè. Chưa tạo tệp nào.`,
  distributeSameName: (unit: string, wanted: string, used: string) => `Đơn vị "${unit}" trùng tên tệp ${wanted} với một đơn vị khác nên được ghi vào ${used}.`,
  distributeNoCode: (unit: string, file: string) => `Đơn vị "${unit}" không có mã đơn vị; tệp được đặt theo tên: ${file}.`,
  summaryTitle: 'TỔNG HỢP PHỤ LỤC',
  summarySheet: 'Tổng hợp',
  problemsSheet: 'Kiểm tra',
  unitsSheet: 'Đơn vị',
  colReported: 'Số đơn vị báo cáo',
  colPrevious: 'Cùng kỳ',
  colChange: 'Tăng (+)/giảm (−)',
  colChangePercent: 'Tăng/giảm (%)',
  previousFrom: 'Cùng kỳ so sánh: từ ngày',
  previousTo: 'Cùng kỳ so sánh: đến ngày',
  summaryLeaves: 'Số đơn vị được tổng hợp',
  summaryExpected: 'Số đơn vị phải báo cáo',
  summaryExcluded: 'Số đơn vị đã nhận nhưng chưa tổng hợp',
  summaryBreakdown: 'Số liệu từng đơn vị: trang',
  breakdownSheet: 'Chi tiết đơn vị',
  breakdownKey: 'Khóa',
  breakdownHeaders: ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Nguồn (tệp › trang tính)', 'Từ ngày', 'Đến ngày'],
  noteMean: (n: number) => `Bình quân của ${n} đơn vị`,
  noteShare: (yes: number, answered: number, share: string) => `Có: ${yes}/${answered} đơn vị (${share})`,
  noteNotApplicable: 'Không áp dụng (x) ở mọi đơn vị báo cáo',
  summaryLegend: [
    'Cột "Số liệu" = tổng của các đơn vị có báo cáo (ô trống và x không cộng); tỷ lệ tính lại từ tổng tử số và tổng mẫu số; chỉ số (%) là bình quân các đơn vị có báo cáo; dòng Có/Không là số đơn vị trả lời Có.',
    'Trang "Chi tiết đơn vị" có số liệu của từng đơn vị, mỗi đơn vị một dòng (có thể sắp xếp, lọc); trang "Kiểm tra" liệt kê mọi vấn đề cần xem xét; trang "Đơn vị" liệt kê các đơn vị và tình trạng.',
  ],
  problemHeaders: ['Mức độ', 'Tệp', 'Trang tính', 'Ô', 'Mã chỉ tiêu', 'Nội dung', 'Mã quy tắc (dùng cho máy)'],
  unitHeaders: ['Mã đơn vị', 'Tên đơn vị', 'Tình trạng', 'Lý do, ghi chú', 'Tệp', 'Trang tính', 'Cột / dòng', 'Từ ngày', 'Đến ngày', 'Số lỗi'],
  unitStatus: {
    included: 'Đã tổng hợp',
    excluded: 'Đã nhận, chưa tổng hợp',
    missing: 'Chưa nộp',
  },
  unitFlag: {
    notInRoster: 'không có trong danh sách đơn vị',
    duplicate: 'nhận được nhiều bản',
    unreadable: 'có tệp không đọc được',
  },
  reason: {
    errors: 'số liệu còn lỗi (xem trang "Kiểm tra")',
    period: 'khác kỳ báo cáo của bản tổng hợp',
    duplicateDiffer: 'gửi nhiều bản với số liệu khác nhau',
    duplicateSame: 'bản trùng, đã tính một bản khác',
    template: 'dùng mẫu phụ lục khác hoặc ô "@template" không hợp lệ',
    file: 'tệp không đọc được (xem trang "Kiểm tra")',
    noAppendix: 'tệp không có trang phụ lục',
    fileType: 'tệp không phải .xlsx hay .ods',
    notFound: 'không tìm thấy tệp',
  },
  consolidatedUnits: (included: number, known: number, file: string) => `Đã tổng hợp ${included}/${known} đơn vị vào ${file}.`,
  unitCounts: (excluded: number, missing: number) =>
    [excluded > 0 ? `${excluded} đơn vị đã nhận nhưng chưa tổng hợp` : '', missing > 0 ? `${missing} đơn vị chưa nộp` : ''].filter(Boolean).join(', '),
  seeChecks: (file: string) => `Xem trang "Kiểm tra" và "Đơn vị" trong ${file}.`,
  periodBoth: 'cần cả --from và --to (kỳ của bản tổng hợp).',
  periodOrder: (from: string, to: string) => `--from ${from} sau --to ${to}.`,
  noProblems: 'Không có vấn đề nào.',
  progress: (done: number, total: number) => `Đang đọc ${done}/${total} tệp…`,
  // Excel add-in (src/excel)
  excelLimitValidation: 'kiểm tra dữ liệu ngay trong ô nhập (Data Validation; cần ExcelApi 1.8, có từ Excel 2019)',
  excelLimitPrint: 'thiết lập trang in khổ A4, vừa một trang ngang, lặp dòng tiêu đề (cần ExcelApi 1.9: Excel 2021, Microsoft 365 hoặc Excel trên web)',
  excelLimitTooOld: 'mọi lệnh của Phụ lục (cần ExcelApi 1.7: Excel 2019 trở lên, Microsoft 365 hoặc Excel trên web)',
  excelTooOld:
    'Phiên bản Excel này quá cũ cho Phụ lục (cần ExcelApi 1.7: Excel 2019 trở lên, Microsoft 365 hoặc Excel trên web). Có thể mở Phụ lục trong trình duyệt để dùng chế độ tệp.',
  thisWorkbook: 'Sổ làm việc này',
  generatedBy:
    'Trang này do Phụ lục tạo và được ghi lại tại chỗ mỗi lần chạy lại lệnh (công thức trỏ vào trang vẫn giữ nguyên). Không sửa các dòng đánh dấu này.',
  sheetMissing: (name: string) => `Không tìm thấy trang tính "${name}" (có thể đã bị xóa hoặc đổi tên); hãy kiểm tra lại.`,
  sheetHidden: (name: string) => `Trang tính "${name}" đang bị ẩn; hãy hiện trang này để xem ô có vấn đề.`,
  chartsSheet: 'Biểu đồ',
  chartUnit: 'Đơn vị',
  chartRate: 'Tỷ lệ (%)',
  chartOverall: 'Chung (tổng hợp)',
  chartNone: 'Chưa có tỷ lệ nào để vẽ biểu đồ.',
  narrativeSheet: 'Báo cáo',
  // Writing into the workbook (src/excel): what a failure leaves, protected sheets
  sheetsProtected: (names: readonly string[]) =>
    `${names.length > 1 ? 'Các trang' : 'Trang'} ${quoteList(names)} do Phụ lục tạo đang được bảo vệ (Xem lại → Bỏ bảo vệ trang tính) nên không ghi lại được; hãy bỏ bảo vệ rồi chạy lại. Sổ làm việc chưa bị thay đổi.`,
  structureProtected:
    'Cấu trúc sổ làm việc đang được bảo vệ (Xem lại → Bảo vệ sổ làm việc) nên không thêm được trang tính mới; hãy bỏ bảo vệ rồi chạy lại. Sổ làm việc chưa bị thay đổi.',
  readFailed: (detail: string) => `Excel báo lỗi khi đọc sổ làm việc (${detail}); chưa có gì bị thay đổi. Hãy thử lại.`,
  writeFailed: (detail: string) => `Excel báo lỗi khi ghi vào sổ làm việc (${detail}).`,
  writeUndone: 'Những gì vừa ghi đã được gỡ bỏ: sổ làm việc vẫn như trước khi bấm.',
  writeRewritten: (names: readonly string[]) => `Đã ghi lại đầy đủ với số liệu mới: ${quoteList(names)}.`,
  writePartial: (names: readonly string[]) =>
    `${quoteList(names)} có thể mới được ghi lại một phần; hãy chạy lại lệnh để ghi lại cho đủ (các công thức trỏ vào ${names.length > 1 ? 'các trang này' : 'trang này'} vẫn giữ nguyên).`,
  writeNothingAdded: 'Không có trang mới nào được thêm.',
  undoFailed: (detail: string) => `Gỡ bỏ phần đã ghi cũng không được (${detail}).`,
  writeMayRemain: (names: readonly string[]) =>
    `Sổ làm việc có thể còn ${names.length > 1 ? 'các trang' : 'trang'} vừa thêm: ${quoteList(names)}; có thể xóa chúng.`,
  marksFailed: (detail: string) => `Excel báo lỗi khi tô màu các ô có vấn đề (${detail}).`,
  marksNoneLeft: 'Không ô nào còn bị tô màu đánh dấu.',
  marksLeft: (count: number, cells: string) => `Còn ${count} ô đang được tô màu đánh dấu (${cells}); bấm "Xóa đánh dấu" để bỏ.`,
  marksOwnUnknown: (cells: string) => `Không đọc được màu nền vốn có của ${cells}: khi xóa đánh dấu, các ô này sẽ không có màu nền.`,
  marksUnknown: (detail: string) => `Cũng không đọc lại được các ô (${detail}): có thể còn ô bị tô màu; hãy kiểm tra lại rồi bấm "Xóa đánh dấu".`,
  marksProtected: (names: readonly string[]) =>
    `${names.length > 1 ? 'Các trang' : 'Trang'} ${quoteList(names)} đang được bảo vệ nên các ô đánh dấu trên đó chưa xóa được; hãy bỏ bảo vệ (Xem lại → Bỏ bảo vệ trang tính) rồi bấm "Xóa đánh dấu" lại. Các trang khác đã xóa xong.`,
  statusSheet: 'Tình hình nộp',
  statusHeaders: ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Tình trạng', 'Lý do, ghi chú', 'Số lỗi', 'Số cảnh báo', 'Quá hạn (ngày)', 'Tệp'],
  statusDays: (daysLate: number | null) =>
    daysLate === null ? '' : daysLate > 0 ? `quá hạn ${daysLate} ngày` : daysLate === 0 ? 'hạn là hôm nay' : `còn ${-daysLate} ngày`,
  statusLine: (received: number, excluded: number, missing: number, total: number, deadline: string | undefined, today: string) =>
    `${total} đơn vị: ${received} đã nộp và được tổng hợp, ${excluded} đã nộp nhưng chưa tổng hợp được, ${missing} chưa nộp${deadline ? ` (hạn ${deadline}, hôm nay ${today})` : ''}.`,
  statusWritten: (file: string) => `Danh sách đã ghi vào ${file}.`,
};

type Ui = typeof vi;

/** "1 file", "2 files": English counts read as English. */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const en: Ui = {
  appendix: 'APPENDIX',
  metaTemplate: 'Appendix template',
  metaUnit: 'Reporting unit',
  metaUnitCode: 'Unit code',
  metaFrom: 'From',
  metaTo: 'To',
  colCode: 'Code',
  colLabel: 'Indicator',
  colUnit: 'Unit',
  colValue: 'Figure',
  colNote: 'Note',
  period: (from: string, to: string) => `(Figures from ${from} to ${to})`,
  legendTitle: 'How to fill in:',
  legend: [
    'Blank = not reported; 0 = reported, the figure is zero; x = not applicable.',
    'Counts are whole numbers, typed without thousands separators; indexes (%) are typed from 0 to 100.',
    'Ratio rows (%) are formulas: do not type over them. Do not delete or change column A (the indicator codes).',
  ],
  validationCountTitle: 'Whole number ≥ 0',
  validationCount: 'Type a whole number from 0 up, or x if not applicable; leave blank if not reported.',
  validationPercentTitle: 'From 0 to 100',
  validationPercent: (min: string, max: string) => `Type a number from ${min} to ${max}, or x if not applicable.`,
  validationNumberTitle: 'Number',
  validationNumber: 'Type a number, or x if not applicable.',
  validationYesNoTitle: 'Có / Không',
  validationYesNo: 'Choose Có (yes) or Không (no), or x if not applicable.',
  yes: 'Có',
  no: 'Không',
  severity: { error: 'error', warning: 'warning' },
  summaryLine: (errors: number, warnings: number, files: number) => `${count(errors, 'error')}, ${count(warnings, 'warning')} in ${count(files, 'file')}.`,
  allGood: (files: number) => `No errors in ${count(files, 'file')}.`,
  fileExists: (file: string) => `${file} already exists; use --force to overwrite it.`,
  written: (file: string, template: string) => `Wrote ${file} (template ${template}).`,
  deadlineLine: (date: string) => `Deadline: ${date}`,
  distributed: (files: number, folder: string, template: string, from: string, to: string, deadline?: string) =>
    `Wrote ${count(files, 'file')} in ${folder} (template ${template}, period ${from} – ${to}${deadline ? `, deadline ${deadline}` : ''}).`,
  distributeNoUnits: (roster: string) => `The roster ${roster} lists no unit; no file was written.`,
  distributeExist: (files: readonly string[]) =>
    `${files.length === 1 ? '1 file already exists' : `${files.length} files already exist`}: ${files.join(', ')}; use --force to overwrite. No file was written.`,
  distributeSameName: (unit: string, wanted: string, used: string) =>
    `The unit "${unit}" would have the same file name ${wanted} as another unit, so it was written to ${used}.`,
  distributeNoCode: (unit: string, file: string) => `The unit "${unit}" has no unit code; its file is named after it: ${file}.`,
  summaryTitle: 'CONSOLIDATED APPENDIX',
  summarySheet: 'Summary',
  problemsSheet: 'Checks',
  unitsSheet: 'Units',
  colReported: 'Units reporting',
  colPrevious: 'Same period before',
  colChange: 'Change (+/−)',
  colChangePercent: 'Change (%)',
  previousFrom: 'Compared with: from',
  previousTo: 'Compared with: to',
  summaryLeaves: 'Units consolidated',
  summaryExpected: 'Units expected',
  summaryExcluded: 'Units received but not consolidated',
  summaryBreakdown: "Each unit's figures: sheet",
  breakdownSheet: 'Unit details',
  breakdownKey: 'Key',
  breakdownHeaders: ['No.', 'Unit code', 'Unit name', 'Source (file › sheet)', 'From', 'To'],
  noteMean: (n: number) => `Average of ${count(n, 'unit')}`,
  noteShare: (yes: number, answered: number, share: string) => `Có (yes): ${yes}/${count(answered, 'unit')} (${share})`,
  noteNotApplicable: 'Not applicable (x) in every reporting unit',
  summaryLegend: [
    'The "Figure" column is the total of the units that reported (blank and x are not added); ratios are recomputed from the summed numerator and denominator; indexes (%) are the average of the reporting units; yes/no rows count the units that answered Có.',
    'The "Unit details" sheet has each unit\'s figures, one unit a row (sort and filter as you like); the "Checks" sheet lists every problem to look at; the "Units" sheet lists the units and their status.',
  ],
  problemHeaders: ['Severity', 'File', 'Sheet', 'Cell', 'Code', 'Message', 'Rule id (for machines)'],
  unitHeaders: ['Unit code', 'Unit name', 'Status', 'Reasons, notes', 'File', 'Sheet', 'Column / row', 'From', 'To', 'Errors'],
  unitStatus: {
    included: 'Consolidated',
    excluded: 'Received, not consolidated',
    missing: 'Not sent',
  },
  unitFlag: {
    notInRoster: 'not on the roster',
    duplicate: 'received more than once',
    unreadable: 'a file could not be read',
  },
  reason: {
    errors: 'errors in the figures (see the "Checks" sheet)',
    period: "another reporting period than the summary's",
    duplicateDiffer: 'several copies with different figures',
    duplicateSame: 'a duplicate; another copy is counted',
    template: 'another appendix template, or an invalid "@template" cell',
    file: 'the file cannot be read (see the "Checks" sheet)',
    noAppendix: 'the file has no appendix sheet',
    fileType: 'the file is neither .xlsx nor .ods',
    notFound: 'the file was not found',
  },
  consolidatedUnits: (included: number, known: number, file: string) => `Consolidated ${included}/${count(known, 'unit')} into ${file}.`,
  unitCounts: (excluded: number, missing: number) =>
    [excluded > 0 ? `${count(excluded, 'unit')} received but not consolidated` : '', missing > 0 ? `${count(missing, 'unit')} not sent` : '']
      .filter(Boolean)
      .join(', '),
  seeChecks: (file: string) => `See the "Checks" and "Units" sheets in ${file}.`,
  periodBoth: "give both --from and --to (the summary's period).",
  periodOrder: (from: string, to: string) => `--from ${from} is after --to ${to}.`,
  noProblems: 'No problems.',
  progress: (done: number, total: number) => `Reading ${done}/${total} files…`,
  // Excel add-in (src/excel)
  excelLimitValidation: 'in-cell data validation on input cells (needs ExcelApi 1.8, from Excel 2019)',
  excelLimitPrint: 'print set-up: A4, one page wide, repeated header row (needs ExcelApi 1.9: Excel 2021, Microsoft 365 or Excel on the web)',
  excelLimitTooOld: 'every Phụ lục command (needs ExcelApi 1.7: Excel 2019 or later, Microsoft 365 or Excel on the web)',
  excelTooOld:
    'This version of Excel is too old for Phụ lục (it needs ExcelApi 1.7: Excel 2019 or later, Microsoft 365 or Excel on the web). Phụ lục can be opened in a browser to use file mode.',
  thisWorkbook: 'This workbook',
  generatedBy:
    'Made by Phụ lục and rewritten in place each time the command runs again (formulas pointing at this sheet keep working). Do not edit these marker rows.',
  sheetMissing: (name: string) => `Sheet "${name}" was not found (it may have been deleted or renamed); check again.`,
  sheetHidden: (name: string) => `Sheet "${name}" is hidden; unhide it to see the cell with the problem.`,
  chartsSheet: 'Charts',
  chartUnit: 'Unit',
  chartRate: 'Rate (%)',
  chartOverall: 'All units (consolidated)',
  chartNone: 'No rate to chart yet.',
  narrativeSheet: 'Report',
  // Writing into the workbook (src/excel): what a failure leaves, protected sheets
  sheetsProtected: (names: readonly string[]) =>
    `${names.length > 1 ? 'The sheets' : 'The sheet'} ${quoteList(names)} made by Phụ lục ${names.length > 1 ? 'are' : 'is'} protected (Review → Unprotect Sheet), so ${names.length > 1 ? 'they' : 'it'} cannot be rewritten; unprotect and run again. The workbook has not been changed.`,
  structureProtected:
    "The workbook's structure is protected (Review → Protect Workbook), so no sheet can be added; unprotect it and run again. The workbook has not been changed.",
  readFailed: (detail: string) => `Excel reported an error while reading the workbook (${detail}); nothing was changed. Try again.`,
  writeFailed: (detail: string) => `Excel reported an error while writing into the workbook (${detail}).`,
  writeUndone: 'What had been written was removed: the workbook is as it was before.',
  writeRewritten: (names: readonly string[]) => `Rewritten completely with the new figures: ${quoteList(names)}.`,
  writePartial: (names: readonly string[]) =>
    `${quoteList(names)} may be only partly rewritten; run the command again to finish (formulas pointing at ${names.length > 1 ? 'these sheets' : 'this sheet'} are kept).`,
  writeNothingAdded: 'No new sheet was added.',
  undoFailed: (detail: string) => `Removing what had been written failed too (${detail}).`,
  writeMayRemain: (names: readonly string[]) =>
    `The workbook may still hold the sheet${names.length > 1 ? 's' : ''} just added: ${quoteList(names)}; you can delete ${names.length > 1 ? 'them' : 'it'}.`,
  marksFailed: (detail: string) => `Excel reported an error while colouring the problem cells (${detail}).`,
  marksNoneLeft: 'No cell is left marked.',
  marksLeft: (count: number, cells: string) =>
    `${count === 1 ? '1 cell is' : `${count} cells are`} still marked (${cells}); use "Clear marks" to remove the colour.`,
  marksOwnUnknown: (cells: string) => `The own fill of ${cells} could not be read: clearing the marks leaves these cells without fill.`,
  marksUnknown: (detail: string) => `Reading the cells again failed too (${detail}): some cells may still be marked; check again, then use "Clear marks".`,
  marksProtected: (names: readonly string[]) =>
    `${names.length > 1 ? 'The sheets' : 'The sheet'} ${quoteList(names)} ${names.length > 1 ? 'are' : 'is'} protected, so the marks on ${names.length > 1 ? 'them' : 'it'} could not be cleared; unprotect (Review → Unprotect Sheet) and use "Clear marks" again. The other sheets are cleared.`,
  statusSheet: 'Submissions',
  statusHeaders: ['No.', 'Unit code', 'Unit name', 'Status', 'Reasons, notes', 'Errors', 'Warnings', 'Days late', 'File'],
  statusDays: (daysLate: number | null) =>
    daysLate === null ? '' : daysLate > 0 ? `${count(daysLate, 'day')} late` : daysLate === 0 ? 'due today' : `${count(-daysLate, 'day')} left`,
  statusLine: (received: number, excluded: number, missing: number, total: number, deadline: string | undefined, today: string) =>
    `${count(total, 'unit')}: ${received} sent and consolidated, ${excluded} sent but not consolidated, ${missing} not sent${deadline ? ` (deadline ${deadline}, today ${today})` : ''}.`,
  statusWritten: (file: string) => `The list is written to ${file}.`,
};

export const UI: Readonly<Record<Lang, Ui>> = { vi, en };
export type UiTexts = Ui;
