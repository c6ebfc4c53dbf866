import fs from 'node:fs';
import path from 'node:path';
import { BUILT_IN_TEMPLATES, builtInRegistry } from '../../src/core/builtins';
import { defineTemplate, parseTemplateKey, TemplateError } from '../../src/core/template';

const specRows = (file: string): { code: string; label: string; unit: string; kind: string }[] => {
  // The spec tables in ../shared/spec are the source of truth for the built-ins.

  const fs = require('node:fs') as typeof import('node:fs');

  const path = require('node:path') as typeof import('node:path');
  const text = fs.readFileSync(path.join(__dirname, '../../../shared/spec', file), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| code') && !l.startsWith('|---'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .map(([code, label, unit, kind]) => ({
      code: code!.replace(/\*/g, ''),
      label: label!.replace(/^\*+|\*+$/g, '').replace(/^_|_$/g, ''),
      unit: unit!,
      kind: kind!,
    }));
};

const specAvailable = (() => {
  try {
    specRows('appendix-ct37.md');
    return true;
  } catch {
    return false;
  }
})();
const withSpec = specAvailable ? describe : describe.skip;
if (!specAvailable) console.warn('../shared/spec not found next to the project: skipping the spec comparison');

withSpec('built-in templates are exactly the spec', () => {
  test.each([
    ['ct37', 'appendix-ct37.md'],
    ['tu-kiem-tra-dan-chu', 'appendix-self-inspection.md'],
  ])('%s matches %s row by row', (id, file) => {
    const template = builtInRegistry().latest(id)!;
    const spec = specRows(file);
    expect(template.rows.map((r) => r.code)).toEqual(spec.map((r) => r.code));
    template.rows.forEach((row, i) => {
      const s = spec[i]!;
      expect(row.label.vi).toBe(s.label.replace(/^_|_$/g, ''));
      expect(row.unit?.vi ?? '').toBe(s.unit);
      const kind = s.kind === '' ? 'heading' : s.kind.split(' ')[0];
      expect(row.kind).toBe(kind);
      if (row.kind === 'ratio') expect(`ratio ${row.ratio!.numerator} / ${row.ratio!.denominator}`).toBe(s.kind);
    });
  });
});

describe('template schema', () => {
  test('built-ins, read without the schema at start-up, pass the schema and equal what it makes of them', () => {
    for (const file of ['ct37', 'tu-kiem-tra-dan-chu']) {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/core/templates', `${file}.json`), 'utf8'));
      const built = BUILT_IN_TEMPLATES.find((t) => t.id === file)!;
      expect(defineTemplate(json)).toEqual(built);
    }
  });

  test('built-ins are valid and complete', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => `${t.id}@${t.version}`)).toEqual(['ct37@1', 'tu-kiem-tra-dan-chu@1']);
    const ct37 = builtInRegistry().get('ct37', 1)!;
    expect(ct37.byCode.get('4.3')!.ratio).toEqual({ numerator: '4.3.a', denominator: '4.3.b' });
    expect(ct37.byCode.get('3.5')).toMatchObject({ kind: 'percent', aggregation: 'mean', min: 0, max: 100 });
    expect(ct37.byCode.get('1.1')).toMatchObject({ kind: 'count', aggregation: 'sum', min: 0 });
    expect(ct37.byCode.get('4.1.2')!.rules).toEqual([{ type: 'ge', other: '4.1.1', severity: 'warning' }]);
    expect(ct37.byCode.get('4.3.a')!.rules).toEqual([{ type: 'le', other: '4.3.b', severity: 'error' }]);
  });

  const base = { id: 'thu', version: 1, title: { vi: 'Thử' } };
  test.each([
    [
      'duplicate code',
      [
        { code: 'a', kind: 'count', label: { vi: 'A' } },
        { code: 'a', kind: 'count', label: { vi: 'B' } },
      ],
      'duplicate code a',
    ],
    ['unknown rule target', [{ code: 'a', kind: 'count', label: { vi: 'A' }, rules: [{ type: 'le', other: 'zz' }] }], 'unknown row zz'],
    ['ratio without parts', [{ code: 'r', kind: 'ratio', label: { vi: 'R' } }], 'needs numerator and denominator'],
    [
      'ratio over text',
      [
        { code: 't', kind: 'text', label: { vi: 'T' } },
        { code: 'c', kind: 'count', label: { vi: 'C' } },
        { code: 'r', kind: 'ratio', label: { vi: 'R' }, ratio: { numerator: 't', denominator: 'c' } },
      ],
      'row t is text',
    ],
    [
      'zeroWhenNo on a count',
      [
        { code: 'a', kind: 'count', label: { vi: 'A' } },
        { code: 'b', kind: 'count', label: { vi: 'B' }, rules: [{ type: 'zeroWhenNo', when: 'a' }] },
      ],
      'expected yesno',
    ],
    ['code starting with @', [{ code: '@unit', kind: 'count', label: { vi: 'A' } }], 'a code is'],
    ['min above max', [{ code: 'a', kind: 'number', label: { vi: 'A' }, min: 5, max: 1 }], 'min is above max'],
  ])('rejects %s', (_, rows, message) => {
    expect(() => defineTemplate({ ...base, rows })).toThrow(TemplateError);
    expect(() => defineTemplate({ ...base, rows })).toThrow(message);
  });

  test('template keys', () => {
    expect(parseTemplateKey('ct37@1')).toEqual({ id: 'ct37', version: 1 });
    expect(parseTemplateKey(' CT37 @ 2 ')).toEqual({ id: 'ct37', version: 2 });
    expect(parseTemplateKey('ct37')).toBeUndefined();
    expect(parseTemplateKey('ct37@v1')).toBeUndefined();
  });
});
