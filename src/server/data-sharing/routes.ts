import { Type } from 'typebox';
import ExcelJS from 'exceljs';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import type { Actor } from '../policies/actor.js';
import { authorize } from '../policies/index.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../identity/audit.js';
import { loadVisibleCase } from '../cases/routes.js';
import { presentAccess, presentDirectory } from './presenters.js';
import * as repo from './repository.js';
import { queryData, type ProviderRegistry } from './service.js';
import { dataUsesOfCase } from './material-uses.js';
import { caseFactsOf, caseRelation, seesPersonalData } from '../policies/case-access.js';

/**
 * 数据共享 routes (issue 11): the data directory, a query for a case, the case's reads, the person's
 * own 数据使用记录, and the audit administrator's export of the whole log.
 */

const QueryBody = Type.Object(
  {
    // Optional in the schema so that a query without them gets the policy's own clear refusal (zh / en).
    caseId: Type.Optional(Type.String({ format: 'uuid', description: '办件 the query is made for (required by the policy)' })),
    purpose: Type.Optional(Type.String({ maxLength: 40, description: '用途: a purpose code of the data directory (required by the policy)' })),
    source: Type.String({ minLength: 1, maxLength: 40, description: 'Source code (or a catalogue name of it, e.g. 公安人口库)' }),
    fields: Type.Array(Type.String({ pattern: '^[A-Za-z]{1,40}$' }), { minItems: 1, maxItems: 20, description: 'Data items to read' }),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
  },
  { additionalProperties: false },
);
const EXPORT_MAX = 50_000;

export interface DataSharingRouteDeps extends CapabilityDeps {
  dataProviders: ProviderRegistry;
}

type Presented = ReturnType<typeof presentAccess> & { subjectName?: string };
const COLUMNS: { zh: string; en: string; value: (r: Presented & { actorName: string }) => string }[] = [
  { zh: '查询编号', en: 'Query id', value: (r) => r.queryId },
  { zh: '时间', en: 'Time', value: (r) => r.at },
  { zh: '操作人', en: 'Staff', value: (r) => r.actorName },
  { zh: '角色', en: 'Role', value: (r) => r.roleName },
  { zh: '部门', en: 'Department', value: (r) => r.department ?? '' },
  { zh: '办件编号', en: 'Case no.', value: (r) => r.caseNo ?? r.caseId },
  { zh: '数据主体', en: 'Data subject', value: (r) => r.subjectName ?? '' },
  { zh: '用途', en: 'Purpose', value: (r) => r.purposeName },
  { zh: '数据源', en: 'Source', value: (r) => `${r.sourceName}（${r.sourceOwner}）` },
  { zh: '数据项', en: 'Items', value: (r) => r.fields.map((f) => f.name).join('、') },
  { zh: '结果', en: 'Outcome', value: (r) => (r.outcome === 'answered' ? '已返回' : '未返回') },
];

