import type { FastifyInstance, FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordAudit, type AuditKind } from '../identity/audit.js';
import { lastVersionEventId, versionsTouchedSince } from './repository.js';

/**
 * Administrative actions recorded in the audit log by route, after they succeed (2xx): configuration
 * and catalogue administration whose services do not write the entry themselves. Staff administration
 * (src/server/org/staff-service.ts) and security settings record theirs in the same transaction as the
 * change. Each entry names its object: from the route's params, the response, or — for an import — the
 * catalogue versions the import touched.
 */
type Source = { from: 'param'; name: string } | { from: 'response'; name: string } | { from: 'responseList'; name: string } | { from: 'import' } | { from: 'none' };

interface AdminAction {
  kind: AuditKind;
  objectType: string;
  object: Source;
}

export const ADMIN_ACTIONS: Record<string, AdminAction> = {
  'PUT /api/admin/calendar/years/:year': { kind: 'calendar_year_saved', objectType: 'calendar_year', object: { from: 'param', name: 'year' } },
  'POST /api/admin/catalogue/impls': { kind: 'catalogue_impl_created', objectType: 'item_impl', object: { from: 'response', name: 'implId' } },
  'POST /api/admin/catalogue/impls/:id/drafts': { kind: 'catalogue_draft_created', objectType: 'item_version', object: { from: 'response', name: 'versionId' } },
  'PUT /api/admin/catalogue/versions/:id': { kind: 'catalogue_draft_saved', objectType: 'item_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/catalogue/versions/:id/submit': { kind: 'catalogue_submitted', objectType: 'item_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/catalogue/versions/:id/publish': { kind: 'catalogue_published', objectType: 'item_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/catalogue/versions/:id/reject': { kind: 'catalogue_rejected', objectType: 'item_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/catalogue/versions/:id/retire': { kind: 'catalogue_retired', objectType: 'item_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/catalogue/import': { kind: 'catalogue_imported', objectType: 'item_version', object: { from: 'import' } },
  'POST /api/admin/catalogue/import.xlsx': { kind: 'catalogue_imported', objectType: 'item_version', object: { from: 'import' } },
  'PUT /api/admin/catalogue/synonyms': { kind: 'catalogue_synonyms_saved', objectType: 'catalogue_synonyms', object: { from: 'none' } },
  'GET /api/admin/catalogue/export.json': { kind: 'catalogue_exported', objectType: 'catalogue', object: { from: 'none' } },
  'GET /api/admin/catalogue/export.xlsx': { kind: 'catalogue_exported', objectType: 'catalogue', object: { from: 'none' } },
  // 一件事目录 (issue 10): bundle definitions share the catalogue's audit kinds, with their own object types.
  'POST /api/admin/bundles': { kind: 'catalogue_impl_created', objectType: 'bundle', object: { from: 'response', name: 'bundleId' } },
  'POST /api/admin/bundles/:id/drafts': { kind: 'catalogue_draft_created', objectType: 'bundle_version', object: { from: 'response', name: 'versionId' } },
  'PUT /api/admin/bundle-versions/:id': { kind: 'catalogue_draft_saved', objectType: 'bundle_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/bundle-versions/:id/submit': { kind: 'catalogue_submitted', objectType: 'bundle_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/bundle-versions/:id/publish': { kind: 'catalogue_published', objectType: 'bundle_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/bundle-versions/:id/reject': { kind: 'catalogue_rejected', objectType: 'bundle_version', object: { from: 'param', name: 'id' } },
  'POST /api/admin/bundle-versions/:id/retire': { kind: 'catalogue_retired', objectType: 'bundle_version', object: { from: 'param', name: 'id' } },
  'GET /api/admin/bundles/export.json': { kind: 'catalogue_exported', objectType: 'bundles', object: { from: 'none' } },
  'GET /api/admin/bundles/export.xlsx': { kind: 'catalogue_exported', objectType: 'bundles', object: { from: 'none' } },
  // The import answers with the versions it wrote (ADR 0045).
  'POST /api/admin/bundles/import': { kind: 'catalogue_imported', objectType: 'bundle_version', object: { from: 'responseList', name: 'versionIds' } },
  'PUT /api/admin/accountability-settings/:regionCode': { kind: 'accountability_settings_saved', objectType: 'region', object: { from: 'param', name: 'regionCode' } },
};

/** Administrative routes whose services write their audit entry in the same transaction as the change. */
export const SELF_RECORDED_ROUTES: readonly string[] = [
  'POST /api/staff',
  'PATCH /api/staff/:id',
  'PUT /api/staff/:id/roles',
  'PUT /api/staff/:id/window',
  'PATCH /api/orgs/:id',
  'POST /api/windows',
  'PATCH /api/windows/:id',
  'PUT /api/admin/catalogue/regions/:regionCode/publication-settings',
  'PUT /api/hall/admin/halls/:hallId/categories/:category',
  'PUT /api/hall/admin/halls/:hallId/rules',
  'POST /api/admin/signing-keys/rotate',
  'PUT /api/admin/supervision-settings/:regionCode',
  // 证照类型 (ADR 0039): proposal, application by a second administrator and rejection, each in its transaction.
  'POST /api/admin/licence-types',
  'PUT /api/admin/licence-types/:code',
  'POST /api/admin/licence-type-changes/:id/apply',
  'POST /api/admin/licence-type-changes/:id/reject',
];

declare module 'fastify' {
  interface FastifyRequest {
    /** For an audited import: the last catalogue version event id before it ran. */
    auditMark: number | undefined;
  }
}

const actionOf = (req: FastifyRequest): AdminAction | undefined => ADMIN_ACTIONS[`${req.method} ${req.routeOptions.url ?? ''}`];

function listFromResponse(payload: unknown, name: string): string[] {
  if (typeof payload !== 'string') return [];
  try {
    const v = (JSON.parse(payload) as Record<string, unknown>)[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function fromResponse(payload: unknown, name: string): string | null {
  if (typeof payload !== 'string') return null;
  try {
    const v = (JSON.parse(payload) as Record<string, unknown>)[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  } catch {
    return null;
  }
}

export const adminActionAudit = fp(async (app: FastifyInstance, opts: { db: Kysely<Database>; now: () => Date }) => {
  app.decorateRequest('auditMark', undefined);

  // The hooks are attached only to the audited routes (onRoute), so every other request runs neither.
  const markImport: preHandlerHookHandler = (req, _reply, done) => {
    if (!req.actor) return done();
    lastVersionEventId(opts.db).then((mark) => {
      req.auditMark = mark;
      done();
    }, done);
  };
  const recordAfter: onSendHookHandler = (req, reply, payload, done) => {
    const action = actionOf(req);
    if (!action || !req.actor || reply.statusCode < 200 || reply.statusCode >= 300) return done(null, payload);
    // The action has committed; a failure to record it is logged loudly rather than turned into an error reply.
    record(req, req.actor.userId, action, payload).then(
      () => done(null, payload),
      (err: unknown) => {
        req.log.error({ err }, 'audit: could not record an administrative action');
        done(null, payload);
      },
    );
  };
  const asList = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const action = methods.map((m) => ADMIN_ACTIONS[`${m} ${route.url}`]).find((a) => a !== undefined);
    if (!action) return;
    if (action.object.from === 'import') route.preHandler = [...asList(route.preHandler), markImport];
    route.onSend = [...asList(route.onSend), recordAfter];
  });

  async function record(req: FastifyRequest, userId: string, action: AdminAction, payload: unknown): Promise<void> {
    const params = (req.params ?? {}) as Record<string, unknown>;
    let objectId: string | null = null;
    const detail: Record<string, unknown> = { route: `${req.method} ${req.routeOptions.url ?? ''}` };
    const src = action.object;
    if (src.from === 'param') objectId = String(params[src.name] ?? '') || null;
    else if (src.from === 'response') {
      objectId = fromResponse(payload, src.name);
      if (typeof params.id === 'string') detail.parentId = params.id;
    } else if (src.from === 'responseList') detail.objectIds = listFromResponse(payload, src.name);
    else if (src.from === 'import') detail.objectIds = await versionsTouchedSince(opts.db, userId, req.auditMark ?? 0);
    await recordAudit(opts.db, { kind: action.kind, userId, ip: req.ip, at: opts.now(), objectType: action.objectType, objectId, detail });
  }
});
