import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta } from '../core/report';
import { parseTemplateKey, templateKey, type Lang, type Template } from '../core/model';
import { UI } from '../core/i18n/ui';
import { formatDateVi } from '../core/dates';
import { layoutUnitSheet } from '../sheet/layout';
import { writeXlsx } from '../xlsx/write';
import { withCarrier } from '../sheet/carrier';
import { isoOption, loadRegistry } from './common';
import { EXIT, type Io } from './io';
import { OutputExistsError, UsageError, writeAtomically } from './files';

export interface NewOptions {
  template: string;
  unit?: string;
  unitCode?: string;
  from?: string;
  to?: string;
  output: string;
  force?: boolean;
  lang: Lang;
  templateFile?: string[];
}

export function findTemplate(registry: TemplateRegistry, wanted: string, lang: Lang): Template {
  const key = parseTemplateKey(wanted);
  const template = key ? registry.get(key.id, key.version) : registry.latest(wanted.trim().toLowerCase());
  if (!template) {
    const known = registry.list().map(templateKey).join(', ');
    throw new UsageError(UI[lang].noTemplate(wanted, known));
  }
  return template;
}

export async function newCommand(opts: NewOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const template = findTemplate(registry, opts.template, opts.lang);
  if (!/\.xlsx$/i.test(opts.output)) throw new UsageError(ui.outputNotXlsx(opts.output));
  const meta: ReportMeta = {};
  const from = isoOption('from', opts.from, opts.lang);
  const to = isoOption('to', opts.to, opts.lang);
  if (opts.unit?.trim()) meta.unit = opts.unit.trim();
  if (opts.unitCode?.trim()) meta.unitCode = opts.unitCode.trim();
  if (from) meta.from = from;
  if (to) meta.to = to;
  const period = { from: from ?? template.defaultPeriod?.from, to: to ?? template.defaultPeriod?.to };
  if (period.from && period.to && period.from > period.to) {
    throw new UsageError(ui.periodOrder(formatDateVi(period.from), formatDateVi(period.to)));
  }
  const bytes = await writeXlsx(withCarrier([layoutUnitSheet(template, meta, { lang: opts.lang })], template), { lang: opts.lang });
  try {
    await writeAtomically(opts.output, bytes, opts.force === true, opts.lang);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(ui.fileExists(opts.output));
    throw e;
  }
  io.out(`${ui.written(opts.output, templateKey(template))}\n`);
  return EXIT.ok;
}
