import { isBuiltIn, BUILT_IN_TEMPLATES } from '../core/builtins';
import type { Localized } from '../core/model';
import { templateKey, type Template } from '../core/model';
import type { PickedFile } from './host';
import { LOAD_TEMPLATE_WORDS } from '../core/i18n/words';

/** A template the user loaded: what it is, and its JSON as kept (the workbook or browser keeps that). */
export interface LoadedTemplate {
  readonly template: Template;
  readonly input: unknown;
}

/**
 * A picked file → a template, checked by the schema (loaded now): a .json template, or a design
 * workbook ("Thiết kế mẫu", `phuluc template sheet`). What is wrong is said in the reader's words.
 */
export async function loadTemplateFile(file: PickedFile): Promise<{ loaded?: LoadedTemplate; issues?: Localized }> {
  let input: unknown;
  if (/\.json$/i.test(file.name) || file.bytes[0] === 0x7b || file.bytes[0] === 0xef) {
    try {
      input = JSON.parse(new TextDecoder().decode(file.bytes));
    } catch {
      return { issues: LOAD_TEMPLATE_WORDS.notJson };
    }
  } else {
    const { readWorkbook } = await import('./xlsx-module');
    const { templateFromAuthoring, findAuthoringHeader } = await import('../sheet/from-authoring');
    const read = readWorkbook(file.bytes);
    const sheet = read.ok ? read.workbook.sheets.find((s) => findAuthoringHeader(s) !== undefined) : undefined;
    if (!read.ok || !sheet) return { issues: LOAD_TEMPLATE_WORDS.noDesign };
    const designed = templateFromAuthoring(sheet, { date1904: read.workbook.date1904 });
    if (!designed.template) {
      const { templateMessage } = await import('../core/i18n/template-messages');
      const say = (lang: 'vi' | 'en') => designed.issues.map((i) => `${i.cell}: ${templateMessage(i, lang)}`).join('; ');
      return { issues: { vi: say('vi'), en: say('en') } };
    }
    input = designed.template;
  }
  return defineLoaded(input);
}

/** A kept or picked template's JSON checked by the schema; a built-in id@version is refused (it would hide the built-in). */
export async function defineLoaded(input: unknown): Promise<{ loaded?: LoadedTemplate; issues?: Localized }> {
  const { defineCarried } = await import('../core/template-check');
  const defined = defineCarried(input);
  if ('issues' in defined) return { issues: defined.issues };
  const clash = BUILT_IN_TEMPLATES.find((t) => templateKey(t) === templateKey(defined.template));
  if (clash && !isBuiltIn(defined.template)) return { issues: LOAD_TEMPLATE_WORDS.builtIn(templateKey(clash)) };
  return { loaded: { template: defined.template, input } };
}
