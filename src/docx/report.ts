import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { figureText, type NarrativeSection, type NarrativeSource } from '../core/narrative';
import { localize, type Lang } from '../core/model';
import type { ReportMeta } from '../core/report';
import { formatDateVi } from '../core/dates';

/** What the writer of the report decides: who issues it, where, when, under which number. */
export interface ReportHeader {
  /** the issuing body, e.g. "Ban Dân vận Tỉnh ủy" */
  readonly body?: string;
  /** the body it belongs to, printed above it (e.g. "Tỉnh ủy Ninh Thuận") */
  readonly parentBody?: string;
  /** a Party body: "ĐẢNG CỘNG SẢN VIỆT NAM" instead of the State motto */
  readonly party?: boolean;
  readonly place?: string;
  /** ISO date */
  readonly date?: string;
  /** e.g. "15/BC-BDV" (State) or "15-BC/BDVTU" (Party); the dotted placeholder "…/BC-…" to fill by hand when absent */
  readonly number?: string;
  /** "Nơi nhận", one entry a line, without the leading "- " and the final "," / "."; a "Lưu VP" line is added unless one starts with "Lưu" */
  readonly recipients?: readonly string[];
  /** the signer's authority, e.g. "T/M BAN THƯỜNG VỤ", "KT. TRƯỞNG BAN" */
  readonly signerAuthority?: string;
  /** the signer's title, e.g. "PHÓ BÍ THƯ" */
  readonly signerTitle?: string;
  /** the signer's full name */
  readonly signer?: string;
}

const FONT = 'Times New Roman';
const BODY_SIZE = 28; // half-points: 14 pt
const HEADER_SIZE = 26; // 13 pt
const TITLE_SIZE = 28; // "BÁO CÁO": 14 pt bold
const RECIPIENTS_HEAD_SIZE = 24; // "Nơi nhận:": 12 pt bold italic
const RECIPIENTS_SIZE = 22; // the recipients: 11 pt
const PAGE_NUMBER_SIZE = 26; // 13 pt
const A4 = { width: 11906, height: 16838 }; // twips
// Nghị định 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
const MARGINS = {
  top: convertMillimetersToTwip(20),
  bottom: convertMillimetersToTwip(20),
  left: convertMillimetersToTwip(30),
  right: convertMillimetersToTwip(15),
};
const FIRST_LINE_INDENT = convertMillimetersToTwip(10);
/** The width between the margins, in twips: tables get their columns in twips, which every reader honours. */
const TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right;
const columns = (shares: readonly number[]): number[] => shares.map((s) => Math.round((TEXT_WIDTH * s) / 100));

const DOTS = '………';

/** Day and month as Nghị định 30/2020 writes them: a leading 0 for days below 10 and for months 1 and 2. */
function dateParts(iso: string | undefined): { d: string; m: string; y: string } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return undefined;
  const m = Number(match[2]);
  return { y: match[1]!, m: m < 3 ? String(m).padStart(2, '0') : String(m), d: match[3]! };
}

/** "Số: 15/BC-BDV" for a State body; "Số 15-BC/BDVTU" for a Party body (Hướng dẫn 36-HD/VPTW writes no colon). */
const numberPlaceholder = (party: boolean | undefined) => (party ? '…-BC/…' : '…/BC-…');

