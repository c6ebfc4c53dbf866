import { decodeRosterText, decodeWindows1258, foldHeader, parseRosterBytes } from '../../src/app/roster';
import { formatProblem } from '../../src/core/i18n/messages';
import { foreignXlsx } from '../helpers/foreign';
import { odsBook } from '../hostile/ods-kit';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** UTF-16 with its BOM, little or big endian, as Excel's "Unicode Text" and Notepad write it. */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + 2 * i + (endian === 'le' ? 0 : 1)] = unit & 0xff;
    bytes[2 + 2 * i + (endian === 'le' ? 1 : 0)] = unit >> 8;
  }
  return bytes;
}

const bitCount = (n: number): number => n.toString(2).replace(/0/g, '').length;

/**
 * Windows-1258 as Windows writes it: a precomposed letter where the code page has one (à, í),
 * else the base letter (ơ, a) and a combining tone mark (hook above, tilde, dot below).
 */
function windows1258(text: string): Uint8Array {
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decodeWindows1258(new Uint8Array([b])), b);
  const out: number[] = [];
  const byteFor = (part: string): number => {
    const byte = byteOf.get(part);
    if (byte === undefined) throw new Error(`${part} is not representable in windows-1258`);
    return byte;
  };
  for (const ch of text.normalize('NFC')) {
    // a precomposed letter the code page has, then the tone marks left over: "ở" is ơ + hook above, "ộ" is ô + dot below
    const [base, ...marks] = [...ch.normalize('NFD')];
    const splits = Array.from({ length: 1 << marks.length }, (_, leftOut) => leftOut).sort((a, b) => bitCount(a) - bitCount(b));
    const leftOut = splits.find((mask) => byteOf.has((base! + marks.filter((_, k) => !(mask & (1 << k))).join('')).normalize('NFC')));
    if (leftOut === undefined) throw new Error(`${ch} is not representable in windows-1258`);
    out.push(
      byteFor((base! + marks.filter((_, k) => !(leftOut & (1 << k))).join('')).normalize('NFC')),
      ...marks.filter((_, k) => leftOut & (1 << k)).map(byteFor),
    );
  }
  return new Uint8Array(out);
}

describe('roster encodings', () => {
  test('"Sở Tài chính" in Windows-1258 bytes written by hand reads as itself', () => {
    // S ơ(F5) hook(D2) · T à(E0) i · c h í(ED) n h
    const bytes = new Uint8Array([0x53, 0xf5, 0xd2, 0x20, 0x54, 0xe0, 0x69, 0x20, 0x63, 0x68, 0xed, 0x6e, 0x68]);
    expect(decodeRosterText(bytes)).toBe('Sở Tài chính');
    expect(windows1258('Sở Tài chính')).toEqual(bytes);
  });

  test('the hand-written Windows-1258 table is the WHATWG one (what Node with full ICU and Chromium decode)', () => {
    let native: TextDecoder;
    try {
      native = new TextDecoder('windows-1258');
    } catch (error) {
      // a Node built with small ICU has no windows-1258: the reason the table is written by hand
      expect(error).toBeInstanceOf(RangeError);
      return;
    }
    const all = Uint8Array.from({ length: 256 }, (_, b) => b);
    expect(decodeWindows1258(all)).toBe(native.decode(all));
  });

  const roster = 'STT,Mã đơn vị,Tên đơn vị\n1,STC,Sở Tài chính\n2,SNV,Sở Nội vụ\n3,UBX,Ủy ban nhân dân xã Đông Hưng\n';
  const expected = [
    { unitCode: 'STC', unit: 'Sở Tài chính' },
    { unitCode: 'SNV', unit: 'Sở Nội vụ' },
    { unitCode: 'UBX', unit: 'Ủy ban nhân dân xã Đông Hưng' },
  ];
  test.each<[string, Uint8Array]>([
    ['UTF-8', utf8(roster)],
    ['UTF-8 with BOM', utf8(`\uFEFF${roster}`)],
    ['UTF-8, decomposed (as a Mac writes it)', utf8(roster.normalize('NFD'))],
    ['UTF-16 LE with BOM', utf16(roster, 'le')],
    ['UTF-16 BE with BOM', utf16(roster, 'be')],
    ['Windows-1258 (Excel "CSV" on Vietnamese Windows)', windows1258(roster)],
  ])('%s', async (_, bytes) => {
    const reading = await parseRosterBytes(bytes, 'danh-sach.csv');
    expect(reading.problems).toEqual([]);
    expect(reading.entries).toEqual(expected);
  });
});

