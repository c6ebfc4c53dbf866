import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { builtInRegistry } from '../../src/core/builtins';
import { recipientLines, signerLines } from '../../src/docx/report';
import { run } from '../helpers/cli';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows } from '../helpers/units';

/**
 * The report's closing block and the placeholders of the forms (issue 13, item 1), without
 * LibreOffice: the .docx's XML and the Markdown. test/libreoffice/report-form.test.ts prints them.
 */

const ct37 = builtInRegistry().get('ct37', 1)!;
let dir: string;
let summary: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-report-form-'));
  const units = path.join(dir, 'units');
  fs.mkdirSync(units);
  // the units carry no name and the summary is made without --unit: nothing says who issues the report
  fs.writeFileSync(
    path.join(units, 'a.xlsx'),
    foreignXlsx([{ name: 'A', rows: unitRows(ct37, { unitCode: 'A', from: '2023-01-01', to: '2023-09-30' }, { '2.1': 3, '4.3.a': 5, '4.3.b': 6 }) }]),
  );
  summary = path.join(dir, 'tong-hop.xlsx');
  const r = await run('consolidate', units, '-o', summary);
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The text of document.xml (and of the page headers), one string per paragraph. */
function docxParagraphs(file: string, part = 'word/document.xml'): string[] {
  const xml = strFromU8(unzipSync(fs.readFileSync(file))[part]!);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
}

async function narrative(name: string, ...options: string[]): Promise<string> {
  const out = path.join(dir, name);
  const r = await run('narrative', summary, '-o', out, ...options);
  expect(r.code).toBe(0);
  return out;
}

test('with no option, the .docx has the dotted placeholders of the forms, never a row of spaces', async () => {
  const docx = await narrative('trong.docx');
  const paragraphs = docxParagraphs(docx);
  expect(paragraphs).toContain('Số: …/BC-…');
  expect(paragraphs).toContain('………, ngày … tháng … năm …');
  expect(paragraphs).toContain('(Kèm theo Báo cáo số …/BC-… ngày …/…/… của ………)');
  // a section nobody wrote: the dots to write on
  expect(paragraphs).toContain('………');
  // Nơi nhận: a line to fill, then the office's copy; the signer: a dotted title and name
  const from = paragraphs.indexOf('Nơi nhận:');
  expect(paragraphs.slice(from, from + 3)).toEqual(['Nơi nhận:', '- ………,', '- Lưu VP.']);
  expect(paragraphs.slice(from + 3).filter((p) => p === '………').length).toBeGreaterThanOrEqual(2);
  for (const p of paragraphs) expect(p).not.toMatch(/ {3,}|\u00a0{2,}/);
  const xml = strFromU8(unzipSync(fs.readFileSync(docx))['word/document.xml']!);
  expect(xml).not.toMatch(/<w:t[^>]*>[^<]* {3,}[^<]*<\/w:t>/);
});

test('"BÁO CÁO" is 14 pt bold; page numbers from page 2 on, centred in the header, none on page 1', async () => {
  const docx = await narrative('trang.docx');
  const files = unzipSync(fs.readFileSync(docx));
  const xml = strFromU8(files['word/document.xml']!);
  const title = /<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:t[^>]*>BÁO CÁO<\/w:t>/.exec(xml)![0];
  expect(title).toContain('<w:sz w:val="28"/>');
  expect(title).toContain('<w:b/>');
  // the section's first page has its own (empty) header; the others the page number field
  expect(xml).toContain('<w:titlePg/>');
  const refs = Object.fromEntries([...xml.matchAll(/<w:headerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1], m[2]]));
  expect(Object.keys(refs).sort()).toEqual(['default', 'first']);
  const rels = strFromU8(files['word/_rels/document.xml.rels']!);
  const target = (id: string) =>
    `word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]}`;
  const first = strFromU8(files[target(refs.first!)]!);
  const other = strFromU8(files[target(refs.default!)]!);
  expect(first).not.toMatch(/PAGE/);
  expect(other).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
  expect(other).toContain('<w:jc w:val="center"/>');
  expect(other).toMatch(/w:rFonts w:ascii="Times New Roman"/);
});

