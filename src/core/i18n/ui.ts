import type { Lang } from '../template';

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
  summaryLine: (errors: number, warnings: number, files: number) =>
    `${errors} lỗi, ${warnings} cảnh báo trong ${files} tệp.`,
  allGood: (files: number) => `Không có lỗi trong ${files} tệp.`,
  fileExists: (file: string) => `Tệp ${file} đã có; dùng --force để ghi đè.`,
  written: (file: string, template: string) => `Đã tạo ${file} (mẫu ${template}).`,
};

type Ui = typeof vi;

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
  summaryLine: (errors: number, warnings: number, files: number) =>
    `${errors} error(s), ${warnings} warning(s) in ${files} file(s).`,
  allGood: (files: number) => `No errors in ${files} file(s).`,
  fileExists: (file: string) => `${file} already exists; use --force to overwrite it.`,
  written: (file: string, template: string) => `Wrote ${file} (template ${template}).`,
};

export const UI: Readonly<Record<Lang, Ui>> = { vi, en };
export type UiTexts = Ui;
