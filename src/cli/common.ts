import { promises as fs } from 'node:fs';
import { formatProblem } from '../core/i18n/messages';
import type { Problem } from '../core/problems';
import { builtInRegistry } from '../core/builtins';
import type { TemplateRegistry } from '../core/registry';
import type { Lang } from '../core/model';
import { parseDateText } from '../core/dates';
import { fileReason, UsageError } from './files';
import { UI } from '../core/i18n/ui';
import { templateKey } from '../core/model';

export { EXIT, type Io } from './io';

/** A date option: YYYY-MM-DD or dd/mm/yyyy → ISO; anything else is refused in the command's language. */
export function isoOption(name: string, value: string | undefined, lang: Lang): string | undefined {
  if (value === undefined) return undefined;
  const iso = parseDateText(value);
  if (!iso) throw new UsageError(UI[lang].badDate(name, value));
  return iso;
}

/** The built-in templates, and those of --template-file; a file that is not a good template is a usage error in `lang`. */
export async function loadRegistry(files: readonly string[] = [], lang: Lang): Promise<TemplateRegistry> {
  const registry = builtInRegistry();
  if (files.length === 0) return registry;
  const ui = UI[lang];
  // The schema (zod) is loaded only to check a user's template.
  const { defineTemplate, TemplateError } = await import('../core/template');
  const { checkTemplate, parseTemplateText } = await import('../core/template-check');
  const { templateMessage, templatePlace } = await import('../core/i18n/template-messages');
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(ui.templateFileUnreadable(file, fileReason(e, lang)));
    }
    const parsed = parseTemplateText(text);
    if (!parsed.ok) throw new UsageError(ui.templateFileUnreadable(file, templateMessage(parsed.issue, lang)));
    const json = parsed.value;
    for (const t of Array.isArray(json) ? json : [json]) {
      let template;
      try {
        template = defineTemplate(t);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        // the schema's words are a developer's: the same check, each problem in the reader's language
        const issues = checkTemplate(t);
        const first = issues[0];
        const said = first ? `${templatePlace(first.path, lang)}: ${templateMessage(first, lang)}` : e.message;
        throw new UsageError(ui.templateFileInvalid(file, said, Math.max(0, issues.length - 1)));
      }
      if (registry.get(template.id, template.version)) throw new UsageError(ui.templateFileDuplicate(file, templateKey(template)));
      registry.add(template);
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