describe('roster headers', () => {
  test.each<[string, string, object[]]>([
    ['the original header', 'unitCode,unit\nX01,Xã 1\n', [{ unitCode: 'X01', unit: 'Xã 1' }]],
    ['Vietnamese, semicolons', 'Mã đơn vị;Tên đơn vị\nX01;Xã 1\n', [{ unitCode: 'X01', unit: 'Xã 1' }]],
    ['without diacritics, upper case, spaces around', ' MA DON VI , TEN DON VI \nX01,Xã 1\n', [{ unitCode: 'X01', unit: 'Xã 1' }]],
    ['short headers, tabs', 'Mã\tTên\nX01\tXã 1\n', [{ unitCode: 'X01', unit: 'Xã 1' }]],
    ['"Đơn vị" for the name, STT first', 'STT,Đơn vị,Mã\n1,Xã 1,X01\n', [{ unitCode: 'X01', unit: 'Xã 1' }]],
    ['the code alone', 'Mã đơn vị\nX01\nX02\n', [{ unitCode: 'X01' }, { unitCode: 'X02' }]],
    ['the name alone', 'STT,Tên đơn vị\n1,Xã 1\n', [{ unit: 'Xã 1' }]],
    [
      'a title line above the header, empty rows skipped',
      'DANH SÁCH ĐƠN VỊ NỘP BÁO CÁO,,\n,,\nSTT,Mã đơn vị,Tên đơn vị\n1,X01,Xã 1\n,,\n2,,Xã 2\n',
      [{ unitCode: 'X01', unit: 'Xã 1' }, { unit: 'Xã 2' }],
    ],
  ])('%s', async (_, text, entries) => {
    const reading = await parseRosterBytes(utf8(text));
    expect(reading.problems).toEqual([]);
    expect(reading.entries).toEqual(entries);
  });

  test('headers fold case, diacritics and spaces', () => {
    expect(['Mã đơn vị', 'Ma don vi', ' unitCode ', 'MÃ ĐƠN VỊ', 'Tên  đơn vị'].map(foldHeader)).toEqual([
      'madonvi',
      'madonvi',
      'unitcode',
      'madonvi',
      'tendonvi',
    ]);
  });

  test('no recognised header: unreadable, saying which header is wanted, in both languages', async () => {
    const reading = await parseRosterBytes(utf8('Số,Họ tên\n1,Nguyễn Văn A\n'), 'r.csv');
    expect(reading.entries).toBeUndefined();
    expect(reading.problems.map((p) => [p.severity, p.rule, p.where.file])).toEqual([['error', 'consolidate.rosterUnreadable', 'r.csv']]);
    expect(formatProblem(reading.problems[0]!, 'vi')).toContain("dòng tiêu đề (trong 10 dòng đầu) cần có 'Mã đơn vị' và/hoặc 'Tên đơn vị'");
    expect(formatProblem(reading.problems[0]!, 'en')).toContain("needs 'Mã đơn vị' (unitCode) and/or 'Tên đơn vị' (unit)");
  });

  test.each<[string, Uint8Array]>([
    ['an empty file', new Uint8Array(0)],
    ['a header and no unit', utf8('Mã đơn vị,Tên đơn vị\n,\n')],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['a damaged .xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
  ])('%s is unreadable', async (_, bytes) => {
    const reading = await parseRosterBytes(bytes, 'r');
    expect(reading.entries).toBeUndefined();
    expect(reading.problems.map((p) => p.rule)).toEqual(['consolidate.rosterUnreadable']);
  });

  test('a duplicate code is a warning naming both rows; the first row is kept', async () => {
    const reading = await parseRosterBytes(utf8('STT,Mã đơn vị,Tên đơn vị\n1,X01,Xã 1\n2,X02,Xã 2\n3,x01,Xã một\n'), 'r.csv');
    expect(reading.entries).toEqual([
      { unitCode: 'X01', unit: 'Xã 1' },
      { unitCode: 'X02', unit: 'Xã 2' },
    ]);
    expect(reading.problems.map((p) => [p.severity, p.rule])).toEqual([['warning', 'consolidate.rosterDuplicate']]);
    expect(formatProblem(reading.problems[0]!, 'vi')).toBe('Danh sách đơn vị: dòng 4 có mã x01 trùng với dòng 2; chỉ tính dòng 2.');
    expect(formatProblem(reading.problems[0]!, 'en')).toBe('Roster: row 4 repeats the code x01 of row 2; only row 2 counts.');
  });
});

describe('roster workbooks', () => {
  test('.xlsx: the first sheet, the header found below a title, numeric codes as text', async () => {
    const bytes = foreignXlsx([
      {
        name: 'Danh sách',
        rows: [
          ['DANH SÁCH CÁC ĐƠN VỊ'],
          [],
          ['STT', 'Mã đơn vị', 'Tên đơn vị'],
          [1, 'STC', 'Sở Tài chính'],
          [2, 101, 'Xã 101'],
          [null, null, null],
          [3, 'SNV', 'Sở Nội vụ'],
        ],
      },
      { name: 'Khác', rows: [['Mã đơn vị'], ['KHONG']] },
    ]);
    const reading = await parseRosterBytes(bytes, 'danh-sach.xlsx');
    expect(reading.problems).toEqual([]);
    expect(reading.entries).toEqual([
      { unitCode: 'STC', unit: 'Sở Tài chính' },
      { unitCode: '101', unit: 'Xã 101' },
      { unitCode: 'SNV', unit: 'Sở Nội vụ' },
    ]);
  });

  test('.ods: LibreOffice’s own format reads the same way', async () => {
    const bytes = odsBook([
      {
        name: 'DS',
        rows: [
          ['STT', 'Ma don vi', 'Ten don vi'],
          [1, 'X01', 'Xã 1'],
          [2, 'X02', 'Xã 2'],
        ],
      },
    ]);
    const reading = await parseRosterBytes(bytes, 'danh-sach.ods');
    expect(reading.problems).toEqual([]);
    expect(reading.entries).toEqual([
      { unitCode: 'X01', unit: 'Xã 1' },
      { unitCode: 'X02', unit: 'Xã 2' },
    ]);
  });

  test('.xlsx without a header is unreadable like a CSV', async () => {
    const reading = await parseRosterBytes(
      foreignXlsx([
        {
          name: 'S',
          rows: [
            ['a', 'b'],
            ['c', 'd'],
          ],
        },
      ]),
      'r.xlsx',
    );
    expect(reading.problems.map((p) => [p.rule, p.where.file])).toEqual([['consolidate.rosterUnreadable', 'r.xlsx']]);
  });
});

describe('the roster’s other columns', () => {
  test('kept by header for the list of who has sent, matched by code then name; STT is not a contact', async () => {
    const { parseRosterBytes, rosterContacts } = await import('../../src/app/roster');
    const csv = 'STT,Mã đơn vị,Tên đơn vị,Email,Điện thoại\n1,SNV,Sở Nội vụ,snv@tinh.vn,0259 1\n2,,Sở Tài chính,stc@tinh.vn,\n';
    const reading = await parseRosterBytes(new TextEncoder().encode(csv), 'ds.csv');
    expect(reading.extra).toEqual({
      headers: ['Email', 'Điện thoại'],
      cells: [
        ['snv@tinh.vn', '0259 1'],
        ['stc@tinh.vn', ''],
      ],
    });
    const contacts = rosterContacts(reading);
    expect(contacts({ unitCode: 'snv' })).toEqual(['snv@tinh.vn', '0259 1']);
    expect(contacts({ unit: 'sở tài chính' })).toEqual(['stc@tinh.vn', '']);
    expect(contacts({ unitCode: 'X' })).toEqual(['', '']);
  });
});