const TEXT = {
  vi: {
    state: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    party: 'ĐẢNG CỘNG SẢN VIỆT NAM',
    number: (n: string | undefined, party: boolean | undefined) => `${party ? 'Số' : 'Số:'} ${n ?? numberPlaceholder(party)}`,
    dateLine: (place: string | undefined, iso: string | undefined) => {
      const p = dateParts(iso);
      return `${place ?? DOTS}, ngày ${p?.d ?? '…'} tháng ${p?.m ?? '…'} năm ${p?.y ?? '…'}`;
    },
    report: 'BÁO CÁO',
    appendix: 'PHỤ LỤC',
    appendixOf: (header: ReportHeader, unit: string | undefined, from?: string, to?: string) => {
      const p = dateParts(header.date);
      const number = header.number ?? numberPlaceholder(header.party);
      const date = p ? `${p.d}/${p.m}/${p.y}` : '…/…/…';
      return [
        `(Kèm theo Báo cáo số ${number}${header.party ? ',' : ''} ngày ${date} của ${unit ?? DOTS})`,
        from && to ? `Số liệu từ ngày ${formatDateVi(from)} đến ngày ${formatDateVi(to)}` : '',
      ].filter(Boolean);
    },
    columns: ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu'],
    toWrite: DOTS,
    recipients: 'Nơi nhận:',
    /** the office's own copy, which every list of the forms ends with */
    fileCopy: 'Lưu VP',
    isFileCopy: (line: string) => /^lưu(?![\p{L}\p{N}])/iu.test(line),
  },
  en: {
    state: 'SOCIALIST REPUBLIC OF VIETNAM',
    motto: 'Independence - Freedom - Happiness',
    party: 'COMMUNIST PARTY OF VIETNAM',
    number: (n: string | undefined, party: boolean | undefined) => `No.: ${n ?? numberPlaceholder(party)}`,
    dateLine: (place: string | undefined, iso: string | undefined) => `${place ?? DOTS}, ${dateParts(iso) ? iso! : '…/…/…'}`,
    report: 'REPORT',
    appendix: 'APPENDIX',
    appendixOf: (header: ReportHeader, unit: string | undefined, from?: string, to?: string) =>
      [
        `(Annex to Report No. ${header.number ?? numberPlaceholder(header.party)} of ${dateParts(header.date) ? header.date! : '…/…/…'} by ${unit ?? DOTS})`,
        from && to ? `Figures from ${from} to ${to}` : '',
      ].filter(Boolean),
    columns: ['Code', 'Indicator', 'Unit', 'Figure'],
    toWrite: DOTS,
    recipients: 'Recipients:',
    fileCopy: 'File copy',
    isFileCopy: (line: string) => /^(lưu|file)(?![\p{L}\p{N}])/iu.test(line),
  },
} as const;

/**
 * The lines of "Nơi nhận" as the forms print them: "- " before each, "," after each but the last,
 * "." after the last, which is the office's own copy ("Lưu VP." unless the writer gave a "Lưu" line).
 */
export function recipientLines(recipients: readonly string[] | undefined, lang: Lang): string[] {
  const t = TEXT[lang];
  const items = (recipients ?? [])
    .map((r) =>
      r
        .normalize('NFC')
        .trim()
        .replace(/^[-–•]\s*/, '')
        .replace(/[\s,;.]+$/, '')
        .trim(),
    )
    .filter((r) => r.length > 0);
  const kept = items.filter((r) => !t.isFileCopy(r));
  const copies = items.filter((r) => t.isFileCopy(r));
  const lines = [...(kept.length > 0 ? kept : [DOTS]), ...(copies.length > 0 ? copies : [t.fileCopy])];
  return lines.map((r, i) => `- ${r}${i === lines.length - 1 ? '.' : ','}`);
}

/** The signer's lines: authority, title, name. With nothing given, a dotted title and name to fill by hand. */
export function signerLines(header: ReportHeader): { authority?: string; title?: string; name: string } {
  const authority = header.signerAuthority?.trim() || undefined;
  const title = header.signerTitle?.trim() || undefined;
  const name = header.signer?.trim() || undefined;
  return {
    ...(authority ? { authority: authority.toLocaleUpperCase('vi') } : {}),
    ...(title ? { title: title.toLocaleUpperCase('vi') } : !authority ? { title: DOTS } : {}),
    name: name ?? DOTS,
  };
}

const run = (text: string, opts: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean } = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: opts.size ?? BODY_SIZE,
    ...(opts.bold ? { bold: true } : {}),
    ...(opts.italic ? { italics: true } : {}),
    ...(opts.underline ? { underline: {} } : {}),
  });

const centered = (text: string, opts: Parameters<typeof run>[1] = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, opts)] });

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

