import { contentOf, excelWouldReinterpret, TEXT_FORMAT } from '../../src/excel/write-sheet';
import { FakeExcel } from './fake-excel';

/**
 * Text Excel would store as something else when typed into a General cell, in some locale (the
 * add-in's users have vi-VN and en-US machines): each must be written with the text format "@".
 * Text every locale keeps as it is needs nothing. A false "yes" costs a format; a false "no"
 * changes what the cell says, so the table leans to "yes".
 */
const REINTERPRETED: readonly [string, string][] = [
  // formulas, and what Excel takes for one
  ['=SUM(A1)', 'formula'],
  ['=HYPERLINK("x")', 'formula'],
  ['+84 912', 'formula (+)'],
  ['-5 đơn vị', 'formula (-)'],
  ['@template', 'formula (@)'],
  ["'x", 'apostrophe swallowed'],
  // numbers in every locale's style
  ['12', 'whole number'],
  ['-3', 'negative'],
  ['1.5', 'decimal point'],
  ['1,5', 'decimal comma (vi-VN)'],
  ['1.234', 'thousands (vi-VN) or decimal'],
  ['1.234,5', 'thousands and decimal comma'],
  ['1,234.5', 'thousands and decimal point'],
  ['1 234', 'thousands with a space'],
  ['.5', 'no leading digit'],
  ['007', 'leading zeros lost'],
  ['0912345678', 'a phone number loses its 0'],
  ['1e5', 'scientific'],
  ['1,5E3', 'scientific, decimal comma'],
  ['(5)', 'accounting negative'],
  // percentages and currency
  ['12%', 'percentage'],
  ['12 %', 'percentage, space'],
  ['1,5%', 'percentage, decimal comma'],
  ['$5', 'dollars'],
  ['5 ₫', 'đồng sign'],
  ['5đ', 'đồng letter'],
  ['€12', 'euros'],
  ['12 VND', 'VND'],
  // fractions
  ['1/2', 'fraction or date'],
  ['1 1/2', 'mixed fraction'],
  ['0 3/4', 'fraction with a zero'],
  // dates
  ['30/9', 'day/month (vi-VN)'],
  ['9/30', 'month/day (en-US)'],
  ['9/2023', 'month/year'],
  ['2023/9', 'year/month'],
  ['30/09/2023', 'dd/mm/yyyy'],
  ['30-9-2023', 'd-m-y'],
  ['30.9.2023', 'd.m.y'],
  ['2023-09-30', 'ISO'],
  ['4.1.1', 'an indicator code read as a date'],
  ['1-2', 'a range read as a date'],
  ['30/9/2023 7:30', 'date and time'],
  ['1 Jan', 'day and month name'],
  ['Jan-23', 'month name and year'],
  ['5-Jan-2023', 'd-mmm-yyyy'],
  ['January 5, 2023', 'month name first'],
  // times
  ['7:30', 'h:mm'],
  ['1:2:3', 'h:m:s'],
  ['12:30:45.5', 'seconds with a fraction'],
  ['25:00', 'a duration'],
  ['7:30 PM', 'with PM'],
  ['7 am', 'hour and am'],
  // booleans and errors
  ['TRUE', 'boolean'],
  ['false', 'boolean, lower case'],
  ['ĐÚNG', 'boolean (vi-VN)'],
  ['#N/A', 'error'],
  ['#DIV/0!', 'error'],
  [' 12 ', 'spaces around a number'],
  [' ', 'blank text'],
];

const KEPT: readonly [string, string][] = [
  ['Xã Phước Dinh', 'a name'],
  ['x', 'not applicable'],
  ['Có', 'yes'],
  ['Không', 'no'],
  ['3.5.a', 'an indicator code with a letter'],
  ['PL SNV', 'a sheet name'],
  ['Sở Nội vụ (SNV)', 'brackets around words'],
  ['May', 'a month name alone'],
  ['Tháng 9', 'a month in Vietnamese'],
  ['12 đơn vị', 'a number in words'],
  ['A1', 'a cell address'],
  ['Kết quả: 120/130 đơn, đạt 92,31%.', 'a sentence with figures'],
  ['', 'empty'],
];

describe('would Excel reinterpret this text?', () => {
  test.each(REINTERPRETED)('%j (%s): yes, written with the text format', (text) => {
    expect(excelWouldReinterpret(text)).toBe(true);
    expect(contentOf({ value: text })).toEqual({ content: text, numberFormat: TEXT_FORMAT });
  });

  test.each(KEPT)('%j (%s): no, written as it is', (text) => {
    expect(excelWouldReinterpret(text)).toBe(false);
    expect(contentOf({ value: text }).numberFormat).toBe('General');
  });

  test('against the fake, which reads typing in every locale: without "@" each is changed, with it each stays text', async () => {
    const fake = new FakeExcel();
    const texts = REINTERPRETED.map(([text]) => text).filter((text) => text.trim() !== '');
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange(`A1:A${texts.length}`).formulas = texts.map((t) => [t]);
      const safe = sheet.getRange(`B1:B${texts.length}`);
      safe.numberFormat = texts.map((t) => [contentOf({ value: t }).numberFormat]);
      safe.formulas = texts.map((t) => [contentOf({ value: t }).content]);
      await context.sync();
    });
    const sheet = fake.sheet('Sheet1');
    texts.forEach((text, r) => {
      const raw = sheet.at(r, 0)!;
      const keptAsText = raw.formula === undefined && raw.value === text && !raw.error;
      expect([text, keptAsText]).toEqual([text, false]);
      expect([text, sheet.at(r, 1)?.value]).toEqual([text, text]);
    });
  });
});
