import type { Template } from './model';
import { normalizeTemplate } from './normalize';
import { TemplateRegistry } from './registry';
import type { TemplateInput } from './template';
import ct37 from './templates/ct37.json';
import selfInspection from './templates/tu-kiem-tra-dan-chu.json';

/**
 * The templates of ../shared/spec. They are checked against the schema by the tests
 * (test/core/template.test.ts), not at every start: reading files never loads zod.
 */
export const BUILT_IN_TEMPLATES: readonly Template[] = [normalizeTemplate(ct37 as TemplateInput), normalizeTemplate(selfInspection as TemplateInput)];

export const builtInRegistry = (): TemplateRegistry => new TemplateRegistry(BUILT_IN_TEMPLATES);

/** One of the templates built in, exactly (a user's template of the same id@version that differs is not). */
export function isBuiltIn(template: Template): boolean {
  return BUILT_IN_TEMPLATES.includes(template);
}
