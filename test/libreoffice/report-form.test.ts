import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runOk } from '../helpers/cli';
import { builtInRegistry } from '../../src/core/builtins';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows } from '../helpers/units';
import { convert, makeTempDir, pdftotextAvailable, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * The report as filed (issue 13, item 1): the header block, "Nơi nhận" and the signer, the appendix
 * caption with the report's number and date, the page numbers from page 2 on — as LibreOffice prints
 * the .docx, for a State body (Nghị định 30/2020/NĐ-CP) and a Party body (Hướng dẫn 36-HD/VPTW).
 *
 * PHULUC_DOCS_IMAGES=1 also renders page 1 and the last page of the Party report into
 * docs/report-page-1.png and docs/report-page-last.png, and the page with "Nơi nhận" and the signer
 * into docs/report-page-closing.png (pdftoppm -png -r 60).
 */

const pdfTools = pdftotextAvailable();
const d = sofficeAvailable() && pdfTools ? describe : describe.skip;
if (!sofficeAvailable() || !pdfTools) console.warn(skipNotice('test/libreoffice/report-form.test.ts (needs soffice with Writer, and pdftotext)'));

const ct37 = builtInRegistry().get('ct37', 1)!;

const cli = runOk;

const pdfText = (pdf: string, ...range: string[]) => execFileSync('pdftotext', [...range, pdf, '-'], { encoding: 'utf8' });
const flat = (text: string) => text.replace(/\s+/g, ' ');
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

const ALL = [
  '--body',
  'Ban Dân vận Tỉnh ủy',
  '--parent-body',
  'Tỉnh ủy Ninh Thuận',
  '--number',
  '15/BC-BDV',
  '--place',
  'Ninh Thuận',
  '--date',
  '2023-09-30',
  '--recipients',
  ' Thường trực Tỉnh ủy; Các đồng chí Ủy viên BTV ;;Các huyện, thành ủy; Lưu VP ',
  '--signer-authority',
  'KT. TRƯỞNG BAN',
  '--signer-title',
  'PHÓ TRƯỞNG BAN',
  '--signer',
  'Phạm Văn Hậu',
];

d('phuluc narrative → .docx with every option → LibreOffice PDF: the report as filed', () => {
  let tmp: string;
  let summary: string;
  beforeAll(async () => {
    tmp = makeTempDir('phuluc-report-form');
    const units = path.join(tmp, 'units');
    fs.mkdirSync(units);
    const figures = [
      { '2.1': 7, '2.2': 1200, '4.3.a': 700, '4.3.b': 800, '3.5': 90 },
      { '2.1': 5, '2.2': 34, '4.3.a': 500, '4.3.b': 500, '3.5': 85.5 },
    ];
    figures.forEach((f, i) =>
      fs.writeFileSync(
        path.join(units, `u${i}.xlsx`),
        foreignXlsx([{ name: `U${i}`, rows: unitRows(ct37, { unit: `Huyện ${i}`, unitCode: `H${i}`, from: '2023-01-01', to: '2023-09-30' }, f) }]),
      ),
    );
    summary = path.join(tmp, 'tong-hop.xlsx');
    await cli('consolidate', units, '-o', summary, '--unit', 'Ban Dân vận Tỉnh ủy');
  }, 120_000);
  afterAll(() => removeTempDir(tmp));

  const closingAndPages = (pdf: string, signer: { authority: string; title: string }) => {
    const all = flat(pdfText(pdf));
    // Nơi nhận, one line per recipient: "- " before, "," after, "." after the last, which is the "Lưu" line (the user's, not a second one)
    expect(all).toContain('Nơi nhận:');
    expect(all).toContain('- Thường trực Tỉnh ủy,');
    expect(all).toContain('- Các đồng chí Ủy viên BTV,');
    expect(all).toContain('- Các huyện, thành ủy,');
    expect(all).toContain('- Lưu VP.');
    expect(all.match(/- Lưu/g)).toHaveLength(1);
    // the signer: authority, title, name
    expect(all).toContain(`${signer.authority} ${signer.title} Phạm Văn Hậu`);
    // the closing block comes after the body and before the appendix
    expect(all.indexOf('Nơi nhận:')).toBeLessThan(all.indexOf('PHỤ LỤC'));
    expect(all.indexOf('Phạm Văn Hậu')).toBeLessThan(all.indexOf('PHỤ LỤC'));
    // the header block and the title
    expect(all).toContain('TỈNH ỦY NINH THUẬN');
    expect(all).toContain('BAN DÂN VẬN TỈNH ỦY');
    expect(all).toContain('Ninh Thuận, ngày 30 tháng 9 năm 2023');
    // page numbers: none on page 1, "2" at the top of page 2 and n at the top of page n
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const page1 = pdfText(pdf, '-f', '1', '-l', '1');
    expect(page1.trimStart().startsWith('TỈNH ỦY NINH THUẬN')).toBe(true);
    expect(page1.split('\n').some((line) => line.trim() === '1')).toBe(false);
    expect(pdfText(pdf, '-f', '2', '-l', '2').trimStart()).toMatch(/^2\s/);
    expect(pdfText(pdf, '-f', String(pages), '-l', String(pages)).trimStart()).toMatch(new RegExp(`^${pages}\\s`));
    return all;
  };

  test('State body: rule line under the body, "Số: 15/BC-BDV", the appendix caption carries the number and date, Nơi nhận, signer, page numbers', async () => {
    const docx = path.join(tmp, 'bao-cao-nha-nuoc.docx');
    await cli('narrative', summary, '-o', docx, ...ALL);
    const pdf = await convert(docx, 'pdf', tmp);
    const all = closingAndPages(pdf, { authority: 'KT. TRƯỞNG BAN', title: 'PHÓ TRƯỞNG BAN' });
    expect(all).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(all).toContain('Số: 15/BC-BDV');
    expect(all).toContain('(Kèm theo Báo cáo số 15/BC-BDV ngày 30/9/2023 của Ban Dân vận Tỉnh ủy)');
    expect(all).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    // no star: a State document has the rule line under the body
    const page1 = pdfText(pdf, '-f', '1', '-l', '1')
      .split('\n')
      .map((l) => l.trim());
    const body = page1.indexOf('BAN DÂN VẬN TỈNH ỦY');
    expect(page1.slice(body, body + 3)).toEqual(['BAN DÂN VẬN TỈNH ỦY', '———', 'Số: 15/BC-BDV']);
    expect(page1).not.toContain('*');
  }, 180_000);

  test('with the same period before (--previous): the comparison sentences are in the filed document', async () => {
    const earlier = path.join(tmp, 'th-2022.xlsx');
    fs.writeFileSync(
      earlier,
      foreignXlsx([
        {
          name: 'PL',
          rows: unitRows(ct37, { unit: 'Ban Dân vận Tỉnh ủy', from: '2022-01-01', to: '2022-09-30' }, { '2.1': 10, '2.2': 1234, '4.3.a': 1000, '4.3.b': 1300 }),
        },
      ]),
    );
    const docx = path.join(tmp, 'bao-cao-so-sanh.docx');
    await cli('narrative', summary, '-o', docx, ...ALL, '--previous', earlier);
    const pdf = await convert(docx, 'pdf', tmp);
    const all = closingAndPages(pdf, { authority: 'KT. TRƯỞNG BAN', title: 'PHÓ TRƯỞNG BAN' });
    // 12 teams against 10, 1.234 units inspected unchanged; 1.200/1.300 = 92,31% against 76,92%
    expect(all).toContain('Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 1.234 đơn vị (so với cùng kỳ: tăng 2 đoàn (20%); không đổi).');
    expect(all).toContain('đạt 92,31%, tăng 15,38 điểm phần trăm so với cùng kỳ.');
    // a row without an earlier figure says so
    expect(all).toContain('(chưa có số liệu cùng kỳ)');
  }, 180_000);

  test('Party body: a star under the body instead of the rule, "Số 15-BC/BDVTU", caption with number and date, Nơi nhận, signer, page numbers', async () => {
    const docx = path.join(tmp, 'bao-cao-dang.docx');
    const party = ALL.map((a) =>
      a === '15/BC-BDV' ? '15-BC/BDVTU' : a === 'KT. TRƯỞNG BAN' ? 'T/M BAN THƯỜNG VỤ' : a === 'PHÓ TRƯỞNG BAN' ? 'PHÓ BÍ THƯ' : a,
    );
    await cli('narrative', summary, '-o', docx, ...party, '--party');
    const pdf = await convert(docx, 'pdf', tmp);
    const all = closingAndPages(pdf, { authority: 'T/M BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ' });
    expect(all).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(all).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all).toContain('Số 15-BC/BDVTU');
    expect(all).toContain('(Kèm theo Báo cáo số 15-BC/BDVTU, ngày 30/9/2023 của Ban Dân vận Tỉnh ủy)');
    // the star, on a line of its own, between the issuing body and the number
    const page1 = pdfText(pdf, '-f', '1', '-l', '1')
      .split('\n')
      .map((l) => l.trim());
    const body = page1.indexOf('BAN DÂN VẬN TỈNH ỦY');
    expect(page1.slice(body, body + 3)).toEqual(['BAN DÂN VẬN TỈNH ỦY', '*', 'Số 15-BC/BDVTU']);

    if (process.env.PHULUC_DOCS_IMAGES) {
      const docs = path.join(__dirname, '../../docs');
      const pages = pageCount(pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(docs, 'report-page-1')]);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages), '-l', String(pages), '-singlefile', pdf, path.join(docs, 'report-page-last')]);
      const closing = Array.from({ length: pages }, (_, i) => i + 1).find((p) => pdfText(pdf, '-f', String(p), '-l', String(p)).includes('Nơi nhận:'))!;
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(closing), '-l', String(closing), '-singlefile', pdf, path.join(docs, 'report-page-closing')]);
    }
  }, 180_000);
});
