import { Type } from 'typebox';
import { sql } from 'kysely';
import type { App } from '../http/types.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { isRatingLevel, RATING_LEVEL_NAMES, type RatingLevel } from '../../core/ratings/levels.js';
import { maskName } from '../../core/ratings/rules.js';
import { summarise } from '../../core/ratings/disclosure.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { PublicRatingsQuery } from './schemas.js';
import { periodOf } from '../scorecards/routes.js';

/**
 * 评价公开 (issue 12): a department's or an item's ratings for everyone — counts per level, the good
 * rate, a department's items, and the recent comments with the rater's name masked (张*). The response
 * schema is the list of what may leave the server; nothing else does (no ids of people, no numbers).
 */
const NullableString = Type.Union([Type.String(), Type.Null()]);
const LevelCount = Type.Object({ level: Type.Integer(), zh: Type.String(), en: Type.String(), count: Type.Integer() });
const Summary = { total: Type.Integer(), goodRate: Type.Union([Type.Number(), Type.Null()]), counts: Type.Array(LevelCount) };
const Named = { id: Type.String(), name: Type.String(), nameEn: NullableString };

const PublicRatingsResponse = Type.Object({
  unit: Type.Object({ kind: Type.Union([Type.Literal('department'), Type.Literal('item')]), ...Named, department: Type.Optional(Type.Object(Named)) }),
  /** The period asked for (days rated, both included), or null: all time. */
  period: Type.Union([Type.Object({ from: Type.String(), to: Type.String() }), Type.Null()]),
  ...Summary,
  /** A department's items (case-service ratings), most rated first. Empty for an item. */
  items: Type.Array(Type.Object({ ...Named, ...Summary })),
  /** A hall's 一件事 (bundle ratings, ADR 0043) by the bundle's name, most rated first. Empty for an item. */
  bundles: Type.Array(Type.Object({ ...Named, ...Summary })),
  recent: Type.Array(
    Type.Object({
      level: Type.Integer(),
      levelZh: Type.String(),
      levelEn: Type.String(),
      tags: Type.Array(Type.String()),
      comment: NullableString,
      ratedOn: Type.String(),
      rater: Type.String(),
      item: NullableString,
      removed: Type.Boolean(),
    }),
  ),
});

const RECENT = 20;
const NOT_FOUND = () => new DomainError('NOT_FOUND', { zh: '未找到该部门或事项', en: 'No such department or item' });

const itemName = (c: Pick<ItemContent, 'mainName' | 'subName'>) => (c.subName ? `${c.mainName}（${c.subName}）` : c.mainName);
const itemNameEn = (c: Pick<ItemContent, 'mainNameEn' | 'subNameEn'>) => (c.mainNameEn ? (c.subNameEn ? `${c.mainNameEn} (${c.subNameEn})` : c.mainNameEn) : null);

/** The names of items (implementations) from their published version, or their latest one once retired. */
async function itemNames(db: Db, implIds: string[]): Promise<Map<string, { name: string; nameEn: string | null; orgId: string }>> {
  if (implIds.length === 0) return new Map();
  const rows = await sql<{ id: string; org_id: string; content: ItemContent }>`
    select i.id, i.org_id, v.content from item_impls i
    join lateral (select content from item_versions v where v.impl_id = i.id order by (v.id = i.published_version_id) desc, v.version_no desc limit 1) v on true
    where i.id in (${sql.join(implIds)})`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, { name: itemName(r.content), nameEn: itemNameEn(r.content), orgId: r.org_id }]));
}

