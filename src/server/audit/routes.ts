import { Type, type Static } from 'typebox';
import ExcelJS from 'exceljs';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { authorize } from '../policies/index.js';
import type { Actor } from '../policies/actor.js';
import { recordAudit } from '../identity/audit.js';
import { searchAudit, usernamesOf, type AuditFilter } from './repository.js';
import { verifyAuditLog } from './verify.js';

/** 审计日志: search, export and verify the audit log — the audit administrator's screen (ADR 0010). */

const Filter = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'From (inclusive), ISO 8601' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'To (exclusive), ISO 8601' })),
  kind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}(,[a-z_]{1,40}){0,30}$', description: 'Kinds, comma-separated' })),
  user: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.@-]{1,64}$', description: 'Username or user id of the actor' })),
  objectId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'Id of the object acted on' })),
  ip: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f.:]{2,45}$' })),
};
const SearchQuery = Type.Object({ ...Filter, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
const ExportQuery = Type.Object({ ...Filter, format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }, { additionalProperties: false });
type FilterQuery = Static<typeof ExportQuery>;

const EXPORT_MAX = 50_000;
const COLUMNS = [
  { key: 'seq', zh: '序号', en: 'Seq' },
  { key: 'at', zh: '时间', en: 'Time' },
  { key: 'kind', zh: '类型', en: 'Kind' },
  { key: 'userId', zh: '操作人ID', en: 'User id' },
  { key: 'username', zh: '用户名', en: 'Username' },
  { key: 'ip', zh: 'IP地址', en: 'IP' },
  { key: 'objectType', zh: '对象类型', en: 'Object type' },
  { key: 'objectId', zh: '对象ID', en: 'Object id' },
  { key: 'detail', zh: '详情', en: 'Detail' },
  { key: 'hash', zh: 'SM3哈希', en: 'SM3 hash' },
] as const;

function toFilter(q: FilterQuery, actor: Actor): AuditFilter {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from >= to) throw new DomainError('VALIDATION_FAILED', { zh: '开始时间须早于结束时间', en: 'The start must be before the end' });
  return { from, to, kinds: q.kind?.split(','), user: q.user, objectId: q.objectId, ip: q.ip, excludeUserId: actor.userId };
}

type AuditRow = Awaited<ReturnType<typeof searchAudit>>[number];

/** Rows as the screen and the export show them: the account's username where the entry names only its id. */
async function presentAll(app: App, rows: readonly AuditRow[]) {
  const names = await usernamesOf(app.db, rows.map((r) => r.user_id));
  return rows.map((r) => present(r, names));
}

function present(r: AuditRow, names: Map<string, string>) {
  return {
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    userId: r.user_id,
    username: r.username ?? (r.user_id ? (names.get(r.user_id) ?? null) : null),
    ip: r.ip,
    objectType: r.object_type,
    objectId: r.object_id,
    detail: r.detail,
    hash: r.hash,
  };
}
type Row = ReturnType<typeof present>;

/** A spreadsheet cell never starts a formula (CSV/Excel injection). */
function cellText(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function toCsv(rows: readonly Row[]): string {
  const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [COLUMNS.map((c) => `${c.zh} ${c.en}`).join(',')];
  for (const r of rows) lines.push(COLUMNS.map((c) => esc(cellText(r[c.key]))).join(','));
  // UTF-8 BOM so that Excel opens the Chinese text correctly.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function toXlsx(rows: readonly Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('审计日志 Audit log');
  ws.columns = COLUMNS.map((c) => ({ header: `${c.zh} ${c.en}`, key: c.key, width: c.key === 'detail' || c.key === 'hash' ? 60 : 20 }));
  for (const r of rows) ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, cellText(r[c.key])])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function auditRoutes(app: App, deps: CapabilityDeps): void {
  app.get(
    '/api/admin/audit/events',
    { schema: { tags: ['audit'], summary: '审计日志查询 Search the audit log (newest first)', querystring: SearchQuery }, config: { permission: 'staff' } },
    async (req) => {
      authorize(req.actor, 'audit.read');
      const actor = req.actor as Actor;
      const filter = toFilter(req.query, actor);
      const limit = req.query.limit ?? 50;
      const rows = await searchAudit(app.db, filter, { limit, beforeSeq: req.query.beforeSeq });
      const { limit: _l, beforeSeq: _b, ...asked } = req.query;
      await recordAudit(app.db, { kind: 'audit_searched', userId: actor.userId, ip: req.ip, at: deps.now(), detail: { filter: asked, count: rows.length } });
      const last = rows[rows.length - 1];
      return { events: await presentAll(app, rows), nextBeforeSeq: rows.length === limit && last ? Number(last.seq) : null };
    },
  );

  app.get(
    '/api/admin/audit/export',
    { schema: { tags: ['audit'], summary: '审计日志导出 Export the audit log (CSV or Excel)', querystring: ExportQuery }, config: { permission: 'staff' } },
    async (req, reply) => {
      authorize(req.actor, 'audit.export');
      const actor = req.actor as Actor;
      const filter = toFilter(req.query, actor);
      const rows = await presentAll(app, await searchAudit(app.db, filter, { limit: EXPORT_MAX }));
      const format = req.query.format ?? 'csv';
      const { format: _f, ...asked } = req.query;
      await recordAudit(app.db, { kind: 'audit_exported', userId: actor.userId, ip: req.ip, at: deps.now(), detail: { filter: asked, format, count: rows.length, truncated: rows.length === EXPORT_MAX } });
      const name = `audit-log-${deps.now().toISOString().slice(0, 10)}`;
      if (format === 'xlsx') {
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}.xlsx"`);
        return reply.send(await toXlsx(rows));
      }
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return reply.send(toCsv(rows));
    },
  );

  app.get(
    '/api/admin/audit/verify',
    { schema: { tags: ['audit'], summary: '审计日志校验 Re-compute the audit log’s SM3 hash chain' }, config: { permission: 'staff' } },
    async (req) => {
      authorize(req.actor, 'audit.read');
      const result = await verifyAuditLog(app.db);
      await recordAudit(app.db, { kind: 'audit_verified', userId: (req.actor as Actor).userId, ip: req.ip, at: deps.now(), detail: { ...result } });
      return { result };
    },
  );
}
