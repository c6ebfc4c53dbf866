import { formatNumber, formatPercent } from '../../src/core/numfmt';

describe('Vietnamese and English number style', () => {
  test.each([
    [1234.5, 'vi', '1.234,5'],
    [1234.5, 'en', '1,234.5'],
    [1234567, 'vi', '1.234.567'],
    [0, 'vi', '0'],
    [-0, 'vi', '0'],
    [-1234.25, 'vi', '-1.234,25'],
    [0.005, 'vi', '0,01'],
    [1.005, 'en', '1.01'],
    [12, 'vi', '12'],
  ] as const)('%p in %s → %s', (value, lang, expected) => {
    expect(formatNumber(value, lang)).toBe(expected);
  });

  test('ratios: 120/130 is 92,31% and 92.31%', () => {
    expect(formatPercent((120 / 130) * 100, 'vi')).toBe('92,31%');
    expect(formatPercent((120 / 130) * 100, 'en')).toBe('92.31%');
    expect(formatPercent(100, 'vi')).toBe('100%');
    expect(formatPercent(50, 'vi', { minDecimals: 2 })).toBe('50,00%');
  });
});
