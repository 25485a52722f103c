import Ajv, { type ValidateFunction } from 'ajv';
import type { ItemContent } from '../catalogue/types.js';
import { FORMAT_RULES } from './formats.js';
import { problemOf, type FormProblem } from './messages.js';
import { effectiveFormSchema } from './schema.js';

/**
 * One validation of an application (一表申请) for every channel: the online wizard, the window and
 * the server. Ajv with all errors, no type coercion ("abc" is not a number and is never dropped), no
 * unknown keys, formats from src/core/codes. Pure: no I/O; compiled schemas are cached.
 */
/** Ajv options every validator of application forms uses (the web form's too). */
export const FORM_AJV_OPTIONS = { allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false, strict: false } as const;

/** Registers the typed formats on an Ajv instance (the server's below, the web form's validator). */
export function addFormFormats<A extends Pick<Ajv, 'addFormat'>>(target: A): A {
  for (const [name, rule] of Object.entries(FORMAT_RULES)) {
    if (rule.type === 'number') target.addFormat(name, { type: 'number', validate: rule.validate as (v: number) => boolean });
    else target.addFormat(name, { type: 'string', validate: rule.validate as (v: string) => boolean });
  }
  return target;
}

const ajv = addFormFormats(new Ajv(FORM_AJV_OPTIONS));

const compiled = new Map<string, ValidateFunction>();
function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    if (compiled.size > 2000) compiled.clear();
    fn = ajv.compile(schema);
    compiled.set(key, fn);
  }
  return fn;
}

export interface ApplicationInput {
  formData: Record<string, unknown>;
  situationAnswers: Record<string, readonly string[]>;
}

export type ApplicantKind = 'natural_person' | 'legal_person';

const KIND_NAMES: Record<ApplicantKind, { zh: string; en: string }> = { natural_person: { zh: '自然人', en: 'natural persons' }, legal_person: { zh: '法人', en: 'legal persons' } };

/** Is the applicant of the kind the item serves (服务对象)? */
export function applicantKindProblem(content: Pick<ItemContent, 'applicantTypes'>, kind: ApplicantKind): FormProblem | null {
  if (content.applicantTypes.includes(kind)) return null;
  const serves = content.applicantTypes.map((k) => KIND_NAMES[k]);
  return {
    path: '/applicant',
    field: 'applicant',
    code: 'APPLICANT_KIND',
    zh: `本事项的服务对象为${serves.map((s) => s.zh).join('、')}，${KIND_NAMES[kind].zh}不能申请`,
    en: `This item serves ${serves.map((s) => s.en).join(' and ')} only; ${KIND_NAMES[kind].en} cannot apply`,
  };
}

/** Every situation answered, with known options only, one option for a single-choice question. */
export function situationProblems(content: Pick<ItemContent, 'situations'>, answers: Record<string, readonly string[]>): FormProblem[] {
  const out: FormProblem[] = [];
  const byId = new Map(content.situations.map((s) => [s.id, s]));
  for (const [id, chosen] of Object.entries(answers)) {
    const s = byId.get(id);
    if (!s) {
      out.push({ path: `/situationAnswers/${id}`, field: id, code: 'SITUATION_UNKNOWN', zh: `事项没有“${id}”这一情形问题`, en: `The item has no situation question "${id}"` });
      continue;
    }
    for (const o of chosen) {
      if (!s.options.some((x) => x.id === o)) out.push({ path: `/situationAnswers/${id}`, field: id, code: 'SITUATION_OPTION_UNKNOWN', zh: `“${s.question}”没有“${o}”这一选项`, en: `"${s.question}" has no option "${o}"` });
    }
    if (!s.multiple && chosen.length > 1) out.push({ path: `/situationAnswers/${id}`, field: id, code: 'SITUATION_SINGLE', zh: `“${s.question}”只能选择一项`, en: `"${s.question}" takes one answer` });
    if (new Set(chosen).size !== chosen.length) out.push({ path: `/situationAnswers/${id}`, field: id, code: 'SITUATION_REPEATED', zh: `“${s.question}”的选项重复`, en: `"${s.question}" repeats an option` });
  }
  for (const s of content.situations) {
    if (!(answers[s.id]?.length)) out.push({ path: `/situationAnswers/${s.id}`, field: s.id, code: 'SITUATION_UNANSWERED', zh: `请回答“${s.question}”`, en: `Answer "${s.question}"` });
  }
  return out;
}

/** The form data against the pinned version's schema for the chosen situations. */
export function formProblems(content: Pick<ItemContent, 'form'>, input: ApplicationInput): FormProblem[] {
  const validate = compile(effectiveFormSchema(content.form, input.situationAnswers));
  if (validate(input.formData)) return [];
  return (validate.errors ?? []).map((e) => problemOf(content.form, e)).filter((p): p is FormProblem => p !== null);
}

/** Everything wrong with an application, in field order: applicant kind, situations, form. Empty = valid. */
export function validateApplication(content: Pick<ItemContent, 'applicantTypes' | 'situations' | 'form'>, input: ApplicationInput, applicantKind?: ApplicantKind): FormProblem[] {
  const kind = applicantKind ? applicantKindProblem(content, applicantKind) : null;
  const situations = situationProblems(content, input.situationAnswers);
  // Form rules depend on the situations chosen; unknown options cannot make anything required.
  return [...(kind ? [kind] : []), ...situations, ...formProblems(content, input)];
}
