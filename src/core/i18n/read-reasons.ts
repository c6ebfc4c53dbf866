/**
 * Why an .xlsx (or any zipped workbook) cannot be read, in Vietnamese and English: the `reason`
 * of a `file.unreadable` problem raised by src/xlsx/read.ts and src/xlsx/ods.ts.
 */
export const READ_REASONS = {
  corrupt: {
    vi: 'tệp nén bị hỏng hoặc bị cắt cụt (có thể tải về hoặc sao chép chưa hết); hãy đề nghị gửi lại tệp',
    en: 'the zip container is damaged or cut short (perhaps an incomplete download or copy); ask for the file again',
  },
  unsupported: {
    vi: 'tệp nén dùng kiểu nén mà Excel không dùng; hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx',
    en: 'the zip uses a compression Excel does not use; open it in Excel or LibreOffice and save it as .xlsx',
  },
  noWorkbook: {
    vi: 'tệp nén không chứa bảng tính Excel (không có phần xl/workbook.xml), có thể là tệp Word hay PowerPoint bị đổi tên',
    en: 'the zip holds no Excel workbook (no xl/workbook.xml part); perhaps a Word or PowerPoint file renamed',
  },
  noWorksheet: { vi: 'sổ làm việc không có trang tính nào', en: 'the workbook has no worksheet' },
} as const;
