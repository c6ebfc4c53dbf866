import fc from 'fast-check';
import { damagedZipTests } from './zip-damage';
import { strToU8 } from 'fflate';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { formatProblem } from '../../src/core/i18n/messages';
import { checkWorkbook } from '../../src/xlsx/check';
import { readOds } from '../../src/xlsx/ods';
import { readWorkbook } from '../../src/xlsx/workbook';
import { appendix } from './corpus';
import { ODS_MIMETYPE, contentXml, odsBook, odsPackage, plainRows } from './ods-kit';

/**
 * Fuzzing the .ods reader as fuzz.test.ts fuzzes the .xlsx one: whatever the bytes behind an
 * OpenDocument signature, whatever XML is in content.xml, readOds, readWorkbook and checkWorkbook
 * return (a workbook or a problem), never throw, and take at most 2 seconds an input.
 */

const registry = builtInRegistry();
const PER_INPUT_MS = 2000;
let slowest = { ms: 0, what: '' };

function readsWithinBound(bytes: Uint8Array, what: string): void {
  const started = performance.now();
  const ods = readOds(bytes);
  const read = readWorkbook(bytes);
  const checked = checkWorkbook(bytes, 'fuzz.ods', registry);
  for (const p of checked.problems) {
    expect(formatProblem(p, 'vi').length).toBeGreaterThan(0);
    expect(formatProblem(p, 'en').length).toBeGreaterThan(0);
  }
  const ms = performance.now() - started;
  if (ms > slowest.ms) slowest = { ms, what };
  expect(ms).toBeLessThan(PER_INPUT_MS);
  expect(checked.unreadable).toBe(!read.ok);
  expect(typeof ods.ok).toBe('boolean');
}

/** The local header of a stored "mimetype" entry, as an OpenDocument package starts. */
const SIGNATURE = (() => {
  const full = odsPackage('');
  return full.slice(0, 30 + 8 + ODS_MIMETYPE.length);
})();

let valid: Uint8Array[];
beforeAll(() => {
  valid = [
    new Uint8Array(fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'ods', 'ct37-unit.ods'))),
    odsBook([{ name: 'PL', rows: plainRows(appendix('B', 'Xã B')) }]),
  ];
  for (const bytes of valid) expect(readOds(bytes).ok).toBe(true);
});
afterAll(() => process.stdout.write(`ods fuzz: slowest input ${slowest.ms.toFixed(1)} ms (${slowest.what})\n`));

describe('readOds, readWorkbook and checkWorkbook never throw, each input within 2 s', () => {
  test('random bytes behind an OpenDocument signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (body) => {
        const bytes = new Uint8Array(SIGNATURE.length + body.length);
        bytes.set(SIGNATURE);
        bytes.set(body, SIGNATURE.length);
        readsWithinBound(bytes, `random ${bytes.length} bytes`);
      }),
      { numRuns: 300 },
    );
  });

  damagedZipTests('.ods', () => valid, readsWithinBound, 300);

  // Pieces of OpenDocument XML, put together at random: unclosed tags, stray entities, huge repetitions.
  const XML_PIECES = [
    '<table:table table:name="PL">',
    '<table:table table:name="&apos;file:///x&apos;#A">',
    '<table:table/>',
    '</table:table>',
    '<table:table-row>',
    '</table:table-row>',
    '<table:table-row/>',
    '<table:table-row table:number-rows-repeated="1048576">',
    '<table:table-row table:number-rows-repeated="99999999999">',
    '<table:table-row table:number-rows-repeated="-3">',
    '<table:table-cell>',
    '</table:table-cell>',
    '<table:table-cell/>',
    '<table:covered-table-cell/>',
    '<table:covered-table-cell office:value-type="float" office:value="9">',
    '<table:table-cell table:number-columns-repeated="16384">',
    '<table:table-cell table:number-columns-repeated="1e9" office:value-type="string">',
    '<table:table-cell table:number-columns-spanned="1e9" table:number-rows-spanned="1e9">',
    '<table:table-cell office:value-type="float" office:value="1e308">',
    '<table:table-cell office:value-type="float" office:value="NaN">',
    '<table:table-cell office:value-type="date" office:date-value="2023-02-31">',
    '<table:table-cell office:value-type="date" office:date-value="-999999-01-01T99:99">',
    '<table:table-cell office:value-type="time" office:time-value="PT99999999999H">',
    '<table:table-cell office:value-type="boolean" office:boolean-value="maybe">',
    '<table:table-cell calcext:value-type="error">',
    '<table:table-cell table:formula="of:=[.A1">',
    "<table:table-cell table:formula=\"of:=['file:///x'#$S.A1]+'u'#N;&quot;\">",
    '<table:table-cell table:formula="of:=">',
    '<text:p>',
    '</text:p>',
    '<text:p/>',
    '<text:s text:c="999999999"/>',
    '<text:s text:c="-1"/>',
    '<text:tab/>',
    '<text:line-break/>',
    '<text:span>',
    '</text:span>',
    '<office:annotation>',
    '</office:annotation>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<?pi x?>',
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    '<!DOCTYPE',
    ']>',
    '<office:spreadsheet>',
    '</office:spreadsheet>',
    '<office:text>',
    '<style:style style:name="ta1" style:family="table">',
    '<style:table-properties table:display="false"/>',
    'a="b"',
    "'",
    '"',
    '>',
    '<',
    '&amp;',
    '&lt;',
    '&#x1F600;',
    '&#99999999999;',
    '&constructor;',
    '&__proto__;',
    '@template',
    'ct37@1',
    '@unitCode',
    '4.3.a',
    '1.1',
    'x',
    '',
    '<table:table-row><table:table-cell office:value-type="string"><text:p>@template</text:p></table:table-cell><table:table-cell/><table:table-cell/><table:table-cell office:value-type="string"><text:p>ct37@1</text:p></table:table-cell></table:table-row>',
    '<table:table-row><table:table-cell office:value-type="string"><text:p>4.3.a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="5"/></table:table-row>',
  ];
  const xmlish = fc.array(fc.oneof(fc.constantFrom(...XML_PIECES), fc.string({ maxLength: 8 })), { maxLength: 120 }).map((p) => p.join(''));

  test('random XML in content.xml', () => {
    fc.assert(
      fc.property(xmlish, xmlish, fc.boolean(), (body, styles, wrapped) => {
        const content = wrapped
          ? contentXml([], { bodyXml: `<table:table table:name="PL">${body}</table:table>` }).replace(
              '</office:automatic-styles>',
              `${styles}</office:automatic-styles>`,
            )
          : `${styles}${body}`;
        readsWithinBound(odsPackage(content), 'random XML');
        readsWithinBound(odsPackage(strToU8(content), { mimetype: null }), 'random XML, no mimetype');
      }),
      { numRuns: 300 },
    );
  });
});
