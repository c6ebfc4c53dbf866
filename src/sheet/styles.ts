import type { StyleId } from './grid';

/** How each part of a sheet looks; writers map this onto their own style objects. */
export interface CellLook {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly size?: number;
  /** RGB hex without "#" */
  readonly color?: string;
  readonly fill?: string;
  readonly align?: 'left' | 'center' | 'right';
  readonly wrap?: boolean;
  readonly border?: boolean;
}

/** Times New Roman for every cell, as Nghị định 30/2020/NĐ-CP asks of administrative documents. */
export const FONT_NAME = 'Times New Roman';
export const FONT_SIZE = 12;

const INPUT_FILL = 'FFF9E5';
const COMPUTED_FILL = 'EDEDED';

export const LOOKS: Readonly<Record<StyleId, CellLook>> = {
  title: { bold: true, size: 14, align: 'center' },
  subtitle: { bold: true, size: 13, align: 'center', wrap: true },
  source: { italic: true, align: 'center', wrap: true },
  key: { color: '808080', size: 9 },
  metaLabel: { bold: true },
  metaValue: { fill: INPUT_FILL, border: true, align: 'left' },
  header: { bold: true, align: 'center', wrap: true, border: true, fill: 'D9E2F3' },
  heading1: { bold: true, border: true, wrap: true },
  heading2: { bold: true, italic: true, border: true, wrap: true },
  label: { wrap: true, border: true },
  unit: { align: 'center', border: true, wrap: true },
  input: { fill: INPUT_FILL, border: true, align: 'right' },
  computed: { fill: COMPUTED_FILL, border: true, align: 'right', bold: true },
  note: { border: true, wrap: true },
  legend: { italic: true, size: 10, wrap: true },
};

export const NUMBER_FORMATS = {
  count: '#,##0',
  number: '#,##0.##',
  percent: '0.00',
  ratio: '0.00',
  date: 'dd/mm/yyyy',
  text: '@',
  /** a change: signed, so that a rise reads +12 */
  change: '+#,##0.##;-#,##0.##;0',
  /** a change of a rate, in percentage points ("điểm phần trăm"; "pp" in English) */
  changePoints: '+0.00" đ.%";-0.00" đ.%";0',
  changePointsEn: '+0.00" pp";-0.00" pp";0',
  changePercent: '+0.00"%";-0.00"%";0',
} as const;

/** Print margins of every sheet, in inches (20 mm left, 15 mm right, 20 mm top and bottom: Nghị định 30/2020's page), for every writer. */
export const PRINT_MARGINS = { left: 0.79, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 } as const;
