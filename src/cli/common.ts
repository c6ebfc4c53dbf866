import { promises as fs } from 'node:fs';
import { formatProblem } from '../core/i18n/messages';
import type { Problem } from '../core/problems';
import { builtInRegistry } from '../core/builtins';
import type { TemplateRegistry } from '../core/registry';
import type { Lang } from '../core/model';
import { parseDateText } from '../core/dates';
import { UsageError } from './files';

export { EXIT, type Io } from './io';

/** A date option: YYYY-MM-DD or dd/mm/yyyy → ISO. */
export function isoOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseDateText(value);
  if (!iso) throw new UsageError(`--${name} "${value}": cần ngày dạng dd/mm/yyyy hoặc YYYY-MM-DD / expected a date dd/mm/yyyy or YYYY-MM-DD`);
  return iso;
}

export async function loadRegistry(files: readonly string[] = []): Promise<TemplateRegistry> {
  const registry = builtInRegistry();
  if (files.length === 0) return registry;
  // The schema (zod) is loaded only to check a user's template.
  const { defineTemplate } = await import('../core/template');
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`không đọc được mẫu ${file} / cannot read template ${file}: ${(e as Error).message}`);
    }
    try {
      for (const t of Array.isArray(json) ? json : [json]) registry.add(defineTemplate(t));
    } catch (e) {
      // TemplateError (the schema), or a second template with the same id and version
      if (e instanceof Error) throw new UsageError(`${file}: ${e.message}`);
      throw e;
    }
  }
  return registry;
}

export function problemJson(p: Problem, lang: Lang) {
  return {
    severity: p.severity,
    file: p.where.file ?? null,
    sheet: p.where.sheet ?? null,
    cell: p.where.cell ?? null,
    code: p.code ?? null,
    ...(p.codes ? { codes: p.codes } : {}),
    rule: p.rule,
    message: formatProblem(p, lang),
  };
}
