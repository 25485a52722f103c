import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { abilities, authorize, can } from '../policies/index.js';
import { scopePaths } from '../policies/actor.js';
import type { BundleAnswers, BundleContent } from '../../core/bundles/types.js';
import { defaultAnswers, checkAnswers } from '../../core/bundles/selection.js';
import { diffBundleContent } from '../../core/bundles/diff.js';
import { BundleContentSchema, Uuid } from './schemas.js';
import { presentBundleGuide, presentBundleSummary } from './presenters.js';
import * as repo from './repository.js';
import * as service from './catalogue-service.js';
import { licenceTypeNames } from '../licences/type-names.js';
import { bundlesToXlsx } from './xlsx.js';
import { BUNDLE_EXPORT_FORMAT } from './transfer.js';

const IdParams = Type.Object({ id: Uuid });
const Choice = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$' });

/** `?choose=q:o&choose=q2:o2` → answers; questions not mentioned take their default option. */
function answersFrom(content: BundleContent, choose: readonly string[] | undefined): BundleAnswers {
  const out: Record<string, string[]> = { ...defaultAnswers(content) } as Record<string, string[]>;
  const given: Record<string, string[]> = {};
  for (const c of choose ?? []) {
    const [q, o] = c.split(':') as [string, string];
    given[q] = [...(given[q] ?? []), o];
  }
  Object.assign(out, given);
  const problems = checkAnswers(content, out);
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }, problems.map((p) => ({ code: p.code, path: `/choose/${p.questionId}`, zh: p.zh, en: p.en })));
  return out;
}

