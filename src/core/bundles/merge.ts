import type { FieldCondition, FormField, FormSchema, Material } from '../catalogue/types.js';
import { applicableDependencies, memberSituationAnswers, selectMembers } from './selection.js';
import type { BundleAnswers, BundleContent, MemberFacts } from './types.js';
import { isExemptable } from '../licences/exemption.js';
import { applicableTo, chosenOptionIds } from '../catalogue/situations.js';

/**
 * 一表申请 and 一次告知 for a bundle: the applicable members' forms merged by field key (a field asked
 * by several members is asked once) and their materials de-duplicated by material code (one upload
 * serves every member that needs it), with the 材料精简率 / 表单精简率 figures computed from both.
 */

export type FactsByItem = ReadonlyMap<string, MemberFacts>;

/** The key under which a material is de-duplicated: its code, else its e-licence type, else item-local. */
export function materialCode(memberKey: string, m: Pick<Material, 'id' | 'code' | 'licenceType'>): string {
  if (m.code) return m.code;
  if (m.licenceType) return `licence:${m.licenceType}`;
  return `${memberKey}:${m.id}`;
}

/** Two definitions of one field key conflict when the value they accept differs (type, format, choices). */
export function fieldSignature(f: FormField): string {
  return JSON.stringify([f.type, f.format ?? null, f.enum ?? null]);
}

export interface MergedField {
  key: string;
  field: FormField;
  /** Member keys that ask this field. */
  members: string[];
}

export interface MergedMaterial {
  code: string;
  name: string;
  required: boolean;
  /** Each member the material serves, with the material's id in that member's item. */
  serves: { memberKey: string; materialId: string }[];
  /** 免证办: every member's definition of it can be fulfilled by a licence or a data read (no upload needed). */
  exempt: boolean;
  /** The licence type every member's definition names (a licence may replace it for all of them), else null. */
  licenceType: string | null;
  /** The data read (source and purpose) every member's definition allows, else null (ADR 0030, 0044). */
  dataFulfilment: { source: string; purpose: string } | null;
}

export interface BundleFigures {
  materialsSeparate: number;
  materialsMerged: number;
  /** 免证办: of the merged materials, those a licence or a data read fulfils (本一件事可免提交 N 项材料). */
  materialsExempt: number;
  fieldsSeparate: number;
  fieldsMerged: number;
}

export interface MergedApplication {
  members: string[];
  form: FormSchema;
  fields: MergedField[];
  /** Fields a member receives from a dependency's result (not asked), by member key. */
  filledLater: Record<string, string[]>;
  materials: MergedMaterial[];
  figures: BundleFigures;
  /** Item situation answers per member (for each member case). */
  memberAnswers: Record<string, Record<string, string[]>>;
}

/** Percentage cut from separate to merged (材料精简率 / 表单精简率), 0 when nothing was asked. */
export function reductionRate(separate: number, merged: number): number {
  return separate === 0 ? 0 : Math.round(((separate - merged) / separate) * 1000) / 10;
}

/**
 * Merges the applicable members. Members whose item facts are missing are left out (the rule check reports them).
 * `licenceTypes` (names and codes of the catalogue's licence types) limits the 免证办 figure to types that exist.
 */
