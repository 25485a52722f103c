import type { CatalogueProblem } from '../catalogue/rules.js';
import { fieldSignature } from './merge.js';
import type { BundleContent, MemberFacts } from './types.js';

/**
 * Rule check of a bundle definition (一件事目录). Like `validateItem`, it lists every problem at once;
 * publishing fails while any 'error' remains. Facts about the member items (published? limits, forms)
 * come from the catalogue and are passed in, so the check stays pure.
 */

/** 行政许可法 第42条: joint processing (统一/联合/集中办理) within 45 working days (+15 with approval). */
export const JOINT_LIMIT_DAYS = 45;

const err = (rule: string, path: string, zh: string, en: string): CatalogueProblem => ({ rule, path, severity: 'error', zh, en });
const warn = (rule: string, path: string, zh: string, en: string): CatalogueProblem => ({ rule, path, severity: 'warning', zh, en });

export interface CriticalPath {
  days: number;
  /** Member keys along the longest chain, first to last. */
  path: string[];
}

/**
 * The longest chain of promised limits through the dependencies (all members: leaving a conditional
 * member out only shortens chains, so this bounds every situation). Null when the dependencies cycle.
 */
export function criticalPath(content: Pick<BundleContent, 'members'>, facts: ReadonlyMap<string, Pick<MemberFacts, 'promisedLimitDays'>>): CriticalPath | null {
  const byKey = new Map(content.members.map((m) => [m.key, m]));
  const best = new Map<string, CriticalPath>();
  const visiting = new Set<string>();
  const visit = (key: string): CriticalPath | null => {
    const done = best.get(key);
    if (done) return done;
    if (visiting.has(key)) return null;
    visiting.add(key);
    const m = byKey.get(key)!;
    let before: CriticalPath = { days: 0, path: [] };
    for (const d of m.dependsOn ?? []) {
      if (!byKey.has(d.memberKey)) continue;
      const p = visit(d.memberKey);
      if (!p) return null;
      if (p.days > before.days || before.path.length === 0) before = p;
    }
    visiting.delete(key);
    const own = facts.get(m.itemId)?.promisedLimitDays ?? 0;
    const r = { days: before.days + own, path: [...before.path, key] };
    best.set(key, r);
    return r;
  };
  let out: CriticalPath = { days: 0, path: [] };
  for (const m of content.members) {
    const p = visit(m.key);
    if (!p) return null;
    if (p.days > out.days) out = p;
  }
  return out;
}

export function validateBundle(c: BundleContent, facts: ReadonlyMap<string, MemberFacts>): CatalogueProblem[] {
  const out: CatalogueProblem[] = [];
  const nameOf = (key: string) => {
    const m = c.members.find((x) => x.key === key);
    return (m && facts.get(m.itemId)?.name) ?? key;
  };
  if (!c.name.trim()) out.push(err('BUNDLE_NAME_EMPTY', 'name', '一件事名称不能为空', 'The bundle needs a name'));
  if (c.members.length < 2) out.push(err('BUNDLE_TOO_FEW_MEMBERS', 'members', '一件事至少包含两个事项', 'A bundle has at least two member items'));

  const keys = new Set<string>();
  const items = new Set<string>();
  c.members.forEach((m, i) => {
    const p = `members[${i}]`;
    if (keys.has(m.key)) out.push(err('BUNDLE_MEMBER_KEY_DUPLICATE', `${p}.key`, `成员标识“${m.key}”重复`, `Member key "${m.key}" is used twice`));
    keys.add(m.key);
    if (items.has(m.itemId)) out.push(err('BUNDLE_MEMBER_DUPLICATE', `${p}.itemId`, `事项“${nameOf(m.key)}”重复加入`, `Item "${nameOf(m.key)}" is a member twice`));
    items.add(m.itemId);
    const f = facts.get(m.itemId);
    if (!f) out.push(err('BUNDLE_MEMBER_UNKNOWN', `${p}.itemId`, `成员事项“${m.itemId}”不存在或不在本地区可选范围内`, `Member item "${m.itemId}" does not exist or is outside the region`));
    else if (!f.published) out.push(err('BUNDLE_MEMBER_NOT_PUBLISHED', `${p}.itemId`, `成员事项“${f.name}”尚未发布，不能纳入一件事`, `Member item "${f.name}" is not published`));
  });

  checkQuestions(c, out);
  checkDependencies(c, facts, nameOf, out);
  checkFieldConflicts(c, facts, out);
  checkLimit(c, facts, nameOf, out);
  return out;
}

