import { sql } from 'kysely';
import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize, abilities, can, type Actor } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { validateItem } from '../../core/catalogue/rules.js';
import { diffItemContent } from '../../core/catalogue/diff.js';
import { rankSearchResults } from '../../core/catalogue/search.js';
import { ItemContentSchema, ListQuery, Uuid } from './schemas.js';
import { presentGuide, presentItemSummary } from './presenters.js';
import * as repo from './repository.js';
import * as service from './service.js';
import { consistencyReportFor } from './report.js';
import { licenceTypeNames } from '../licences/type-names.js';
import { listSynonymGroups } from './synonyms.js';

const IdParams = Type.Object({ id: Uuid });

export function catalogueRoutes(app: App, _deps: CapabilityDeps): void {
  // ---- public: search, browse, guide (only published versions reach the public) ----
  app.get(
    '/api/catalogue/items',
    { schema: { tags: ['catalogue'], summary: '事项检索 Search published items', querystring: ListQuery }, config: { permission: 'public' } },
    async (req) => {
      const q = req.query;
      const query = q.q?.trim() ?? '';
      const rows = await repo.listPublished(app.db, { orgId: q.orgId });
      const licenceTypes = await licenceTypeNames(app.db);
      let items = rows.map((r) => ({ summary: presentItemSummary(r, licenceTypes), searchText: r.search_text }));
      const applicantType = q.applicantType;
      if (applicantType) items = items.filter((i) => i.summary.applicantTypes.includes(applicantType));
      if (q.category) items = items.filter((i) => i.summary.category === q.category);
      const topic = q.topic;
      if (topic) items = items.filter((i) => i.summary.topics.includes(topic));
      const ranked = query ? rankSearchResults(items.map((i) => ({ ...i, name: i.summary.name })), query, await listSynonymGroups(app.db)) : items;
      const pageSize = q.pageSize ?? 50;
      const page = q.page ?? 1;
      return { total: ranked.length, page, pageSize, items: ranked.slice((page - 1) * pageSize, page * pageSize).map((i) => i.summary) };
    },
  );

  app.get('/api/catalogue/facets', { schema: { tags: ['catalogue'], summary: '分类导航 Departments, categories and life events' }, config: { permission: 'public' } }, async () => {
    const rows = await repo.listPublished(app.db, {});
    const count = (keys: string[]) => {
      const m = new Map<string, number>();
      for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
      return [...m.entries()].map(([name, n]) => ({ name, count: n }));
    };
    const depts = new Map<string, { orgId: string; name: string; nameEn: string | null; count: number }>();
    for (const r of rows) {
      const d = depts.get(r.org_id) ?? { orgId: r.org_id, name: r.org_name, nameEn: r.org_name_en, count: 0 };
      d.count++;
      depts.set(r.org_id, d);
    }
    return {
      departments: [...depts.values()],
      categories: count(rows.map((r) => r.content.category)),
      topics: count(rows.flatMap((r) => r.content.topics ?? [])),
    };
  });

  app.get(
    '/api/catalogue/items/:id',
    { schema: { tags: ['catalogue'], summary: '办事指南 Service guide of a published item', params: IdParams }, config: { permission: 'public' } },
    async (req) => {
      const row = await repo.findPublished(app.db, req.params.id);
      if (!row) throw new DomainError('NOT_FOUND', { zh: '该事项不存在或尚未发布', en: 'The item does not exist or is not published' });
      return presentGuide(row, await licenceTypeNames(app.db));
    },
  );

  // ---- administration (事项管理): scoped to the catalogue admin's org subtree ----
  app.get('/api/admin/catalogue/impls', { schema: { tags: ['catalogue-admin'], summary: '实施清单 Implementations in scope' }, config: { permission: 'staff' } }, async (req) => {
    authorize(req.actor, 'catalogue.read_draft');
    const rows = await repo.listImplsInScopes(app.db, scopePaths(req.actor, ['catalogue_admin', 'system_admin', 'supervisor']));
    return {
      impls: rows.map((r) => ({
        implId: r.impl_id,
        implCode: r.impl_code,
        level: r.level,
        orgName: r.org_name,
        name: r.content.subName ? `${r.content.mainName}（${r.content.subName}）` : r.content.mainName,
        latestVersionId: r.version_id,
        latestVersionNo: r.version_no,
        latestStatus: r.status,
        published: r.published_version_id !== null,
        updatedAt: r.updated_at,
      })),
    };
  });

  app.post(
    '/api/admin/catalogue/impls',
    {
      schema: {
        tags: ['catalogue-admin'],
        summary: '新增实施清单 Create an implementation with a first draft',
        body: Type.Object({ orgId: Uuid, level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('township')]), content: ItemContentSchema }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const r = await service.createImpl(app.db, req.actor, { orgId: req.body.orgId, level: req.body.level, content: req.body.content as ItemContent });
      reply.status(201);
      return { implId: r.implId, versionId: r.version.id, versionNo: r.version.version_no };
    },
  );

  app.get(
    '/api/admin/catalogue/impls/:id',
    { schema: { tags: ['catalogue-admin'], summary: '事项版本历史 Versions and change log', params: IdParams }, config: { permission: 'staff' } },
    async (req) => {
      const impl = await repo.findImpl(app.db, req.params.id);
      if (!impl) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'catalogue.read_draft', { orgPath: impl.org_path });
      const [versions, events, latest] = await Promise.all([
        repo.listVersions(app.db, impl.id),
        repo.listVersionEvents(app.db, impl.id),
        // The item's name as its newest version states it, written as the list writes it (the page is titled with it).
        app.db.selectFrom('item_versions').select(sql<string>`concat(content->>'mainName', '（' || nullif(content->>'subName', '') || '）')`.as('name')).where('impl_id', '=', impl.id).orderBy('version_no', 'desc').limit(1).executeTakeFirst(),
      ]);
      return {
        implId: impl.id,
        name: latest?.name ?? '',
        implCode: impl.impl_code,
        baseCode: impl.base_code,
        level: impl.level,
        orgName: impl.org_name,
        publishedVersionId: impl.published_version_id,
        abilities: abilities(req.actor, ['catalogue.edit', 'catalogue.publish'] as const, { orgPath: impl.org_path }),
        versions: versions.map((v) => ({
          id: v.id,
          versionNo: v.version_no,
          status: v.status,
          revision: v.revision,
          createdBy: v.created_by_name,
          createdAt: v.created_at,
          updatedAt: v.updated_at,
          submittedAt: v.submitted_at,
          publishedAt: v.published_at,
          retiredAt: v.retired_at,
          reviewComment: v.review_comment,
        })),
        events: events.map((e) => ({ id: e.id, action: e.action, comment: e.comment, at: e.at, versionNo: e.version_no, actor: e.actor_name })),
      };
    },
  );

  app.post(
    '/api/admin/catalogue/impls/:id/drafts',
    { schema: { tags: ['catalogue-admin'], summary: '新建版本 Open a new draft from the newest version', params: IdParams }, config: { permission: 'staff' } },
    async (req, reply) => {
      const v = await service.createDraft(app.db, req.actor, req.params.id);
      reply.status(201);
      return { versionId: v.id, versionNo: v.version_no, revision: v.revision };
    },
  );

  app.get(
    '/api/admin/catalogue/versions/:id',
    { schema: { tags: ['catalogue-admin'], summary: '版本内容 One version with its rule check', params: IdParams }, config: { permission: 'staff' } },
    async (req) => {
      const v = await repo.findVersion(app.db, req.params.id);
      if (!v) throw new DomainError('NOT_FOUND');
      const impl = await repo.findImpl(app.db, v.impl_id);
      if (!impl) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'catalogue.read_draft', { orgPath: impl.org_path });
      return {
        id: v.id,
        implId: v.impl_id,
        versionNo: v.version_no,
        status: v.status,
        revision: v.revision,
        content: v.content,
        problems: validateItem(v.content),
        abilities: {
          edit: v.status === 'draft' && can(req.actor, 'catalogue.edit', { orgPath: impl.org_path }),
          submit: v.status === 'draft' && can(req.actor, 'catalogue.edit', { orgPath: impl.org_path }),
          // 四眼原则: the version's own authors see no publish button (finding 16).
          publish: v.status === 'in_review' && can(req.actor, 'catalogue.publish', { orgPath: impl.org_path }) && (await service.fourEyesVerdict(app.db, req.actor, v.id, impl.region_code)).ok,
          reject: v.status === 'in_review' && can(req.actor, 'catalogue.publish', { orgPath: impl.org_path }),
          retire: v.status === 'published' && can(req.actor, 'catalogue.publish', { orgPath: impl.org_path }),
        },
      };
    },
  );

  app.put(
    '/api/admin/catalogue/versions/:id',
    {
      schema: {
        tags: ['catalogue-admin'],
        summary: '保存草稿 Save a draft (send the revision you read)',
        params: IdParams,
        body: Type.Object({ revision: Type.Integer({ minimum: 1 }), content: ItemContentSchema }, { additionalProperties: false }),
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const r = await service.updateDraft(app.db, req.actor, req.params.id, req.body.content as ItemContent, req.body.revision);
      return { id: r.version.id, revision: r.version.revision, problems: r.problems };
    },
  );

  const transition = (path: string, summary: string, run: (actor: Actor | undefined, id: string, comment: string) => Promise<{ id: string; status: string; version_no: number }>) =>
    app.post(
      `/api/admin/catalogue/versions/:id/${path}`,
      {
        schema: { tags: ['catalogue-admin'], summary, params: IdParams, body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }) },
        config: { permission: 'staff' },
      },
      async (req) => {
        const v = await run(req.actor, req.params.id, req.body.comment ?? '');
        return { id: v.id, status: v.status, versionNo: v.version_no };
      },
    );
  transition('submit', '提交审核 Submit for review', (a, id) => service.submitForReview(app.db, a, id));
  transition('publish', '发布 Publish', (a, id) => service.publish(app.db, a, id));
  transition('reject', '退回 Return to draft', (a, id, c) => service.rejectReview(app.db, a, id, c));
  transition('retire', '停用 Retire', (a, id, c) => service.retire(app.db, a, id, c));

  app.get(
    '/api/admin/catalogue/versions/:id/diff',
    {
      schema: { tags: ['catalogue-admin'], summary: '版本比对 Readable diff against another version (default: the previous one)', params: IdParams, querystring: Type.Object({ against: Type.Optional(Uuid) }) },
      config: { permission: 'staff' },
    },
    async (req) => {
      const v = await repo.findVersion(app.db, req.params.id);
      if (!v) throw new DomainError('NOT_FOUND');
      const impl = await repo.findImpl(app.db, v.impl_id);
      if (!impl) throw new DomainError('NOT_FOUND');
      authorize(req.actor, 'catalogue.read_draft', { orgPath: impl.org_path });
      const other = req.query.against
        ? await repo.findVersion(app.db, req.query.against)
        : await app.db.selectFrom('item_versions').selectAll().where('impl_id', '=', v.impl_id).where('version_no', '=', v.version_no - 1).executeTakeFirst();
      if (!other) return { from: null, to: v.version_no, changes: [] };
      if (other.impl_id !== v.impl_id) throw new DomainError('VALIDATION_FAILED', { zh: '只能比对同一事项的版本', en: 'Only versions of the same item can be compared' });
      return { from: other.version_no, to: v.version_no, changes: diffItemContent(other.content, v.content) };
    },
  );

  app.get(
    '/api/admin/catalogue/consistency',
    {
      schema: { tags: ['catalogue-admin'], summary: '三级十同 Deviations across levels for one base item', querystring: Type.Object({ baseCode: Type.String({ minLength: 1, maxLength: 40 }) }) },
      config: { permission: 'staff' },
    },
    async (req) => {
      authorize(req.actor, 'catalogue.report');
      return consistencyReportFor(app.db, req.actor, req.query.baseCode);
    },
  );
}
