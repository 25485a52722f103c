import { describe, expect, it } from 'vitest';
import type { FormField, Material } from '../catalogue/types.js';
import { checkAnswers, defaultAnswers, memberSituationAnswers, selectMembers } from './selection.js';
import { materialCode, mergeApplication, reductionRate } from './merge.js';
import { criticalPath, validateBundle } from './rules.js';
import { buildBundle, memberFacts } from './test-factory.js';
import type { MemberFacts } from './types.js';

const text = (title: string): FormField => ({ type: 'string', title });
const mat = (id: string, name: string, extra: Partial<Material> = {}): Material => ({ id, name, source: 'applicant', form: 'copy', copies: 1, required: true, key: false, gapAllowed: false, ...extra });
const idCard = mat('m-id', '身份证', { code: 'id-card' });

function facts(over: Partial<Record<string, Partial<MemberFacts>>> = {}): Map<string, MemberFacts> {
  const all: MemberFacts[] = [
    memberFacts('i-licence', { name: '营业执照', promisedLimitDays: 3, form: { type: 'object', required: ['name', 'premises'], properties: { name: text('姓名'), idNumber: { type: 'string', title: '身份证号', format: 'idNumber' }, premises: text('经营场所'), scope: text('经营范围') } }, materials: [idCard, mat('m-lease', '租赁合同', { code: 'lease' })], situations: [] }),
    memberFacts('i-food', { name: '食品经营许可', promisedLimitDays: 10, form: { type: 'object', required: ['name', 'licenceNo'], properties: { name: text('姓名'), premises: text('经营场所'), licenceNo: text('营业执照号'), kind: { type: 'string', title: '业态', enum: ['小餐饮', '餐饮服务'] } } }, materials: [idCard, mat('m-licence', '营业执照', { code: 'biz-licence' }), mat('m-layout', '布局图'), mat('m-net', '网站信息', { situationOptionIds: ['o-on'] })], situations: [{ id: 's-online', question: '网络经营？', multiple: false, options: [{ id: 'o-off', label: '否' }, { id: 'o-on', label: '是' }] }] }),
    memberFacts('i-fire', { name: '消防安全检查', promisedLimitDays: 7, form: { type: 'object', properties: { name: text('姓名'), premises: text('经营场所'), area: { type: 'number', title: '面积' } } }, materials: [idCard, mat('m-lease', '租赁合同', { code: 'lease' }), mat('m-plan', '消防平面图')], situations: [] }),
    memberFacts('i-sign', { name: '户外招牌设置', promisedLimitDays: 5, form: { type: 'object', properties: { name: text('姓名'), premises: text('经营场所'), signText: text('招牌内容') } }, materials: [idCard, mat('m-sign', '招牌效果图')], situations: [] }),
  ];
  return new Map(all.map((f) => [f.itemId, { ...f, ...over[f.itemId] }]));
}

describe('bundle member selection (情形引导)', () => {
  it('selects the conditional member only when its option is chosen', () => {
    const b = buildBundle();
    expect(selectMembers(b, defaultAnswers(b))).toEqual(['licence', 'food', 'fire', 'sign']);
    expect(selectMembers(b, { 'q-sign': ['o-no-sign'], 'q-online': ['o-offline'] })).toEqual(['licence', 'food', 'fire']);
  });
  it('defaults to the option marked default, else the first', () => {
    expect(defaultAnswers(buildBundle())).toEqual({ 'q-sign': ['o-sign'], 'q-online': ['o-offline'] });
  });
  it('refuses missing, unknown and extra answers', () => {
    const codes = checkAnswers(buildBundle(), { 'q-sign': ['o-sign', 'o-no-sign'], 'q-x': ['a'] }).map((p) => p.code);
    expect(codes).toEqual(['BUNDLE_ANSWER_NOT_MULTIPLE', 'BUNDLE_ANSWER_MISSING', 'BUNDLE_ANSWER_UNKNOWN']);
    expect(checkAnswers(buildBundle(), defaultAnswers(buildBundle()))).toEqual([]);
  });
  it('answers the member items’ own situations from the bundle answers, else with their first option', () => {
    const b = buildBundle();
    const s = facts().get('i-food')!.situations;
    expect(memberSituationAnswers(b, { 'q-online': ['o-online'] }, s)).toEqual({ 's-online': ['o-on'] });
    expect(memberSituationAnswers(b, { 'q-online': ['o-offline'] }, s)).toEqual({ 's-online': ['o-off'] });
  });
});

