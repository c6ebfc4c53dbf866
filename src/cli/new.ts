import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta } from '../core/report';
import { parseTemplateKey, templateKey, type Lang, type Template } from '../core/model';
import { UI } from '../core/i18n/ui';
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

export function findTemplate(registry: TemplateRegistry, wanted: string): Template {
  const key = parseTemplateKey(wanted);
  const template = key ? registry.get(key.id, key.version) : registry.latest(wanted.trim().toLowerCase());
  if (!template) {
    const known = registry.list().map(templateKey).join(', ');
    throw new UsageError(`không có mẫu "${wanted}" / no template "${wanted}" (${known})`);
  }
  return template;
}

export async function newCommand(opts: NewOptions, io: Io): Promise<number> {
  const registry = await loadRegistry(opts.templateFile);
  const template = findTemplate(registry, opts.template);
  if (!/\.xlsx$/i.test(opts.output)) throw new UsageError(`-o ${opts.output}: tệp ra phải có đuôi .xlsx / the output must end in .xlsx`);
  const meta: ReportMeta = {};
  const from = isoOption('from', opts.from);
  const to = isoOption('to', opts.to);
  if (opts.unit?.trim()) meta.unit = opts.unit.trim();
  if (opts.unitCode?.trim()) meta.unitCode = opts.unitCode.trim();
  if (from) meta.from = from;
  if (to) meta.to = to;
  const period = { from: from ?? template.defaultPeriod?.from, to: to ?? template.defaultPeriod?.to };
  if (period.from && period.to && period.from > period.to) {
    throw new UsageError(`--from ${period.from} sau --to ${period.to} / --from is after --to`);
  }
  const bytes = await writeXlsx(withCarrier([layoutUnitSheet(template, meta, { lang: opts.lang })], template), { lang: opts.lang });
  try {
    await writeAtomically(opts.output, bytes, opts.force === true);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(UI[opts.lang].fileExists(opts.output));
    throw e;
  }
  io.out(`${UI[opts.lang].written(opts.output, templateKey(template))}\n`);
  return EXIT.ok;
}
