import type { TemplateDefiner } from '../core/model';

/**
 * A check run again with the template schema when the workbook carries a template of its own:
 * the schema (zod) loads only then, so the files that carry none never pay for it.
 */
export async function withCarriedTemplates<T extends { readonly needsSchema?: true }>(check: (define?: TemplateDefiner) => T): Promise<T> {
  const first = check();
  if (!first.needsSchema) return first;
  const { defineCarried } = await import('../core/template-check');
  return check(defineCarried);
}