test('every option: the closing block, the caption with the number and date, the Party number without a colon', async () => {
  const docx = await narrative(
    'day-du.docx',
    '--body',
    'Ban Dân vận Tỉnh ủy',
    '--parent-body',
    'Tỉnh ủy Ninh Thuận',
    '--party',
    '--number',
    '15-BC/BDVTU',
    '--place',
    'Ninh Thuận',
    '--date',
    '2023-02-05',
    '--recipients',
    'Thường trực Tỉnh ủy;Lưu: VT, hồ sơ.;Các đồng chí Ủy viên BTV',
    '--signer-authority',
    't/m ban thường vụ',
    '--signer-title',
    'Phó Bí thư',
    '--signer',
    'Phạm Văn Hậu',
  );
  const paragraphs = docxParagraphs(docx);
  expect(paragraphs).toContain('Số 15-BC/BDVTU');
  expect(paragraphs).toContain('*');
  expect(paragraphs).toContain('Ninh Thuận, ngày 05 tháng 02 năm 2023');
  expect(paragraphs).toContain('(Kèm theo Báo cáo số 15-BC/BDVTU, ngày 05/02/2023 của Ban Dân vận Tỉnh ủy)');
  const from = paragraphs.indexOf('Nơi nhận:');
  // the user's "Lưu" line is kept (once), and last
  expect(paragraphs.slice(from, from + 5)).toEqual([
    'Nơi nhận:',
    '- Thường trực Tỉnh ủy,',
    '- Các đồng chí Ủy viên BTV,',
    '- Lưu: VT, hồ sơ.',
    'T/M BAN THƯỜNG VỤ',
  ]);
  expect(paragraphs.slice(from + 4, from + 6)).toEqual(['T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ']);
  expect(paragraphs.slice(from + 6).find((p) => p !== '')).toBe('Phạm Văn Hậu');
  expect(from).toBeLessThan(paragraphs.indexOf('PHỤ LỤC'));
});

test('the Markdown ends its body with "Nơi nhận" and the signer, and the appendix caption carries the number and date', async () => {
  const md = fs.readFileSync(
    await narrative(
      'bao-cao.md',
      '--number',
      '15/BC-BDV',
      '--date',
      '2023-09-30',
      '--body',
      'Ban Dân vận',
      '--recipients',
      'Thường trực Tỉnh ủy',
      '--signer-authority',
      'KT. TRƯỞNG BAN',
      '--signer-title',
      'PHÓ TRƯỞNG BAN',
      '--signer',
      'Nguyễn Văn A',
    ),
    'utf8',
  );
  expect(md).toContain('***Nơi nhận:***\n\n- Thường trực Tỉnh ủy,\n- Lưu VP.\n');
  expect(md).toContain('**KT. TRƯỞNG BAN**  \n**PHÓ TRƯỞNG BAN**  \n\n**Nguyễn Văn A**');
  expect(md).toContain('*(Kèm theo Báo cáo số 15/BC-BDV ngày 30/9/2023 của Ban Dân vận)*');
  expect(md.indexOf('Nơi nhận')).toBeLessThan(md.indexOf('## PHỤ LỤC'));
});

test('recipient lines: "- " before, "," after, "." after the last, the "Lưu" line once and last; English says "File copy"', () => {
  expect(recipientLines(['Thường trực Tỉnh ủy', ' - Các huyện ủy; ', '', 'Lưu VP'], 'vi')).toEqual(['- Thường trực Tỉnh ủy,', '- Các huyện ủy,', '- Lưu VP.']);
  expect(recipientLines(['Thường trực Tỉnh ủy.'], 'vi')).toEqual(['- Thường trực Tỉnh ủy,', '- Lưu VP.']);
  expect(recipientLines(['lưu: VT', 'Sở Nội vụ'], 'vi')).toEqual(['- Sở Nội vụ,', '- lưu: VT.']);
  // "Lưu" as a word of its own: a recipient whose name merely begins with the letters is not the office's copy
  expect(recipientLines(['Lưuhuỳnh'], 'vi')).toEqual(['- Lưuhuỳnh,', '- Lưu VP.']);
  expect(recipientLines(undefined, 'vi')).toEqual(['- ………,', '- Lưu VP.']);
  expect(recipientLines(['Provincial Standing Committee'], 'en')).toEqual(['- Provincial Standing Committee,', '- File copy.']);
  expect(signerLines({})).toEqual({ title: '………', name: '………' });
  expect(signerLines({ signerAuthority: 'KT. Trưởng ban' })).toEqual({ authority: 'KT. TRƯỞNG BAN', name: '………' });
});

test('English output: English words in the closing block', async () => {
  const paragraphs = docxParagraphs(await narrative('en.docx', '--lang', 'en', '--signer', 'Nguyen Van A'));
  expect(paragraphs).toContain('Recipients:');
  expect(paragraphs).toContain('- File copy.');
  expect(paragraphs).toContain('No.: …/BC-…');
  expect(paragraphs).not.toContain('Nơi nhận:');
  expect(paragraphs).toContain('Nguyen Van A');
});