/** A spreadsheet cell never starts a formula (CSV/Excel injection). */
const cellText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function dataSharingRoutes(app: App, deps: DataSharingRouteDeps): void {
  const serviceDeps = { now: deps.now, providers: deps.dataProviders };

  app.get(
    '/api/data-sharing/directory',
    { schema: { tags: ['data-sharing'], summary: '数据目录 The data directory: sources, owners, data items and the legal purposes each serves' }, config: { permission: 'staff' } },
    async () => presentDirectory(deps.dataProviders),
  );

  app.post(
    '/api/data-sharing/queries',
    {
      schema: { tags: ['data-sharing'], summary: '共享数据查询 Read the applicant’s data from a source for a case and a stated purpose (logged)', body: QueryBody },
      config: { permission: 'staff' },
    },
    async (req, reply) => {
      const result = await queryData(app.db, serviceDeps, req.actor, req.body);
      reply.status(201);
      return result;
    },
  );

  app.get(
    '/api/cases/:id/data-queries',
    { schema: { tags: ['data-sharing'], summary: '办件的数据调取记录 The data reads made for a case', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) }, config: { permission: 'authenticated' } },
    async (req) => {
      const row = await loadVisibleCase(app.db, req.actor, req.params.id);
      return { queries: (await repo.listForCase(app.db, row.id)).map((r) => ({ ...presentAccess(r), actorName: r.actor_name })) };
    },
  );

  app.get(
    '/api/cases/:id/data-uses',
    { schema: { tags: ['data-sharing'], summary: '免证办 The materials a case had fulfilled by shared data at filing: source, purpose, items, when, the answer and whether it matches the access log', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) }, config: { permission: 'authenticated' } },
    async (req) => {
      const row = await loadVisibleCase(app.db, req.actor, req.params.id);
      const relation = caseRelation(req.actor as Actor, caseFactsOf(row));
      const uses = await dataUsesOfCase(app.db, row.id);
      // Values only to those who see the case's personal data (applicant, window, department); staff views are audited.
      if (!seesPersonalData(relation)) return { uses: uses.map((u) => ({ ...u, items: u.items.map((i) => ({ ...i, value: null })), masked: true })) };
      if (relation !== 'applicant' && uses.length) {
        await recordAudit(app.db, { kind: 'personal_data_viewed', userId: (req.actor as Actor).userId, objectType: 'case', objectId: row.id, detail: { caseId: row.id, caseNo: row.case_no, fields: uses.flatMap((u) => u.items.map((i) => `data.${u.source.code}.${i.key}`)) } });
      }
      return { uses: uses.map((u) => ({ ...u, masked: false })) };
    },
  );

  app.get(
    '/api/me/data-access',
    {
      schema: { tags: ['data-sharing'], summary: '数据使用记录 Every read of my data: when, which department, which case, which purpose, which items', querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }) },
      config: { permission: 'authenticated' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      const rows = await repo.listForSubject(app.db, actor.userId, req.query.limit ?? 200);
      const titles = await repo.caseTitles(app.db, rows.map((r) => r.case_id));
      // The person sees the department and role that read, not the staff member's name.
      return { accesses: rows.map((r) => ({ ...presentAccess(r), caseTitle: titles.get(r.case_id) ?? null })) };
    },
  );

  app.get(
    '/api/admin/data-access/export',
    { schema: { tags: ['data-sharing'], summary: '数据使用记录导出 Export the data access log for an audit (CSV or Excel)', querystring: ExportQuery }, config: { permission: 'staff' } },
    async (req, reply) => {
      authorize(req.actor, 'audit.export');
      const actor = req.actor as Actor;
      const from = req.query.from ? new Date(req.query.from) : undefined;
      const to = req.query.to ? new Date(req.query.to) : undefined;
      if (from && to && from >= to) throw new DomainError('VALIDATION_FAILED', { zh: '开始时间须早于结束时间', en: 'The start must be before the end' });
      const rows = (await repo.listForExport(app.db, { from, to }, EXPORT_MAX)).map((r) => ({ ...presentAccess(r), actorName: r.actor_name, subjectName: r.subject_name }));
      const format = req.query.format ?? 'csv';
      await recordAudit(app.db, { kind: 'data_access_exported', userId: actor.userId, ip: req.ip, at: deps.now(), objectType: 'data_access_log', detail: { from: req.query.from ?? null, to: req.query.to ?? null, format, count: rows.length } });
      const name = `data-access-log-${deps.now().toISOString().slice(0, 10)}`;
      if (format === 'xlsx') {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('数据使用记录 Data access');
        ws.columns = COLUMNS.map((c) => ({ header: `${c.zh} ${c.en}`, width: 22 }));
        for (const r of rows) ws.addRow(COLUMNS.map((c) => cellText(c.value(r))));
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
      }
      const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const lines = [COLUMNS.map((c) => `${c.zh} ${c.en}`).join(','), ...rows.map((r) => COLUMNS.map((c) => esc(cellText(c.value(r)))).join(','))];
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      // UTF-8 BOM so that Excel opens the Chinese text correctly.
      return reply.send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );
}
