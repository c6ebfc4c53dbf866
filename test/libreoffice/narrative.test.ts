import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { runOk } from '../helpers/cli';
import { builtInRegistry } from '../../src/core/builtins';
import { formatNumber, formatPercent } from '../../src/core/numfmt';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows } from '../helpers/units';
import { convert, makeTempDir, pdftotextAvailable, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/** The report as LibreOffice opens it: A4, Times New Roman, the summary's exact figures in Vietnamese style. */

const pdfTools = pdftotextAvailable();
const d = sofficeAvailable() && pdfTools ? describe : describe.skip;
if (!sofficeAvailable() || !pdfTools) console.warn(skipNotice('test/libreoffice/narrative.test.ts (needs soffice with Writer, and pdftotext)'));

const ct37 = builtInRegistry().get('ct37', 1)!;

const cli = runOk;

d('phuluc narrative → .docx → LibreOffice PDF', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = makeTempDir('phuluc-narrative');
  });
  afterAll(() => removeTempDir(tmp));

  test('a real consolidation: A4, Times New Roman, the sentences carry the summary’s figures', async () => {
    const units = path.join(tmp, 'units');
    fs.mkdirSync(units);
    const figures: Record<string, number | 'x'>[] = [
      { '2.1': 7, '2.2': 1200, '4.3.a': 700, '4.3.b': 800, '3.5': 90 },
      { '2.1': 5, '2.2': 34, '4.3.a': 500, '4.3.b': 500, '3.5': 85.5 },
      { '2.1': 'x', '4.3.a': 0, '4.3.b': 0 },
    ];
    figures.forEach((f, i) =>
      fs.writeFileSync(
        path.join(units, `u${i}.xlsx`),
        foreignXlsx([{ name: `U${i}`, rows: unitRows(ct37, { unit: `Huyện ${i}`, unitCode: `H${i}`, from: '2023-01-01', to: '2023-09-30' }, f) }]),
      ),
    );
    const summary = path.join(tmp, 'tong-hop.xlsx');
    await cli('consolidate', units, '-o', summary, '--json', path.join(tmp, 'tong-hop.json'), '--unit', 'Ban Dân vận Tỉnh ủy');
    const json = JSON.parse(fs.readFileSync(path.join(tmp, 'tong-hop.json'), 'utf8'));
    const docx = path.join(tmp, 'bao-cao.docx');
    await cli(
      'narrative',
      summary,
      '-o',
      docx,
      '--body',
      'Ban Dân vận Tỉnh ủy',
      '--parent-body',
      'Tỉnh ủy Ninh Thuận',
      '--party',
      '--place',
      'Ninh Thuận',
      '--date',
      '2023-10-10',
      '--number',
      '15-BC/BDVTU',
    );

    const xml = strFromU8(unzipSync(fs.readFileSync(docx))['word/document.xml']!);
    expect(xml).toContain('w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/w:rFonts w:ascii="Times New Roman"/);

    const pdf = await convert(docx, 'pdf', tmp);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    const flat = text.replace(/\s+/g, ' ');
    const complaints = `Kết quả giải quyết đơn thư khiếu nại: ${formatNumber(json.values['4.3.a'], 'vi')}/${formatNumber(json.values['4.3.b'], 'vi')} đơn, đạt ${formatPercent(json.values['4.3'], 'vi')}.`;
    expect(complaints).toBe('Kết quả giải quyết đơn thư khiếu nại: 1.200/1.300 đơn, đạt 92,31%.');
    expect(flat).toContain(complaints);
    // two of the three units gave these figures: the sentence says so
    expect(flat).toContain('Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 1.234 đơn vị (số liệu của 2/3 đơn vị).');
    expect(flat).toContain('Chỉ số hài lòng của người dân về dịch vụ hành chính công: 87,75% (bình quân của 2 đơn vị) (số liệu của 2/3 đơn vị).');
    expect(flat).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(flat).toContain('Ninh Thuận, ngày 10 tháng 10 năm 2023');
    expect(flat).toContain('BÁO CÁO');
    expect(flat).toContain('PHỤ LỤC');
    // a Party body's number: "Số" without a colon (Hướng dẫn 36-HD/VPTW)
    expect(flat).toContain('Số 15-BC/BDVTU');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    // LibreOffice draws Times New Roman with its metric twin where the font itself is not installed
    expect(fonts).toMatch(/TimesNewRoman|Times New Roman|LiberationSerif/);
  }, 180_000);
});