export function publicRatingRoutes(app: App): void {
  app.get(
    '/api/public/ratings',
    {
      schema: {
        tags: ['ratings'],
        summary: '评价公开 Counts per level, the good rate and recent comments (names masked) of a department (with its items) or of an item',
        querystring: PublicRatingsQuery,
        response: { 200: PublicRatingsResponse },
      },
      config: { permission: 'public' },
    },
    async (req) => {
      const { orgId, implId, from, to } = req.query;
      if (!orgId && !implId) throw new DomainError('VALIDATION_FAILED', { zh: '请指定部门或事项', en: 'Name a department or an item' }, [{ code: 'required', path: '/orgId', zh: '请指定部门或事项', en: 'Name a department or an item' }]);
      if ((from === undefined) !== (to === undefined)) {
        throw new DomainError('VALIDATION_FAILED', { zh: '统计期间须同时指定开始和结束日期', en: 'A period needs both from and to' }, [{ code: 'period', path: from === undefined ? '/from' : '/to', zh: '请同时指定开始和结束日期', en: 'Give both from and to' }]);
      }
      // The scorecard's rule: within 2000–2099, from ≤ to, at most two years (bilingual 400 otherwise).
      const period = from !== undefined && to !== undefined ? periodOf({ from, to }) : null;
      const db = app.db;
      // An item's page counts the ratings of its cases' own service (the window service is the hall's).
      let unit: { kind: 'department' | 'item'; id: string; name: string; nameEn: string | null; department?: { id: string; name: string; nameEn: string | null } };
      if (implId) {
        const item = (await itemNames(db, [implId])).get(implId);
        if (!item) throw NOT_FOUND();
        const org = await db.selectFrom('orgs').select(['id', 'name', 'name_en']).where('id', '=', item.orgId).executeTakeFirstOrThrow();
        unit = { kind: 'item', id: implId, name: item.name, nameEn: item.nameEn, department: { id: org.id, name: org.name, nameEn: org.name_en } };
      } else {
        const org = await db.selectFrom('orgs').select(['id', 'name', 'name_en']).where('id', '=', orgId ?? '').executeTakeFirst();
        if (!org) throw NOT_FOUND();
        unit = { kind: 'department', id: org.id, name: org.name, nameEn: org.name_en };
      }
      // A bundle's rating (ADR 0043) has no case: it counts for the hall that owns the bundle, listed by the bundle's name.
      let counted = db.selectFrom('ratings as r').leftJoin('cases as c', 'c.id', 'r.case_id').leftJoin('bundle_cases as bc', 'bc.id', 'r.bundle_case_id').where('r.follow_up_of', 'is', null);
      counted = implId ? counted.where('c.impl_id', '=', implId).where('r.service_kind', '=', 'case') : counted.where('r.org_id', '=', unit.id);
      if (period) counted = counted.where('r.rated_on', '>=', period.from).where('r.rated_on', '<=', period.to);

      const levels = await counted.select(['r.level', (eb) => eb.fn.countAll<string>().as('n')]).where('r.removed_at', 'is', null).groupBy('r.level').execute();
      const perItem = implId
        ? []
        : await counted.select(['c.impl_id', 'r.level', (eb) => eb.fn.countAll<string>().as('n')]).where('r.removed_at', 'is', null).where('r.service_kind', '=', 'case').groupBy(['c.impl_id', 'r.level']).execute();
      const perBundle = implId
        ? []
        : await counted.select(['bc.bundle_id', 'bc.title as bundle_title', 'r.level', (eb) => eb.fn.countAll<string>().as('n')]).where('r.removed_at', 'is', null).where('r.service_kind', '=', 'bundle').groupBy(['bc.bundle_id', 'bc.title', 'r.level']).execute();
      const bundleNames = new Map(perBundle.flatMap((r) => (r.bundle_id ? [[r.bundle_id, r.bundle_title ?? '']] : [])));
      const bundles = [...bundleNames.entries()]
        .map(([id, name]) => ({ id, name, nameEn: null, ...summarise(perBundle.filter((r) => r.bundle_id === id).map((r) => ({ level: r.level, count: Number(r.n) }))) }))
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
      const names = await itemNames(db, [...new Set(perItem.flatMap((r) => (r.impl_id ? [r.impl_id] : [])))]);
      const items = [...names.entries()]
        .map(([id, n]) => ({ id, name: n.name, nameEn: n.nameEn, ...summarise(perItem.filter((r) => r.impl_id === id).map((r) => ({ level: r.level, count: Number(r.n) }))) }))
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));

      // Comments on a sensitive item (敏感事项) are counted but never listed: a masked name beside such an
      // item could still point at a person. A removed rating stays listed, marked, so removals are visible.
      const recent = await counted
        .leftJoin('users as u', 'u.id', 'r.rater_id')
        .select(['r.level', 'r.tags', 'r.comment', 'r.rated_on', 'r.anonymous', 'r.removed_at', 'u.display_name', 'c.public_title', 'bc.title as bundle_title'])
        .where('r.comment', 'is not', null)
        // A sensitive item's case shows a neutral public title (migration 202612011201): its comments stay unlisted.
        // A bundle is listed by its name (一件事 names are public, like the bundle look-up's).
        .where((eb) => eb.or([eb('c.public_title', '=', eb.ref('c.title')), eb('r.service_kind', '=', 'bundle')]))
        .orderBy('r.created_at', 'desc')
        .limit(RECENT)
        .execute();
      const name = (l: number) => RATING_LEVEL_NAMES[(isRatingLevel(l) ? l : 3) as RatingLevel];
      return {
        unit,
        period,
        ...summarise(levels.map((r) => ({ level: r.level, count: Number(r.n) }))),
        items,
        bundles,
        recent: recent.map((r) => ({
          level: r.level,
          levelZh: name(r.level).zh,
          levelEn: name(r.level).en,
          tags: r.tags as string[],
          comment: r.comment,
          ratedOn: r.rated_on,
          rater: r.anonymous ? '匿名' : maskName(r.display_name),
          item: r.bundle_title ?? r.public_title,
          removed: r.removed_at !== null,
        })),
      };
    },
  );
}
