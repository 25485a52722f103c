import Form from '@rjsf/antd';
import type CoreForm from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { ErrorObject } from 'ajv';
import { forwardRef, useMemo, type ReactNode } from 'react';
import type { FormSchema, Situation } from '../../core/catalogue/types.js';
import { effectiveFormSchema, FORM_AJV_OPTIONS, interpretSchema, problemOf, type JsonSchema } from '../../core/forms/index.js';
import { Checkbox, Radio, Space, Typography } from 'antd';
import { useI18n } from './i18n.js';

/**
 * 申请表 rendered from the item's pinned JSON Schema with react-jsonschema-form (antd theme) and
 * validated in the browser by the same schema, formats and messages as the server (src/core/forms):
 * errors appear inline under each field, named by its title. Used by the online wizard and by the
 * window's walk-in intake.
 */
const validator = customizeValidator({ ajvOptionsOverrides: { ...FORM_AJV_OPTIONS, validateSchema: false } });
// The page runs under a strict Content-Security-Policy (no 'unsafe-eval'), where Ajv cannot compile
// schemas: the check itself is the core's code-free interpreter, held to the server's Ajv by a
// property test. rjsf still turns its Ajv-shaped errors into inline messages.
validator.rawValidation = <Result = unknown>(schema: RJSFSchema, formData?: unknown) => ({ errors: interpretSchema(schema as JsonSchema, formData) as Result[] });
validator.isValid = (schema: RJSFSchema, formData: unknown) => interpretSchema(schema as JsonSchema, formData).length === 0;

/** The rjsf form instance (`validateForm()` shows every error inline and answers whether it is valid). */
export type ApplicationFormHandle = CoreForm;

/** The applicant's own data, to prefill fields marked `x-prefill` (identity fields are fixed by the server). */
export interface Profile {
  kind: 'natural_person' | 'legal_person';
  name: string;
  idNumber?: string | null;
  creditCode?: string | null;
  phone?: string | null;
  legalRepresentative?: string | null;
}

const PREFILL: Record<string, (p: Profile) => unknown> = {
  'profile.name': (p) => p.name,
  'profile.idNumber': (p) => p.idNumber ?? undefined,
  'profile.phone': (p) => p.phone ?? undefined,
  'profile.creditCode': (p) => p.creditCode ?? undefined,
  'profile.companyName': (p) => (p.kind === 'legal_person' ? p.name : undefined),
  'profile.legalRepresentative': (p) => p.legalRepresentative ?? undefined,
};
const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
/** Identity sources the server takes from the verified account (src/core/forms/identity.ts). */
const IDENTITY: Record<Profile['kind'], string[]> = {
  natural_person: ['profile.name', 'profile.idNumber'],
  legal_person: ['profile.companyName', 'profile.creditCode', 'profile.legalRepresentative'],
};

/** Prefilled values for an empty form (never overriding what was typed). */
export function prefilled(form: FormSchema, profile: Profile | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!profile) return data;
  const out = { ...data };
  for (const [k, f] of Object.entries(form.properties)) {
    const v = f['x-prefill'] ? PREFILL[f['x-prefill']]?.(profile) : undefined;
    const fixed = f['x-prefill'] ? IDENTITY[profile.kind].includes(f['x-prefill']) : false;
    if (v !== undefined && v !== null && v !== '' && (fixed || out[k] === undefined)) out[k] = v;
  }
  return out;
}

/**
 * The form data to send: empty values dropped and identity fields left out — the server fills them
 * from the verified account (a masked or stale copy on screen must never be sent back as typed).
 */
export function toSubmit(form: FormSchema, profile: Profile | undefined, data: Record<string, unknown>): Record<string, unknown> {
  const fixed = new Set(Object.entries(form.properties).filter(([, f]) => profile && f['x-prefill'] && IDENTITY[profile.kind].includes(f['x-prefill'])).map(([k]) => k));
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => v !== undefined && v !== '' && v !== null && !fixed.has(k)));
}