/** The two-column block at the top of an administrative document (Nghị định 30/2020, Phụ lục I). */
function headerBlock(header: ReportHeader, lang: Lang): Table {
  const t = TEXT[lang];
  const left = [
    ...(header.parentBody ? [centered(header.parentBody.toLocaleUpperCase('vi'), { size: HEADER_SIZE })] : []),
    centered((header.body ?? DOTS).toLocaleUpperCase('vi'), { size: HEADER_SIZE, bold: true }),
    // Hướng dẫn 36-HD/VPTW: a star under a Party body's name; Nghị định 30/2020: a rule under a State body's
    header.party ? centered('*', { size: HEADER_SIZE }) : centered('———', { size: HEADER_SIZE }),
    centered(t.number(header.number, header.party), { size: HEADER_SIZE }),
  ];
  const right = header.party
    ? [centered(t.party, { size: HEADER_SIZE + 2, bold: true, underline: true })]
    : [centered(t.state, { size: HEADER_SIZE, bold: true }), centered(t.motto, { size: BODY_SIZE, bold: true }), centered('———————', { size: HEADER_SIZE })];
  right.push(
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120 }, children: [run(t.dateLine(header.place, header.date), { italic: true })] }),
  );
  return sideBySide(left, right, [38, 62]);
}

/** Two blocks side by side, as the forms set them: a borderless table of one row, kept on one page. */
function sideBySide(left: Paragraph[], right: Paragraph[], shares: readonly [number, number]): Table {
  const widths = columns(shares);
  const cell = (children: Paragraph[], i: number) => new TableCell({ children, width: { size: widths[i]!, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, 0), cell(right, 1)] })],
  });
}

/** The closing block (Nghị định 30/2020, Phụ lục I; Hướng dẫn 36-HD/VPTW): "Nơi nhận" on the left, the signer on the right. */
function closingBlock(header: ReportHeader, lang: Lang): Table {
  const t = TEXT[lang];
  const tight = { before: 0, after: 0 };
  const left = [
    new Paragraph({ spacing: tight, children: [run(t.recipients, { bold: true, italic: true, size: RECIPIENTS_HEAD_SIZE })] }),
    ...recipientLines(header.recipients, lang).map((line) => new Paragraph({ spacing: tight, children: [run(line, { size: RECIPIENTS_SIZE })] })),
  ];
  const signer = signerLines(header);
  const right = [
    ...(signer.authority ? [centered(signer.authority, { bold: true })] : []),
    ...(signer.title ? [centered(signer.title, { bold: true })] : []),
    // room for the signature and the seal
    ...Array.from({ length: 4 }, () => new Paragraph({ children: [] })),
    centered(signer.name, { bold: true }),
  ];
  return sideBySide(left, right, [45, 55]);
}

/** The page number, centred in the top margin, from page 2 on (none on page 1). */
function pageHeaders(): { first: Header; default: Header } {
  return {
    first: new Header({ children: [new Paragraph({ children: [] })] }),
    default: new Header({
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PAGE_NUMBER_SIZE })] }),
      ],
    }),
  };
}

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 60, after: 60, line: 312 },
    children: [run(text)],
  });
}

function headingParagraph(section: NarrativeSection): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: section.level === 1 ? 180 : 100, after: 60 },
    keepNext: true,
    children: [run(section.heading, { bold: section.level <= 2, italic: section.level === 3 })],
  });
}

/** The appendix as a Word table: code, indicator, unit, figure (Vietnamese number style). */
function appendixTable(source: NarrativeSource, lang: Lang): Table {
  const t = TEXT[lang];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const widths = columns([10, 54, 14, 22]);
  const cell = (text: string, i: number, opts: { bold?: boolean; italic?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      borders,
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: opts.align ?? AlignmentType.LEFT,
          children: [run(text, { size: 24, ...(opts.bold ? { bold: true } : {}), ...(opts.italic ? { italic: true } : {}) })],
        }),
      ],
    });
  const rows = [new TableRow({ tableHeader: true, children: t.columns.map((c, i) => cell(c, i, { bold: true, align: AlignmentType.CENTER })) })];
  for (const row of source.template.rows) {
    if (row.kind === 'heading') {
      rows.push(
        new TableRow({
          children: [
            cell(row.code, 0, { bold: true }),
            cell(localize(row.label, lang), 1, { bold: row.level !== 2, italic: row.level === 2 }),
            cell('', 2),
            cell('', 3),
          ],
        }),
      );
      continue;
    }
    if (row.kind === 'text') continue;
    const figure = figureText(row, source.rows.get(row.code), source, lang) ?? '';
    rows.push(
      new TableRow({
        children: [
          cell(row.code, 0),
          cell(localize(row.label, lang), 1),
          cell(row.unit ? localize(row.unit, lang) : '', 2, { align: AlignmentType.CENTER }),
          cell(figure, 3, { align: AlignmentType.RIGHT }),
        ],
      }),
    );
  }
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows });
}