export function mergeApplication(content: BundleContent, facts: FactsByItem, answers: BundleAnswers, opts: { licenceTypes?: ReadonlySet<string> } = {}): MergedApplication {
  const members = selectMembers(content, answers).filter((k) => facts.has(itemOf(content, k)));
  const deps = applicableDependencies(content, members);
  const filledLater: Record<string, string[]> = {};
  const replaced = new Map<string, Set<string>>();
  for (const m of content.members) {
    if (!members.includes(m.key)) continue;
    for (const d of m.dependsOn ?? []) {
      if (!deps.get(m.key)?.includes(d.memberKey)) continue;
      filledLater[m.key] = [...(filledLater[m.key] ?? []), ...d.mappings.map((x) => x.toField)];
      for (const id of d.providesMaterials ?? []) (replaced.get(m.key) ?? replaced.set(m.key, new Set()).get(m.key)!).add(id);
    }
  }

  const fields = new Map<string, MergedField>();
  const required = new Set<string>();
  const allOf: FieldCondition[] = [];
  const memberAnswers: Record<string, Record<string, string[]>> = {};
  let fieldsSeparate = 0;
  let materialsSeparate = 0;
  const materials = new Map<string, MergedMaterial>();

  for (const key of members) {
    const f = facts.get(itemOf(content, key))!;
    const ans = memberSituationAnswers(content, answers, f.situations);
    memberAnswers[key] = ans;
    const later = new Set(filledLater[key] ?? []);
    const chosen = (s: string, o: string) => (ans[s] ?? []).includes(o);
    const memberRequired = new Set(f.form.required ?? []);
    for (const c of f.form['x-conditions'] ?? []) if (chosen(c.situationId, c.optionId)) for (const r of c.required) memberRequired.add(r);
    for (const [fk, field] of Object.entries(f.form.properties)) {
      fieldsSeparate += 1;
      if (later.has(fk)) continue;
      const seen = fields.get(fk);
      if (seen) seen.members.push(key);
      else fields.set(fk, { key: fk, field, members: [key] });
      if (memberRequired.has(fk)) required.add(fk);
    }
    for (const c of f.form.allOf ?? []) if (!allOf.some((x) => JSON.stringify(x) === JSON.stringify(c))) allOf.push(c);

    for (const m of applicableTo(f.materials, chosenOptionIds(ans))) {
      materialsSeparate += 1;
      if (replaced.get(key)?.has(m.id)) continue;
      const code = materialCode(key, m);
      const seen = materials.get(code);
      if (seen) {
        seen.serves.push({ memberKey: key, materialId: m.id });
        seen.required ||= m.required;
        seen.exempt &&= isExemptable(m, opts.licenceTypes);
        if (seen.licenceType !== (m.licenceType ?? null)) seen.licenceType = null;
        if (!sameData(seen.dataFulfilment, m.dataFulfilment)) seen.dataFulfilment = null;
      } else {
        const data = m.dataFulfilment ? { source: m.dataFulfilment.source, purpose: m.dataFulfilment.purpose } : null;
        materials.set(code, { code, name: m.name, required: m.required, serves: [{ memberKey: key, materialId: m.id }], exempt: isExemptable(m, opts.licenceTypes), licenceType: m.licenceType ?? null, dataFulfilment: data });
      }
    }
  }

  const properties: Record<string, FormField> = {};
  for (const [k, v] of fields) properties[k] = v.field;
  const form: FormSchema = {
    type: 'object',
    title: `${content.name}联办申请表`,
    required: [...required].filter((k) => k in properties),
    properties,
    // Conditions whose fields were all asked stay; the others belong to fields filled later.
    ...(allOf.length ? { allOf: allOf.filter((c) => [...c.if.required, ...c.then.required].every((k) => k in properties)) } : {}),
  };
  return {
    members,
    form,
    fields: [...fields.values()],
    filledLater,
    materials: [...materials.values()],
    memberAnswers,
    figures: { materialsSeparate, materialsMerged: materials.size, materialsExempt: [...materials.values()].filter((m) => m.exempt).length, fieldsSeparate, fieldsMerged: fields.size },
  };
}

const sameData = (a: { source: string; purpose: string } | null, b: Material['dataFulfilment']) => !!a && !!b && a.source === b.source && a.purpose === b.purpose;

function itemOf(content: Pick<BundleContent, 'members'>, key: string): string {
  return content.members.find((m) => m.key === key)?.itemId ?? '';
}

/** The part of the merged form data a member's own form takes (its field keys only). */
export function memberFormData(facts: MemberFacts, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(facts.form.properties)) if (k in data) out[k] = data[k];
  return out;
}

/** What is wrong with the materials an application hands in against its merged list (一次告知). */
export type HandedInProblem = { code: 'BUNDLE_MATERIAL_UNKNOWN'; material: string } | { code: 'BUNDLE_MATERIAL_TWICE'; material: string };

/**
 * The first problem with the handed-in material codes, or null: every code must be on the merged list
 * (one upload serves every member that needs it), and each is handed in once.
 */
export function handedInProblem(merged: readonly Pick<MergedMaterial, 'code'>[], handedIn: readonly { code: string }[]): HandedInProblem | null {
  const codes = new Set(merged.map((m) => m.code));
  const seen = new Set<string>();
  for (const m of handedIn) {
    if (!codes.has(m.code)) return { code: 'BUNDLE_MATERIAL_UNKNOWN', material: m.code };
    if (seen.has(m.code)) return { code: 'BUNDLE_MATERIAL_TWICE', material: m.code };
    seen.add(m.code);
  }
  return null;
}