describe('merged form and materials (一表申请, 一次告知)', () => {
  it('asks a field shared by several members once and leaves out fields filled from a dependency', () => {
    const m = mergeApplication(buildBundle(), facts(), defaultAnswers(buildBundle()));
    expect(Object.keys(m.form.properties).sort()).toEqual(['area', 'idNumber', 'kind', 'name', 'premises', 'scope', 'signText']);
    expect(m.fields.find((f) => f.key === 'premises')!.members).toEqual(['licence', 'food', 'fire', 'sign']);
    expect(m.filledLater).toEqual({ food: ['licenceNo'] });
    expect(m.form.required).toEqual(['name', 'premises']);
    expect(m.figures.fieldsSeparate).toBe(4 + 4 + 3 + 3);
    expect(m.figures.fieldsMerged).toBe(7);
  });
  it('de-duplicates materials by code and names every member a material serves', () => {
    const m = mergeApplication(buildBundle(), facts(), defaultAnswers(buildBundle()));
    const id = m.materials.find((x) => x.code === 'id-card')!;
    expect(id.serves.map((s) => s.memberKey)).toEqual(['licence', 'food', 'fire', 'sign']);
    expect(m.materials.find((x) => x.code === 'lease')!.serves.map((s) => s.memberKey)).toEqual(['licence', 'fire']);
    // The 营业执照 copy comes from the licence member's result: not asked.
    expect(m.materials.some((x) => x.code === 'biz-licence')).toBe(false);
    expect(m.figures).toMatchObject({ materialsSeparate: 2 + 3 + 3 + 2, materialsMerged: 5 });
    expect(reductionRate(m.figures.materialsSeparate, m.figures.materialsMerged)).toBe(50);
  });
  it('免证办: counts a merged material exempt only when every member’s definition of it can be fulfilled by a licence or a data read', () => {
    const household = { source: 'population', purpose: 'household_check' };
    const none = mergeApplication(buildBundle(), facts(), defaultAnswers(buildBundle()));
    expect(none.figures.materialsExempt).toBe(0);
    expect(none.materials.every((x) => !x.exempt)).toBe(true);
    // 身份证 by the population register in every member: one merged material, exempt.
    const exemptId = { ...idCard, dataFulfilment: household };
    const all = facts();
    const withId = new Map([...all].map(([k, f]) => [k, { ...f, materials: f.materials.map((x) => (x.code === 'id-card' ? exemptId : x)) }]));
    const m = mergeApplication(buildBundle(), withId, defaultAnswers(buildBundle()));
    expect(m.figures.materialsExempt).toBe(1);
    expect(m.materials.find((x) => x.code === 'id-card')!.exempt).toBe(true);
    // One member still wants the paper copy: the merged material needs an upload.
    const mixed = new Map([...withId].map(([k, f]) => [k, k === 'i-sign' ? { ...f, materials: f.materials.map((x) => (x.code === 'id-card' ? idCard : x)) } : f]));
    expect(mergeApplication(buildBundle(), mixed, defaultAnswers(buildBundle())).figures.materialsExempt).toBe(0);
  });
  it('follows the situation into member materials (网络经营 adds the website material)', () => {
    const on = mergeApplication(buildBundle(), facts(), { 'q-sign': ['o-no-sign'], 'q-online': ['o-online'] });
    expect(on.members).toEqual(['licence', 'food', 'fire']);
    expect(on.materials.some((x) => x.serves.some((s) => s.materialId === 'm-net'))).toBe(true);
    expect(on.memberAnswers.food).toEqual({ 's-online': ['o-on'] });
  });
  it('falls back to the e-licence type, then to an item-local code', () => {
    expect(materialCode('a', { id: 'm1', licenceType: '营业执照' })).toBe('licence:营业执照');
    expect(materialCode('a', { id: 'm1' })).toBe('a:m1');
    expect(materialCode('a', { id: 'm1', code: 'x', licenceType: 'y' })).toBe('x');
  });
  it('keeps the dependency field when the dependency does not apply', () => {
    const b = buildBundle({ members: buildBundle().members.map((m) => (m.key === 'licence' ? { ...m, when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }] } : m)) });
    const m = mergeApplication(b, facts(), { 'q-sign': ['o-no-sign'], 'q-online': ['o-offline'] });
    expect(m.members).toEqual(['food', 'fire']);
    expect('licenceNo' in m.form.properties).toBe(true);
    expect(m.materials.some((x) => x.code === 'biz-licence')).toBe(true);
  });
  it('reduction rate is 0 when nothing was asked', () => {
    expect(reductionRate(0, 0)).toBe(0);
  });
});