/** The report as a .docx: header block, title, the outline with its sentences, then the appendix. */
export async function writeReportDocx(
  source: NarrativeSource,
  sections: readonly NarrativeSection[],
  header: ReportHeader,
  meta: ReportMeta,
  lang: Lang,
): Promise<Uint8Array> {
  const t = TEXT[lang];
  const outline = source.template.report;
  const children: (Paragraph | Table)[] = [
    headerBlock(header, lang),
    new Paragraph({ spacing: { before: 240 }, alignment: AlignmentType.CENTER, children: [run(t.report, { bold: true, size: TITLE_SIZE })] }),
    ...(outline ? [centered(localize(outline.subject, lang), { bold: true })] : []),
    centered('———', {}),
  ];
  for (const section of sections) {
    children.push(headingParagraph(section));
    const paragraphs = section.paragraphs.length > 0 ? section.paragraphs : [t.toWrite];
    for (const p of paragraphs) children.push(bodyParagraph(p));
  }
  children.push(
    new Paragraph({ spacing: { before: 120 }, children: [] }),
    closingBlock(header, lang),
    new Paragraph({ children: [new PageBreak()] }),
    centered(t.appendix, { bold: true }),
    centered(localize(source.template.title, lang), { bold: true }),
    ...t.appendixOf(header, header.body ?? meta.unit, meta.from, meta.to).map((line) => centered(line, { italic: true })),
    new Paragraph({ children: [] }),
    appendixTable(source, lang),
  );
  const doc = new Document({
    creator: 'Phụ lục',
    title: outline ? localize(outline.subject, lang) : localize(source.template.title, lang),
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { size: A4, margin: MARGINS }, titlePage: true }, headers: pageHeaders(), children }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** The report as Markdown, for pasting where Word is not at hand: the body, "Nơi nhận" and the signer, then the appendix. */
export function reportMarkdown(
  source: NarrativeSource,
  sections: readonly NarrativeSection[],
  lang: Lang,
  header: ReportHeader = {},
  meta?: ReportMeta,
): string {
  const t = TEXT[lang];
  const lines: string[] = [`# ${t.report}`, ''];
  if (source.template.report) lines.push(`**${localize(source.template.report.subject, lang)}**`, '');
  for (const s of sections) {
    lines.push(`${'#'.repeat(s.level + 1)} ${s.heading}`, '');
    for (const p of s.paragraphs) lines.push(p, '');
  }
  const signer = signerLines(header);
  lines.push(`***${t.recipients}***`, '', ...recipientLines(header.recipients, lang), '');
  for (const l of [signer.authority, signer.title]) if (l) lines.push(`**${l}**  `);
  lines.push('', `**${signer.name}**`, '');
  lines.push(
    `## ${t.appendix}`,
    '',
    ...t.appendixOf(header, header.body ?? meta?.unit, meta?.from, meta?.to).map((l) => `*${l}*`),
    '',
    `| ${t.columns.join(' | ')} |`,
    '|---|---|---|---|',
  );
  for (const row of source.template.rows) {
    if (row.kind === 'text') continue;
    const figure = row.kind === 'heading' ? '' : (figureText(row, source.rows.get(row.code), source, lang) ?? '');
    const label = localize(row.label, lang).replace(/\|/g, '\\|');
    lines.push(`| ${row.code} | ${row.kind === 'heading' ? `**${label}**` : label} | ${row.unit ? localize(row.unit, lang) : ''} | ${figure} |`);
  }
  return `${lines.join('\n')}\n`;
}