function checkQuestions(c: BundleContent, out: CatalogueProblem[]): void {
  const options = new Map(c.questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
  c.questions.forEach((q, i) => {
    if (q.options.length < 2) out.push(err('BUNDLE_QUESTION_OPTIONS', `questions[${i}].options`, `情形“${q.question}”至少需要两个选项`, `Question "${q.question}" needs at least two options`));
    if (q.options.filter((o) => o.default).length > 1) out.push(err('BUNDLE_QUESTION_DEFAULTS', `questions[${i}].options`, `情形“${q.question}”只能有一个默认选项`, `Question "${q.question}" has more than one default option`));
  });
  c.members.forEach((m, i) => {
    for (const w of m.when ?? []) {
      const known = options.get(w.questionId);
      if (!known || w.optionIds.length === 0 || w.optionIds.some((o) => !known.has(o))) {
        out.push(err('BUNDLE_CONDITION_UNKNOWN', `members[${i}].when`, `成员“${m.key}”的适用条件引用了不存在的情形或选项`, `Member "${m.key}" applies on an unknown question or option`));
      }
    }
  });
}

function checkDependencies(c: BundleContent, facts: ReadonlyMap<string, MemberFacts>, nameOf: (k: string) => string, out: CatalogueProblem[]): void {
  const keys = new Set(c.members.map((m) => m.key));
  c.members.forEach((m, i) => {
    const mine = facts.get(m.itemId);
    (m.dependsOn ?? []).forEach((d, j) => {
      const p = `members[${i}].dependsOn[${j}]`;
      if (d.memberKey === m.key || !keys.has(d.memberKey)) {
        out.push(err('BUNDLE_DEPENDENCY_UNKNOWN', p, `“${nameOf(m.key)}”依赖的成员“${d.memberKey}”不存在`, `"${nameOf(m.key)}" depends on an unknown member "${d.memberKey}"`));
        return;
      }
      const theirs = facts.get(c.members.find((x) => x.key === d.memberKey)!.itemId);
      for (const x of d.mappings) {
        if (mine && !(x.toField in mine.form.properties)) out.push(err('BUNDLE_MAPPING_FIELD_UNKNOWN', `${p}.mappings`, `“${nameOf(m.key)}”的表单没有字段“${x.toField}”`, `The form of "${nameOf(m.key)}" has no field "${x.toField}"`));
        const from = x.from.startsWith('field:') ? x.from.slice('field:'.length) : null;
        if (theirs && from !== null && !(from in theirs.form.properties)) out.push(err('BUNDLE_MAPPING_FIELD_UNKNOWN', `${p}.mappings`, `“${nameOf(d.memberKey)}”的表单没有字段“${from}”`, `The form of "${nameOf(d.memberKey)}" has no field "${from}"`));
      }
      for (const id of d.providesMaterials ?? []) {
        if (mine && !mine.materials.some((x) => x.id === id)) out.push(err('BUNDLE_MAPPING_MATERIAL_UNKNOWN', `${p}.providesMaterials`, `“${nameOf(m.key)}”没有材料“${id}”`, `"${nameOf(m.key)}" has no material "${id}"`));
      }
    });
  });
  if (criticalPath(c, facts) === null) out.push(err('BUNDLE_DEPENDENCY_CYCLE', 'members', '成员之间的前后依赖形成了循环，无法确定办理顺序', 'The dependencies between members form a cycle'));
}

function checkFieldConflicts(c: BundleContent, facts: ReadonlyMap<string, MemberFacts>, out: CatalogueProblem[]): void {
  const first = new Map<string, { member: string; name: string; sig: string; title: string }>();
  const reported = new Set<string>();
  for (const m of c.members) {
    const f = facts.get(m.itemId);
    if (!f) continue;
    for (const [k, field] of Object.entries(f.form.properties)) {
      const sig = fieldSignature(field);
      const seen = first.get(k);
      if (!seen) {
        first.set(k, { member: m.key, name: f.name, sig, title: field.title });
        continue;
      }
      if (seen.sig === sig || reported.has(`${k}:${m.key}`)) continue;
      reported.add(`${k}:${m.key}`);
      out.push(
        err(
          'BUNDLE_FIELD_CONFLICT',
          `form.${k}`,
          `字段“${k}”（${seen.title}）在“${seen.name}”与“${f.name}”中的定义不一致（类型、格式或可选值不同），不能合并为一表`,
          `Field "${k}" is defined differently by "${seen.name}" and "${f.name}" (type, format or choices), so the forms cannot be merged`,
        ),
      );
    }
  }
}

function checkLimit(c: BundleContent, facts: ReadonlyMap<string, MemberFacts>, nameOf: (k: string) => string, out: CatalogueProblem[]): void {
  if (!Number.isInteger(c.limitDays) || c.limitDays <= 0) {
    out.push(err('BUNDLE_LIMIT_INVALID', 'limitDays', '一件事办理时限应为大于0的整数（工作日）', 'The bundle limit must be a whole number of working days above 0'));
    return;
  }
  if (c.limitDays > JOINT_LIMIT_DAYS) {
    out.push(warn('BUNDLE_LIMIT_OVER_JOINT', 'limitDays', `联合办理时限一般不超过${JOINT_LIMIT_DAYS}个工作日（《行政许可法》第四十二条）`, `Joint processing takes at most ${JOINT_LIMIT_DAYS} working days (Administrative Licensing Law art. 42)`));
  }
  const cp = criticalPath(c, facts);
  if (cp && c.limitDays < cp.days) {
    const chain = cp.path.map(nameOf);
    out.push(
      err(
        'BUNDLE_LIMIT_BELOW_CRITICAL_PATH',
        'limitDays',
        `一件事办理时限（${c.limitDays}个工作日）短于成员事项承诺时限的关键路径（${chain.join(' → ')}，共${cp.days}个工作日）`,
        `The bundle limit (${c.limitDays} working days) is shorter than the critical path of the members' promised limits (${chain.join(' → ')}, ${cp.days} working days)`,
      ),
    );
  }
}
