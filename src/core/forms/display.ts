import type { FormSchema } from '../catalogue/types.js';

/** One answered field of a 申请表 as people read it: its title and value, in the schema's order. */
export interface FormFieldShown {
  key: string;
  title: string;
  value: unknown;
}

/**
 * The answered fields of a form in the order the schema lists them, each with its title (not the raw
 * key). Values the schema no longer names (older data) follow, under their key. `data` is shown as it
 * is: masking by role happens before (maskFormData).
 */
export function formFieldsInOrder(form: FormSchema | undefined, data: Record<string, unknown>): FormFieldShown[] {
  const answered = (v: unknown) => v !== undefined && v !== null && v !== '';
  const props = form?.properties ?? {};
  const known = Object.entries(props)
    .filter(([k]) => answered(data[k]))
    .map(([k, f]) => ({ key: k, title: f.title ?? k, value: data[k] }));
  const rest = Object.keys(data)
    .filter((k) => !(k in props) && answered(data[k]))
    .map((k) => ({ key: k, title: k, value: data[k] }));
  return [...known, ...rest];
}
