import { TemplateRegistry } from './registry';
import { defineTemplate, type Template } from './template';
import ct37 from './templates/ct37.json';
import selfInspection from './templates/tu-kiem-tra-dan-chu.json';

/** The templates of ../shared/spec, validated by the schema like any user's template. */
export const BUILT_IN_TEMPLATES: readonly Template[] = [defineTemplate(ct37), defineTemplate(selfInspection)];

export const builtInRegistry = (): TemplateRegistry => new TemplateRegistry(BUILT_IN_TEMPLATES);
