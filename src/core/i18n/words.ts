import type { Localized } from '../model';

/*
 * Words that travel inside a problem's params or a pane's issue as both languages at once
 * (Localized): the message that quotes them picks the reader's language when it is said.
 */

/** How a sheet is hidden (the problem sheet.hidden). */
export const SHEET_STATE_WORDS = {
  hidden: { vi: 'ẩn', en: 'hidden' },
  veryHidden: { vi: 'ẩn sâu (chỉ hiện lại được bằng VBA)', en: 'very hidden (only VBA can show it again)' },
} as const;

/** Why a template carried by a workbook cannot be read (the problem sheet.templateCarriedInvalid). */
export const CARRIED_TEMPLATE_WORDS = {
  tooLarge: { vi: 'mẫu đi kèm tệp lớn quá mức cho phép', en: 'the carried template is larger than allowed' },
  notJson: { vi: 'nội dung mẫu đi kèm tệp bị hỏng (không phải JSON)', en: 'the carried template is damaged (not JSON)' },
} as const;

/** Why a template file loaded in the pane is refused (src/app/load-template.ts). */
export const LOAD_TEMPLATE_WORDS = {
  notJson: { vi: 'tệp không phải JSON hợp lệ', en: 'the file is not valid JSON' },
  noDesign: { vi: 'không thấy bảng thiết kế mẫu trong sổ làm việc', en: 'no template design sheet in the workbook' },
  builtIn: (key: string): Localized => ({
    vi: `trùng mã và phiên bản với mẫu có sẵn ${key}; hãy đổi mã hoặc phiên bản`,
    en: `same id and version as the built-in ${key}; change the id or the version`,
  }),
} as const;
