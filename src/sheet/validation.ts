import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import { formatNumber } from '../core/numfmt';
import type { InputCheck } from './grid';

/** The spreadsheet's own check on an input cell, as every writer writes it. */
export interface InputRule {
  readonly type: 'custom' | 'list' | 'date';
  /** without "=", relative to `cell`; a list's items in quotes; a date rule's lower bound as an ISO date */
  readonly formula: string;
  readonly title?: string;
  readonly message?: string;
  /** stop: the value is refused; warning: the user may keep it */
  readonly errorStyle: 'stop' | 'warning';
}

/**
 * What an input cell accepts (DESIGN §4), for the cell `cell` (A1) at the top of a run: a unit filling
 * the sheet without the add-in is told at once. Counts take a whole number ≥ 0 or the text x.
 */
export function inputRule(check: InputCheck, cell: string, lang: Lang): InputRule {
  const ui = UI[lang];
  switch (check.type) {
    case 'count':
      return {
        type: 'custom',
        formula: `OR(${cell}="x",${cell}="X",AND(ISNUMBER(${cell}),${cell}>=0,${cell}=INT(${cell})))`,
        title: ui.validationCountTitle,
        message: ui.validationCount,
        errorStyle: 'stop',
      };
    case 'decimal': {
      const bounds = [check.min !== undefined ? `${cell}>=${check.min}` : undefined, check.max !== undefined ? `${cell}<=${check.max}` : undefined].filter(
        Boolean,
      );
      const bounded = check.min !== undefined && check.max !== undefined;
      return {
        type: 'custom',
        formula: `OR(${cell}="x",${cell}="X",AND(ISNUMBER(${cell})${bounds.map((b) => `,${b}`).join('')}))`,
        title: bounded ? ui.validationPercentTitle : ui.validationNumberTitle,
        message: bounded ? ui.validationPercent(formatNumber(check.min, lang), formatNumber(check.max, lang)) : ui.validationNumber,
        errorStyle: 'stop',
      };
    }
    case 'yesno':
      return { type: 'list', formula: `"${ui.yes},${ui.no},x"`, title: ui.validationYesNoTitle, message: ui.validationYesNo, errorStyle: 'stop' };
    case 'date':
      return { type: 'date', formula: '1990-01-01', errorStyle: 'warning' };
    case 'list':
      return { type: 'list', formula: `"${check.items.join(',')}"`, title: check.title, message: check.message, errorStyle: 'stop' };
    case 'formula':
      return { type: 'custom', formula: check.formula.split('{cell}').join(cell), title: check.title, message: check.message, errorStyle: 'stop' };
  }
}
