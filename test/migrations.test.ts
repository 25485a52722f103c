import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openEmptyTestDb } from './support/databases.js';
import type { DbHandle } from '../src/server/db/database.js';
import { migrateTo, migrateToLatest } from '../src/server/db/migrate.js';
import { firstEvent, nextEvent, listEvents, findProgressJson } from '../src/server/cases/repository.js';
import { verifyTimeline } from '../src/server/cases/verify.js';

let h: DbHandle;
beforeAll(async () => {
  h = await openEmptyTestDb();
});
afterAll(async () => h?.close());

describe('migration 202611240001 (timeline head, progress read model, audit) on existing data', () => {
  it('fills the head and the public timeline of cases made before it, so they verify and can be looked up', { timeout: 120_000 }, async () => {
    await migrateTo(h.db, '202611230004_commitments');
    // The rows a case of that time refers to, written as that schema held them (today's demo seed
    // writes columns the old schema does not have).
    const orgId = randomUUID();
    const applicantId = randomUUID();
    const baseId = randomUUID();
    const it0 = { impl_id: randomUUID(), version_id: randomUUID(), org_id: orgId, org_path: `/${orgId}/`, region_code: '330523' };
    await sql`insert into regions (code, name, level) values ('330523', '安吉县', 3)`.execute(h.db);
    await sql`insert into orgs (id, kind, name, short_name, region_code, path) values (${orgId}, 'department', '安吉县民政局', '民政局', '330523', ${it0.org_path})`.execute(h.db);
    await sql`insert into users (id, kind, username, password_hash, display_name) values (${applicantId}, 'natural_person', 'zhangsan', 'x', '张三')`.execute(h.db);
    await sql`insert into base_items (id, base_code, main_name, item_type) values (${baseId}, 'JF00100000', '临时救助', '行政给付')`.execute(h.db);
    await sql`insert into item_impls (id, base_item_id, org_id, region_code, level, impl_code) values (${it0.impl_id}, ${baseId}, ${orgId}, '330523', 'county', 'IMPL-OLD-0001')`.execute(h.db);
    await sql`insert into item_versions (id, impl_id, version_no, status, content) values (${it0.version_id}, ${it0.impl_id}, 1, 'published', '{}')`.execute(h.db);
    await sql`update item_impls set published_version_id = ${it0.version_id} where id = ${it0.impl_id}`.execute(h.db);
    const caseId = randomUUID();
    const e1 = firstEvent({ caseId, at: '2026-03-02T02:00:00.000Z', actorId: applicantId, actorRole: 'applicant', orgId: null, action: 'submit', fromState: 'draft', toState: 'submitted', comment: null, files: [], data: {} });
    const e2 = nextEvent({ event_seq: 1, event_hash: e1.hash }, { caseId, at: '2026-03-02T03:00:00.000Z', actorId: null, actorRole: 'window_clerk', orgId: null, action: 'accept', fromState: 'submitted', toState: 'accepted', comment: '材料齐全', files: [], data: {} });
    await sql`
      insert into cases (id, case_no, query_code, impl_id, version_id, org_id, org_path, region_code, applicant_id, channel, state, snapshot, title)
      values (${caseId}, 'OLD-CASE-0001', '123456', ${it0.impl_id}, ${it0.version_id}, ${it0.org_id}, ${it0.org_path}, ${it0.region_code}, ${applicantId}, 'online', 'accepted', '{}'::jsonb, '旧办件')`.execute(h.db);
    for (const e of [e1, e2]) {
      await sql`
        insert into case_events (case_id, seq, at, actor_id, actor_role, org_id, action, from_state, to_state, comment, files, data, prev_hash, hash)
        values (${caseId}, ${e.seq}, ${e.at}, ${e.actorId}, ${e.actorRole}, ${e.orgId}, ${e.action}, ${e.fromState}, ${e.toState}, ${e.comment}, '[]'::jsonb, '{}'::jsonb, ${e.prevHash}, ${e.hash})`.execute(h.db);
    }

    await migrateToLatest(h.db);

    const row = await h.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ event_seq: 2, event_hash: e2.hash, timeline_ok: null, timeline_checked_at: null });
    expect(verifyTimeline(row, await listEvents(h.db, caseId))).toEqual({ ok: true });
    const progress = JSON.parse((await findProgressJson(h.db, 'OLD-CASE-0001', '123456')) ?? 'null') as { stateZh: string; timeline: unknown[] };
    expect(progress.stateZh).toBe('已受理');
    expect(progress.timeline).toEqual([
      { seq: 1, at: '2026-03-02T02:00:00.000Z', action: 'submit', labelZh: '提交申请', labelEn: 'Application submitted', toState: 'submitted', actorName: null, actorRole: 'applicant', comment: null, files: [], data: {} },
      { seq: 2, at: '2026-03-02T03:00:00.000Z', action: 'accept', labelZh: '受理', labelEn: 'Accepted', toState: 'accepted', actorName: null, actorRole: 'window_clerk', comment: null, files: [], data: {} },
    ]);
  });
});
