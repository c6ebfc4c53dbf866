/**
 * XML text as the workbook parts carry it: entities (`decodeXml`), OOXML's _xHHHH_ escapes,
 * attribute values (`attr`) and the text of rich-text items (`richText`). No parsing of elements.
 */

// A Map, not an object: "&constructor;" or "&__proto__;" in a file must not find Object's own properties.
const ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES.get(e) ?? whole;
  });
}

/** OOXML escapes characters XML cannot carry as _xHHHH_. */
export function decodeOoxml(s: string): string {
  const decoded = decodeXml(s);
  return decoded.includes('_x') ? decoded.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : decoded;
}

const attrPatterns = new Map<string, RegExp>();
/** An attribute's value; the common spelling (one space, double quotes) is found without a regex. */
export function attr(attrs: string, name: string): string | undefined {
  const key = ` ${name}="`;
  const at = attrs.indexOf(key);
  if (at >= 0) return attrs.slice(at + key.length, attrs.indexOf('"', at + key.length));
  if (!attrs.includes(`${name}=`)) return undefined;
  let re = attrPatterns.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The text of a string item: its <t> runs, leaving out phonetic runs. */
export function richText(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) out += m[1] ?? '';
  return decodeOoxml(out);
}
