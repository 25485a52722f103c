import type { FormField, ItemContent } from '../../src/core/catalogue/types.js';
import { completeCreditCode } from '../../src/core/codes/credit-code.js';
import { completeIdNumber } from '../../src/core/codes/id-number.js';
import { effectiveFormSchema } from '../../src/core/forms/index.js';
import type { Agent } from './test-app.js';

/**
 * A valid application (form data and situation answers) for any published item, made from its own
 * schema — for tests about something else than form validation (src/core/forms checks every
 * submission). Each situation takes its first option unless `answers` says otherwise; identity
 * fields of a natural person (name, ID number) are left out: the server fills them from the account.
 */
export function sampleApplication(content: Pick<ItemContent, 'form' | 'situations'>, answers: Record<string, string[]> = {}) {
  const situationAnswers: Record<string, string[]> = {};
  for (const s of content.situations) situationAnswers[s.id] = answers[s.id] ?? [s.options[0]?.id ?? ''];
  const required = new Set((effectiveFormSchema(content.form, situationAnswers).required as string[] | undefined) ?? []);
  const formData: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(content.form.properties)) {
    if (!required.has(key) || f['x-prefill'] === 'profile.name' || f['x-prefill'] === 'profile.idNumber') continue;
    formData[key] = sampleValue(f);
  }
  // Field conditions (if/then) whose condition the sample meets.
  for (const c of content.form.allOf ?? []) {
    if (Object.entries(c.if.properties).every(([k, v]) => formData[k] === v.const)) for (const k of c.then.required) formData[k] ??= sampleValue(content.form.properties[k] as FormField);
  }
  return { formData, situationAnswers };
}

function sampleValue(f: FormField): unknown {
  if (f.enum) return f.enum[0];
  switch (f.format) {
    case 'idNumber':
      return completeIdNumber('11010519491231002');
    case 'creditCode':
      return completeCreditCode('91330523MA2B00001');
    case 'phone':
    case 'mobilePhone':
      return '13857210001';
    case 'personName':
      return '王五';
    case 'regionCode':
      return '330523';
    case 'date':
      return '2026-01-05';
    case 'amount':
      return 100;
    default:
  }
  if (f.type === 'boolean') return false;
  if (f.type === 'integer' || f.type === 'number') return Math.max(f.minimum ?? 1, Math.min(1, f.maximum ?? 1));
  return '测试填写';
}

const cache = new Map<string, Pick<ItemContent, 'form' | 'situations'>>();

/** `sampleApplication` for an item by its implementation id, read from the public guide. */
export async function sampleApplicationFor(agent: Agent, implId: string, answers: Record<string, string[]> = {}) {
  let content = cache.get(implId);
  if (!content) {
    const res = await agent.get(`/api/catalogue/items/${implId}`);
    if (res.statusCode !== 200) throw new Error(`guide ${implId}: ${res.statusCode} ${res.body}`);
    content = (res.json() as { content: ItemContent }).content;
    cache.set(implId, content);
  }
  return sampleApplication(content, answers);
}
