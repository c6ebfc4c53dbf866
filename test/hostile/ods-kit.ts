import { strToU8, zipSync, type Zippable } from 'fflate';
import { esc } from './xlsx-kit';

/**
 * OpenDocument spreadsheets built byte by byte for the tests: any XML in a cell, repetitions and
 * spans as asked, hidden tables, a DOCTYPE, another body (text, presentation). Nothing here comes
 * from the code under test; rawZip and deflatedEntry (xlsx-kit.ts) make packages whose directory lies.
 */

export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** A cell: a number (float), a string, a boolean, empty, or the raw XML of a <table:table-cell>. */
export type OdsCell = string | number | boolean | null | undefined | { readonly xml: string };

export interface OdsSheet {
  readonly name: string;
  readonly rows: readonly (readonly OdsCell[])[];
  readonly hidden?: boolean;
  /** raw XML of <table:table-row>s after the rows */
  readonly tailRowsXml?: string;
}

const NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
].join(' ');

export function odsCellXml(v: OdsCell): string {
  if (v === null || v === undefined) return '<table:table-cell/>';
  if (typeof v === 'number') return `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`;
  if (typeof v === 'boolean')
    return `<table:table-cell office:value-type="boolean" office:boolean-value="${v}"><text:p>${v ? 'TRUE' : 'FALSE'}</text:p></table:table-cell>`;
  if (typeof v === 'string') return `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
  return v.xml;
}

export function tableXml(sheet: OdsSheet): string {
  const rows = sheet.rows.map((cells) => `<table:table-row>${cells.map(odsCellXml).join('')}</table:table-row>`).join('');
  return `<table:table table:name="${esc(sheet.name)}"${sheet.hidden ? ' table:style-name="taHidden"' : ' table:style-name="ta1"'}>${rows}${sheet.tailRowsXml ?? ''}</table:table>`;
}

export interface ContentOptions {
  /** written before the root element */
  readonly prolog?: string;
  /** the body's element: spreadsheet unless said */
  readonly body?: 'spreadsheet' | 'text' | 'presentation';
  /** instead of tables made from sheets */
  readonly bodyXml?: string;
}

export function contentXml(sheets: readonly OdsSheet[], options: ContentOptions = {}): string {
  const body = options.body ?? 'spreadsheet';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>${options.prolog ?? ''}<office:document-content ${NAMESPACES} office:version="1.3">` +
    '<office:automatic-styles>' +
    '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>' +
    '<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>' +
    '</office:automatic-styles>' +
    `<office:body><office:${body}>${options.bodyXml ?? sheets.map(tableXml).join('')}</office:${body}></office:body></office:document-content>`
  );
}

export interface PackageOptions {
  /** the mimetype entry: the spreadsheet's unless said; null leaves it out */
  readonly mimetype?: string | null;
  /** the mimetype entry after content.xml instead of first */
  readonly mimetypeLast?: boolean;
  readonly extra?: Record<string, string | Uint8Array>;
}

/** The parts of a package, by name, in the order they are zipped. */
export function odsParts(content: string | Uint8Array, options: PackageOptions = {}): [string, Uint8Array][] {
  const mimetype = options.mimetype === undefined ? ODS_MIMETYPE : options.mimetype;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype ?? ODS_MIMETYPE}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  const parts: [string, Uint8Array][] = [
    ['content.xml', typeof content === 'string' ? strToU8(content) : content],
    ['META-INF/manifest.xml', strToU8(manifest)],
    ...Object.entries(options.extra ?? {}).map(([name, data]): [string, Uint8Array] => [name, typeof data === 'string' ? strToU8(data) : data]),
  ];
  if (mimetype !== null) {
    const entry: [string, Uint8Array] = ['mimetype', strToU8(mimetype)];
    if (options.mimetypeLast) parts.push(entry);
    else parts.unshift(entry);
  }
  return parts;
}

/** A zipped package: the mimetype stored (not deflated), as OpenDocument requires, the rest deflated. */
export function odsPackage(content: string | Uint8Array, options: PackageOptions = {}): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of odsParts(content, options)) files[name] = name === 'mimetype' ? [data, { level: 0 }] : data;
  return zipSync(files);
}

export const odsBook = (sheets: readonly OdsSheet[], options: PackageOptions & ContentOptions = {}): Uint8Array =>
  odsPackage(contentXml(sheets, options), options);

/** Rows of plain values (as appendix() in corpus.ts gives them) as OpenDocument cells. */
export function plainRows(rows: readonly (readonly unknown[])[]): OdsCell[][] {
  return rows.map((cells) =>
    cells.map((c): OdsCell => {
      if (c === null || c === undefined || typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean') return c;
      throw new Error(`not a plain value: ${JSON.stringify(c)}`);
    }),
  );
}