/** Server problems (`details` of a 400) as rjsf's extraErrors, shown under their fields. */
export function serverErrors(details: { path?: string; zh: string; en: string }[] | undefined, pick: (zh: string, en: string) => string): ErrorSchema | undefined {
  const out: Record<string, { __errors: string[] }> = {};
  for (const d of details ?? []) {
    const m = /^\/formData\/(.+)$/.exec(d.path ?? '');
    if (m?.[1]) (out[m[1]] ??= { __errors: [] }).__errors.push(pick(d.zh, d.en));
  }
  return Object.keys(out).length ? (out as ErrorSchema) : undefined;
}

interface Props {
  form: FormSchema;
  situationAnswers: Record<string, string[]>;
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>) => void;
  onSubmit?: (v: Record<string, unknown>) => void;
  profile?: Profile;
  extraErrors?: ErrorSchema | undefined;
  children?: ReactNode;
}

export const ApplicationForm = forwardRef<CoreForm, Props>(function ApplicationForm({ form, situationAnswers, value, onChange, onSubmit, profile, extraErrors, children }, ref) {
  const { pick } = useI18n();
  const schema = useMemo(() => {
    const { title: _title, ...s } = effectiveFormSchema(form, situationAnswers);
    return s as RJSFSchema;
  }, [form, situationAnswers]);
  const uiSchema = useMemo(() => {
    const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
    for (const [k, f] of Object.entries(form.properties)) {
      const fixed = profile && f['x-prefill'] ? IDENTITY[profile.kind].includes(f['x-prefill']) && PREFILL[f['x-prefill']]?.(profile) : false;
      ui[k] = fixed
        ? { 'ui:readonly': true, 'ui:help': pick('来自实名账户，不可修改', 'From the verified account; cannot be changed') }
        : // Said only when the account had something to fill in: an empty box is not "prefilled".
          f['x-prefill'] && profile && !isBlank(PREFILL[f['x-prefill']]?.(profile))
          ? { 'ui:help': pick('已根据账户信息预填', 'Prefilled from the profile') }
          : {};
      if (f.type === 'boolean') ui[k] = { ...(ui[k] as object), 'ui:widget': 'radio' };
    }
    return ui;
  }, [form, profile, pick]);
  // Every message comes from the core, in the page's language, naming the field by its title.
  const transformErrors = (errors: RJSFValidationError[]) =>
    errors.flatMap((e) => {
      const field = e.name === 'required' ? String((e.params as { missingProperty?: string }).missingProperty ?? '') : (e.property ?? '').replace(/^\./, '');
      const problem = problemOf(form, { keyword: e.name ?? '', instancePath: e.name === 'required' ? '' : `/${field}`, params: e.params ?? {}, schemaPath: e.schemaPath ?? '' } as ErrorObject);
      if (!problem) return [];
      const message = pick(problem.zh, problem.en);
      return [{ ...e, message, stack: message }];
    });
  return (
    <Form
      ref={ref}
      schema={schema}
      uiSchema={uiSchema}
      validator={validator}
      formData={value}
      onChange={(e) => onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => onSubmit?.((e.formData ?? {}) as Record<string, unknown>)}
      transformErrors={transformErrors}
      extraErrors={extraErrors}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
    >
      {children}
    </Form>
  );
});

/** 情形引导: one question per situation, single or multiple choice. */
export function SituationQuestions({ situations, value, onChange }: { situations: Situation[]; value: Record<string, string[]>; onChange: (v: Record<string, string[]>) => void }) {
  const { pick } = useI18n();
  if (situations.length === 0) return <Typography.Text type="secondary">{pick('本事项无需选择情形。', 'No situation questions for this item.')}</Typography.Text>;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {situations.map((s) => (
        <div key={s.id}>
          <Typography.Text strong id={`sq-${s.id}`}>{s.question}</Typography.Text>
          <div>
            {s.multiple ? (
              <Checkbox.Group aria-labelledby={`sq-${s.id}`} options={s.options.map((o) => ({ value: o.id, label: o.label }))} value={value[s.id] ?? []} onChange={(v) => onChange({ ...value, [s.id]: v as string[] })} />
            ) : (
              <Radio.Group aria-labelledby={`sq-${s.id}`} options={s.options.map((o) => ({ value: o.id, label: o.label }))} value={value[s.id]?.[0]} onChange={(e) => onChange({ ...value, [s.id]: [String(e.target.value)] })} />
            )}
          </div>
        </div>
      ))}
    </Space>
  );
}
