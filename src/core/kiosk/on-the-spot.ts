import type { FormField, FormSchema, ItemContent, Material } from '../catalogue/types.js';
import { caseMaterials } from '../cases/materials.js';
import type { ApplicantKind } from '../profile/profile.js';

/**
 * 即办件 at the self-service kiosk (issue 13 §自助终端, ADR 0040). A person identified at the kiosk may
 * file an on-the-spot item there when nothing needs a keyboard or a scanner: situations and form
 * fields are answered by touching a choice, the other fields come from the verified identity and the
 * profile, and every required material is met without an upload — by a valid e-licence, an entry of
 * 我的材料, a read of the person's own shared data, or 告知承诺 where the catalogue allows it. Anything
 * else is done at a window (取号). Pure; the server decides again at filing.
 */

export type KioskItemRefusalCode = 'KIOSK_NOT_ON_THE_SPOT' | 'KIOSK_NOT_SELF_SERVICE' | 'KIOSK_APPLICANT_KIND';

export interface KioskRefusal<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

/** Whether an item may be filed at the kiosk by this kind of applicant (null = yes). */
export function kioskItemRefusal(content: Pick<ItemContent, 'caseKind' | 'handlingForms' | 'applicantTypes'>, kind: ApplicantKind): KioskRefusal<KioskItemRefusalCode> | null {
  if (content.caseKind !== 'on_the_spot') return { code: 'KIOSK_NOT_ON_THE_SPOT', zh: '自助终端只能申请即办件，本事项请到窗口或网上办理', en: 'Only on-the-spot items can be applied for at the kiosk; apply for this one at a window or online' };
  // An item handled only in person at its own office (婚姻登记 …) is not self-service.
  if (!content.handlingForms.includes('self_service_terminal') && !content.handlingForms.includes('online')) {
    return { code: 'KIOSK_NOT_SELF_SERVICE', zh: '本事项须到窗口当面办理', en: 'This item is handled in person at a window' };
  }
  if (!content.applicantTypes.includes(kind)) {
    return kind === 'natural_person'
      ? { code: 'KIOSK_APPLICANT_KIND', zh: '本事项仅面向法人（企业）办理', en: 'This item is for legal persons (enterprises) only' }
      : { code: 'KIOSK_APPLICANT_KIND', zh: '本事项仅面向自然人（个人）办理', en: 'This item is for natural persons only' };
  }
  return null;
}

/** A form field answered at the kiosk by touching one of its choices. */
export interface KioskChoiceField {
  key: string;
  title: string;
  required: boolean;
  options: (string | number | boolean)[];
}

export interface KioskFormPlan {
  /** Fields filled from the verified identity and the profile (shown, not typed). */
  prefilled: string[];
  /** Fields answered by a choice (enum or yes/no), required ones first. */
  choices: KioskChoiceField[];
  /** Required fields that need typing and have no value on record: the form is filled at a window. */
  atWindow: { key: string; title: string }[];
}

const choicesOf = (f: FormField): (string | number | boolean)[] | null => (f.enum?.length ? [...f.enum] : f.type === 'boolean' ? [true, false] : null);

/** The form fields the situations chosen make required. */
export function requiredFields(form: FormSchema, situationAnswers: Record<string, readonly string[]>): Set<string> {
  const required = new Set(form.required ?? []);
  for (const c of form['x-conditions'] ?? []) if ((situationAnswers[c.situationId] ?? []).includes(c.optionId)) for (const f of c.required) required.add(f);
  return required;
}

/**
 * How the form is filled at the kiosk: `filled` are the keys with a value from the identity or profile
 * (src/core/profile fillFromProfile). A field with a value on record is never asked; a choice field is
 * asked; a required text field without a value cannot be typed here.
 */
