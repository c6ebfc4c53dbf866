import type { Lang } from './template';

const SEPARATORS: Record<Lang, { group: string; decimal: string }> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

// en-US is present in every ICU build, so rounding is done by Intl and only the separators are ours.
const roundersByDigits = new Map<string, Intl.NumberFormat>();
function rounder(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = roundersByDigits.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true });
    roundersByDigits.set(key, f);
  }
  return f;
}

export interface NumberStyle {
  /** at most this many decimals (default 2) */
  maxDecimals?: number;
  /** at least this many decimals (default 0) */
  minDecimals?: number;
}

/** 1234.5 → "1.234,5" (vi) or "1,234.5" (en). */
export function formatNumber(value: number, lang: Lang, style: NumberStyle = {}): string {
  if (!Number.isFinite(value)) return String(value);
  const max = style.maxDecimals ?? 2;
  const min = Math.min(style.minDecimals ?? 0, max);
  const en = rounder(min, max).format(value === 0 ? 0 : value); // no "-0"
  if (lang === 'en') return en;
  const { group, decimal } = SEPARATORS[lang];
  return en.replace(/[,.]/g, (c) => (c === ',' ? group : decimal));
}

/** 92.3077 (already on the 0–100 scale) → "92,31%". */
export function formatPercent(value: number, lang: Lang, style: NumberStyle = {}): string {
  return `${formatNumber(value, lang, { maxDecimals: 2, ...style })}%`;
}

/** A number format code that shows a date or a time (what is in quotes, escaped or in brackets does not count). */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}