describe('bundle rule check', () => {
  const rules = (b = buildBundle(), f = facts()) => validateBundle(b, f).map((p) => p.rule);

  it('passes a sound bundle', () => {
    expect(validateBundle(buildBundle(), facts())).toEqual([]);
  });
  it('names both members of a conflicting field definition', () => {
    const f = facts({ 'i-fire': { form: { type: 'object', properties: { premises: { type: 'number', title: '经营场所' } } } } });
    const p = validateBundle(buildBundle(), f).find((x) => x.rule === 'BUNDLE_FIELD_CONFLICT')!;
    expect(p.zh).toContain('营业执照');
    expect(p.zh).toContain('消防安全检查');
    expect(p.en).toContain('"premises"');
  });
  it('refuses a limit shorter than the critical path and shows the path', () => {
    expect(criticalPath(buildBundle(), facts())).toEqual({ days: 13, path: ['licence', 'food'] });
    const p = validateBundle(buildBundle({ limitDays: 12 }), facts()).find((x) => x.rule === 'BUNDLE_LIMIT_BELOW_CRITICAL_PATH')!;
    expect(p.zh).toContain('营业执照 → 食品经营许可，共13个工作日');
    expect(rules(buildBundle({ limitDays: 13 }))).toEqual([]);
  });
  it('refuses a member that is not published or unknown', () => {
    expect(rules(buildBundle(), facts({ 'i-sign': { published: false } }))).toEqual(['BUNDLE_MEMBER_NOT_PUBLISHED']);
    const f = facts();
    f.delete('i-fire');
    expect(rules(buildBundle(), f)).toEqual(['BUNDLE_MEMBER_UNKNOWN']);
  });
  it('refuses a cycle in the dependencies', () => {
    const b = buildBundle();
    b.members[0] = { ...b.members[0]!, dependsOn: [{ memberKey: 'food', mappings: [] }] };
    expect(rules(b)).toContain('BUNDLE_DEPENDENCY_CYCLE');
    expect(criticalPath(b, facts())).toBeNull();
  });
  it('refuses unknown dependencies, mapped fields and materials, and conditions', () => {
    const b = buildBundle();
    b.members[2] = { ...b.members[2]!, dependsOn: [{ memberKey: 'nope', mappings: [] }], when: [{ questionId: 'q-x', optionIds: ['o'] }] };
    b.members[1] = { ...b.members[1]!, dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'field:nothing', toField: 'nowhere' }], providesMaterials: ['m-none'] }] };
    expect(rules(b).sort()).toEqual(['BUNDLE_CONDITION_UNKNOWN', 'BUNDLE_DEPENDENCY_UNKNOWN', 'BUNDLE_MAPPING_FIELD_UNKNOWN', 'BUNDLE_MAPPING_FIELD_UNKNOWN', 'BUNDLE_MAPPING_MATERIAL_UNKNOWN']);
  });
  it('refuses duplicates, too few members, a blank name and a bad limit; warns above the joint limit', () => {
    const b = buildBundle();
    expect(rules({ ...b, members: [b.members[0]!, { ...b.members[0]! }] }).sort()).toEqual(['BUNDLE_MEMBER_DUPLICATE', 'BUNDLE_MEMBER_KEY_DUPLICATE']);
    expect(rules({ ...b, name: ' ', members: [b.members[0]!] }).sort()).toEqual(['BUNDLE_NAME_EMPTY', 'BUNDLE_TOO_FEW_MEMBERS']);
    expect(rules({ ...b, limitDays: 0 })).toEqual(['BUNDLE_LIMIT_INVALID']);
    expect(validateBundle({ ...b, limitDays: 50 }, facts()).map((p) => [p.rule, p.severity])).toEqual([['BUNDLE_LIMIT_OVER_JOINT', 'warning']]);
  });
  it('refuses questions with one option or two defaults', () => {
    const b = buildBundle();
    const q = { id: 'q', question: '问', multiple: false, options: [{ id: 'a', label: 'A', default: true }] };
    expect(rules({ ...b, questions: [...b.questions, q] })).toEqual(['BUNDLE_QUESTION_OPTIONS']);
    expect(rules({ ...b, questions: [...b.questions, { ...q, options: [q.options[0]!, { id: 'b', label: 'B', default: true }] }] })).toEqual(['BUNDLE_QUESTION_DEFAULTS']);
  });
});

describe('bundle diff', () => {
  it('reads a changed member as changed and a new question as added', async () => {
    const { diffBundleContent } = await import('./diff.js');
    const a = buildBundle();
    const b = buildBundle({ limitDays: 20, members: a.members.map((m) => (m.key === 'fire' ? { ...m, when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }] } : m)), questions: [...a.questions, { id: 'q3', question: '?', multiple: false, options: [] }] });
    expect(diffBundleContent(a, b).map((c) => [c.path, c.element, c.kind])).toEqual([
      ['limitDays', '', 'changed'],
      ['members', 'fire', 'changed'],
      ['questions', 'q3', 'added'],
    ]);
  });
});