export function kioskFormPlan(form: FormSchema, situationAnswers: Record<string, readonly string[]>, filled: readonly string[]): KioskFormPlan {
  const required = requiredFields(form, situationAnswers);
  const have = new Set(filled);
  const choices: KioskChoiceField[] = [];
  const atWindow: { key: string; title: string }[] = [];
  // A choice that makes a field required which cannot be typed here (邮寄送达 → 邮寄地址) is not offered.
  const typable = (k: string) => have.has(k) || (form.properties[k] !== undefined && choicesOf(form.properties[k]) !== null);
  const barred = new Map<string, unknown[]>();
  for (const c of form.allOf ?? []) {
    if (c.then.required.every(typable)) continue;
    for (const [k, v] of Object.entries(c.if.properties)) barred.set(k, [...(barred.get(k) ?? []), v.const]);
  }
  for (const [key, field] of Object.entries(form.properties)) {
    if (have.has(key)) continue;
    const options = choicesOf(field)?.filter((o) => !(barred.get(key) ?? []).includes(o));
    if (options?.length) choices.push({ key, title: field.title, required: required.has(key), options });
    else if (required.has(key)) atWindow.push({ key, title: field.title });
  }
  choices.sort((a, b) => Number(b.required) - Number(a.required));
  return { prefilled: filled.filter((k) => k in form.properties), choices, atWindow };
}

/** What the identified person holds that can stand for a material without an upload. */
export interface KioskHoldings {
  kind: ApplicantKind;
  /** Licence type names (and codes) of the person's licences usable today, each with one licence identifier. */
  licences: ReadonlyMap<string, string>;
  /** 我的材料 entries usable today by material code, each with its entry id. */
  library: ReadonlyMap<string, string>;
  /** Data sources that hold the person's kind of subject (`population` answers natural persons …). */
  dataSourcesFor: (source: string) => boolean;
  /** A credit record bars 告知承诺. */
  badCredit: boolean;
}

export type KioskMaterialWay =
  | { materialId: string; name: string; by: 'licence'; identifier: string }
  | { materialId: string; name: string; by: 'library'; libraryId: string }
  | { materialId: string; name: string; by: 'data'; purpose: string }
  | { materialId: string; name: string; by: 'commitment' };

export interface KioskMaterialPlan {
  /** Each required material for the chosen situations, and how it is met without an upload. */
  ways: KioskMaterialWay[];
  /** Required materials nothing on record can stand for: they are handed in at a window. */
  atWindow: { materialId: string; name: string }[];
}

/**
 * How each required material of the chosen situations is met at the kiosk, preferring the stronger
 * proof: an e-licence, then a copy already accepted on an earlier case, then shared data, then the
 * person's commitment. Optional materials are not asked for at the kiosk.
 */
export function kioskMaterialPlan(materials: readonly Material[], situationAnswers: Record<string, readonly string[]>, holdings: KioskHoldings): KioskMaterialPlan {
  const applying = new Set(caseMaterials(materials, situationAnswers).filter((m) => m.required).map((m) => m.id));
  const ways: KioskMaterialWay[] = [];
  const atWindow: { materialId: string; name: string }[] = [];
  for (const m of materials) {
    if (!applying.has(m.id)) continue;
    const base = { materialId: m.id, name: m.name };
    const licence = m.licenceType ? holdings.licences.get(m.licenceType) : undefined;
    const library = m.code ? holdings.library.get(m.code) : undefined;
    if (licence) ways.push({ ...base, by: 'licence', identifier: licence });
    else if (library) ways.push({ ...base, by: 'library', libraryId: library });
    else if (m.dataFulfilment && holdings.dataSourcesFor(m.dataFulfilment.source)) ways.push({ ...base, by: 'data', purpose: m.dataFulfilment.purpose });
    else if (m.commitmentAllowed && !holdings.badCredit) ways.push({ ...base, by: 'commitment' });
    else atWindow.push(base);
  }
  return { ways, atWindow };
}

/** Situation answers that name only the item's questions and options, one option for a single-choice question. */
export function kioskSituationsComplete(content: Pick<ItemContent, 'situations'>, answers: Record<string, readonly string[]>): boolean {
  return content.situations.every((s) => {
    const a = answers[s.id] ?? [];
    return a.length >= 1 && (s.multiple || a.length === 1) && a.every((o) => s.options.some((x) => x.id === o));
  });
}