export function bundleCatalogueRoutes(app: App, _deps: CapabilityDeps): void {
  // ---- public: 一件事 list and guide (only published versions) ----
  app.get(
    '/api/public/bundles',
    { schema: { tags: ['bundles'], summary: '一件事列表 Published life-event bundles with their figures', querystring: Type.Object({ regionCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })) }, { additionalProperties: false }) }, config: { permission: 'public' } },
    async (req) => {
      const rows = await repo.listPublishedBundles(app.db, req.query.regionCode);
      const bundles = [];
      const licenceTypes = await licenceTypeNames(app.db);
      for (const r of rows) bundles.push(presentBundleSummary(r, await repo.memberFacts(app.db, r.content), licenceTypes));
      return { bundles };
    },
  );

  app.get(
    '/api/public/bundles/:id',
    {
      schema: { tags: ['bundles'], summary: '一件事办事指南 Bundle guide (一次告知) for the chosen situation', params: IdParams, querystring: Type.Object({ choose: Type.Optional(Type.Array(Choice, { maxItems: 20 })) }, { additionalProperties: false }) },
      config: { permission: 'public' },
    },
    async (req) => {
      const row = await repo.findPublishedBundle(app.db, req.params.id);
      if (!row) throw new DomainError('NOT_FOUND', { zh: '该一件事不存在或尚未发布', en: 'The bundle does not exist or is not published' });
      return presentBundleGuide(row, await repo.memberFacts(app.db, row.content), answersFrom(row.content, req.query.choose), await licenceTypeNames(app.db));
    },
  );

  // ---- administration (一件事目录): catalogue administrators of the owning hall's region ----
  app.get('/api/admin/bundles', { schema: { tags: ['bundles-admin'], summary: '一件事目录 Bundles in scope' }, config: { permission: 'staff' } }, async (req) => {
    authorize(req.actor, 'catalogue.read_draft');
    const rows = await repo.listBundlesInScopes(app.db, scopePaths(req.actor, ['catalogue_admin', 'system_admin', 'supervisor']));
    return {
      bundles: rows.map((r) => ({ bundleId: r.id, code: r.code, name: r.content.name, owner: r.org_name, latestVersionId: r.version_id, latestVersionNo: r.version_no, latestStatus: r.status, published: r.published_version_id !== null, updatedAt: r.updated_at })),
    };
  });

  app.get('/api/admin/bundles/export.json', { schema: { tags: ['bundles-admin'], summary: '导出一件事目录 Export bundles in scope (JSON)' }, config: { permission: 'staff' } }, async (req, reply) => {
    authorize(req.actor, 'catalogue.read_draft');
    const rows = await repo.listBundlesInScopes(app.db, scopePaths(req.actor, ['catalogue_admin', 'system_admin', 'supervisor']));
    reply.header('content-disposition', 'attachment; filename="bundles.json"');
    return { format: BUNDLE_EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), bundles: rows.map((r) => ({ code: r.code, versionNo: r.version_no, status: r.status, content: r.content })) };
  });

  app.get('/api/admin/bundles/export.xlsx', { schema: { tags: ['bundles-admin'], summary: '导出一件事目录 Export bundles in scope (Excel)' }, config: { permission: 'staff' } }, async (req, reply) => {
    authorize(req.actor, 'catalogue.read_draft');
    const rows = await repo.listBundlesInScopes(app.db, scopePaths(req.actor, ['catalogue_admin', 'system_admin', 'supervisor']));
    // The member items' names and departments, for people reading the sheet 联办事项.
    const names = new Map<string, { name: string; department: string }>();
    for (const r of rows) for (const [id, f] of await repo.memberFacts(app.db, r.content)) names.set(id, { name: f.name, department: f.department });
    const buf = await bundlesToXlsx(rows.map((r) => ({ code: r.code, versionNo: r.version_no, status: r.status, content: r.content })), names);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="bundles.xlsx"');
    return reply.send(buf);
  });

  app.post(
    '/api/admin/bundles',
    { schema: { tags: ['bundles-admin'], summary: '新增一件事 Create a bundle with a first draft', body: Type.Object({ orgId: Uuid, content: BundleContentSchema }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req, reply) => {
      const content = req.body.content as BundleContent;
      const r = await service.createBundle(app.db, req.actor, { orgId: req.body.orgId, content });
      reply.status(201);
      return { bundleId: r.bundleId, code: r.code, versionId: r.version.id, versionNo: r.version.version_no, problems: await service.checkBundle(app.db, content) };
    },
  );

  app.get('/api/admin/bundles/:id', { schema: { tags: ['bundles-admin'], summary: '一件事版本与规则检查 Versions, change log, rule check and diff', params: IdParams }, config: { permission: 'staff' } }, async (req) => {
    const bundle = await repo.findBundle(app.db, req.params.id);
    if (!bundle) throw new DomainError('NOT_FOUND', { zh: '一件事不存在', en: 'The bundle does not exist' });
    authorize(req.actor, 'catalogue.read_draft', { orgPath: bundle.org_path });
    const [versions, events, latest] = await Promise.all([repo.listVersions(app.db, bundle.id), repo.listVersionEvents(app.db, bundle.id), repo.latestVersion(app.db, bundle.id)]);
    if (!latest) throw new DomainError('NOT_FOUND');
    const published = bundle.published_version_id ? await repo.findVersion(app.db, bundle.published_version_id) : undefined;
    const facts = await repo.memberFacts(app.db, latest.content);
    return {
      bundleId: bundle.id,
      code: bundle.code,
      owner: bundle.org_name,
      latest: { versionId: latest.id, versionNo: latest.version_no, status: latest.status, revision: latest.revision, content: latest.content },
      problems: await service.checkBundle(app.db, latest.content),
      changes: published && published.id !== latest.id ? diffBundleContent(published.content, latest.content) : [],
      summary: presentBundleSummary({ id: bundle.id, code: bundle.code, org_name: bundle.org_name, version_no: latest.version_no, content: latest.content }, facts),
      versions,
      events,
      abilities: {
        edit: latest.status === 'draft' && can(req.actor, 'catalogue.edit', { orgPath: bundle.org_path }),
        submit: latest.status === 'draft' && can(req.actor, 'catalogue.edit', { orgPath: bundle.org_path }),
        publish: latest.status === 'in_review' && can(req.actor, 'catalogue.publish', { orgPath: bundle.org_path }) && (await service.fourEyesVerdict(app.db, req.actor, latest.id, bundle.region_code)).ok,
        ...abilities(req.actor, ['catalogue.edit', 'catalogue.publish'] as const, { orgPath: bundle.org_path }),
      },
    };
  });

  app.post('/api/admin/bundles/:id/drafts', { schema: { tags: ['bundles-admin'], summary: '新建一件事草稿 Open a new draft', params: IdParams }, config: { permission: 'staff' } }, async (req, reply) => {
    const v = await service.createDraft(app.db, req.actor, req.params.id);
    reply.status(201);
    return { versionId: v.id, versionNo: v.version_no, revision: v.revision };
  });

  app.put(
    '/api/admin/bundle-versions/:id',
    { schema: { tags: ['bundles-admin'], summary: '保存一件事草稿 Save a draft', params: IdParams, body: Type.Object({ revision: Type.Integer({ minimum: 1 }), content: BundleContentSchema }, { additionalProperties: false }) }, config: { permission: 'staff' } },
    async (req) => {
      const r = await service.updateDraft(app.db, req.actor, req.params.id, req.body.content as BundleContent, req.body.revision);
      return { versionId: r.version.id, revision: r.version.revision, problems: r.problems };
    },
  );

  type Run = (actor: Parameters<typeof service.publish>[1], id: string, comment: string) => Promise<{ id: string; status: string }>;
  const transition = (path: string, summary: string, run: Run, withComment: boolean) =>
    app.post(
      `/api/admin/bundle-versions/:id/${path}`,
      {
        schema: {
          tags: ['bundles-admin'],
          summary,
          params: IdParams,
          body: withComment ? Type.Object({ comment: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }) : Type.Object({}, { additionalProperties: false }),
        },
        config: { permission: 'staff' },
      },
      async (req) => {
        const r = await run(req.actor, req.params.id, (req.body as { comment?: string }).comment ?? '');
        return { versionId: r.id, status: r.status };
      },
    );
  transition('submit', '提交审核 Submit a bundle draft for review', (a, id) => service.submitForReview(app.db, a, id), false);
  transition('publish', '发布一件事 Publish (四眼原则)', (a, id) => service.publish(app.db, a, id), false);
  transition('reject', '退回修改 Return to draft', (a, id, c) => service.rejectReview(app.db, a, id, c), true);
  transition('retire', '停用一件事 Retire', (a, id, c) => service.retire(app.db, a, id, c), true);
}
