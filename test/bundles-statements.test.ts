import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormSchema } from '../src/core/catalogue/types.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplication } from './support/applications.js';
import { bundleKit, memberOf, type BundleKit, type BundleView } from './support/bundles.js';
import { withChecklist } from './support/checklist.js';
import { openCountingTestDb } from './support/databases.js';
import { verifyTimeline } from '../src/server/cases/verify.js';
import { listEvents } from '../src/server/cases/repository.js';
import { openFormData } from '../src/server/crypto/personal-data.js';

/**
 * Issue 10's benchmark figure (ADR 0047, 0049): SQL statements per request of the bench's bundle lifecycle
 * (bench/phases/bundles.ts: 开办餐饮店 with a sign, 4 members), counted with a Kysely plugin that sees
 * every executed statement, as test/command-statements.test.ts counts a plain case's (3 per command).
 * A member's intake, claims, steps and decision cannot change its bundle (core `memberMoveMatters`), so
 * they cost what a plain case's commands cost; only a completion, 统一出件 and the application sync the bundle,
 * and those write their member cases and bundle rows together (ADR 0049).
 */
let ctx: TestContext;
let counter: { statements: number };
let zhangsan: Agent;
let clerk: Agent;
let kit: BundleKit;
const ANSWERS = { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] };

beforeAll(async () => {
  const counting = await openCountingTestDb();
  counter = counting.counter;
  // Counted as a request that reads its session (no session cache on PostgreSQL, ADR 0053): the figures stay one set on both databases.
  ctx = await createTestContext({ handle: counting.handle, env: { SESSION_CACHE: 'false' } });
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  kit = await bundleKit(ctx, clerk, ['samr', 'housing'], 'bs');
}, 120_000);
afterAll(async () => ctx.close());

const minimal = { prefer: 'return=minimal' };

/** One bundle lifecycle as the bench runs it, with the statements of each request by member and command. */
async function lifecycle(round: number) {
  const list = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
  const bundleId = list.bundles.find((b) => b.name === '开办餐饮店')!.bundleId;
  const guide = (await ctx.anon().get(`/api/public/bundles/${bundleId}?choose=q-sign:o-sign&choose=q-name:o-with-name`)).json() as { form: FormSchema; materials: { code: string }[] };
  const { formData } = sampleApplication({ form: guide.form, situations: [] });
  const materials: { code: string; fileId: string; fileName: string }[] = [];
  for (const m of guide.materials) materials.push({ code: m.code, ...(await kit.upload(zhangsan, `${m.code}.pdf`)) });
  const counts: Record<string, number[]> = {};
  const count = async <T>(name: string, fn: () => Promise<T>) => {
    counter.statements = 0;
    const r = await fn();
    (counts[name] ??= []).push(counter.statements);
    return r;
  };
  const applied = await count('apply', () => zhangsan.post('/api/bundle-cases', { bundleId, answers: ANSWERS, formData, materials }, { 'idempotency-key': `statements-${round}`, ...minimal }));
  expect(applied.statusCode, applied.body).toBe(201);
  expect(applied.headers['preference-applied']).toBe('return=minimal');
  const v = applied.json() as BundleView;
  const work = async (key: string, dept: string) => {
    const caseId = memberOf(v.members.some((m) => m.key === key && m.caseId) ? v : await kit.view(zhangsan, v.id), key).caseId!;
    const d = kit.dept[dept]!;
    const who = { approver_handle: d.h, approver_review: d.r, approver_signoff: d.s } as Record<string, Agent>;
    const act = async (name: string, agent: Agent, body: Record<string, unknown>) => {
      const res = await count(`${key}.${name}`, () => agent.post(`/api/cases/${caseId}/actions`, body, minimal));
      expect(res.statusCode, res.body).toBe(200);
    };
    await act('accept', clerk, await withChecklist(clerk, caseId, { type: 'accept' }));
    for (;;) {
      const r = await ctx.handle.db.selectFrom('cases').select(['snapshot', 'state']).where('id', '=', caseId).executeTakeFirstOrThrow();
      if (r.state !== 'in_review' && r.state !== 'accepted') break;
      const s = r.snapshot as { stepIndex: number; item: { steps: { role: string; decision: boolean }[] } };
      const step = s.item.steps[s.stepIndex]!;
      await act('claim', who[step.role]!, { type: 'claim' });
      await act(step.decision ? 'decide' : 'advance', who[step.role]!, step.decision ? { type: 'decide', decision: 'approved', reason: '符合条件' } : { type: 'advance', comment: '同意' });
    }
    await act('complete', d.s, { type: 'complete' });
  };
  await work('drainage', 'housing');
  await work('sign', 'housing');
  await work('licence', 'samr');
  await work('catering', 'samr');
  const delivered = await count('deliver', () => clerk.post(`/api/bundle-cases/${v.id}/deliver`, { method: 'window' }, minimal));
  expect(delivered.statusCode, delivered.body).toBe(200);
  const done = delivered.json() as BundleView;
  expect(done.state).toBe('delivered');
  expect(done.members.map((m) => m.state)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
  return { id: v.id, counts };
}

describe('issue 10: statements per member command (the bench bundle lifecycle, ADR 0047, 0049)', () => {
  it('a member’s intake, claims, steps and decision cost what a plain case’s cost; the bundle is synced only when a member’s phase changes', { timeout: 240_000 }, async () => {
    await lifecycle(0); // the item versions, bundle version and calendar caches
    const { id, counts } = await lifecycle(1);
    // Claims, steps and decisions: session, case, one write — 3, as for a plain case (was 5: the bundle and its members read after each).
    for (const key of ['drainage', 'sign', 'licence', 'catering']) {
      for (const name of ['claim', 'advance', 'decide']) for (const n of counts[`${key}.${name}`] ?? []) expect(n, `${key}.${name}`).toBe(3);
      // Intake: 3 + the material library keeping the accepted files (ADR 0027), as for any case with uploaded materials.
      expect(counts[`${key}.accept`], `${key}.accept`).toEqual([5]);
    }
    // A completion that changes nothing else: 3 + the bundle with its members, read in one statement (was 5: two reads).
    expect(counts['drainage.complete']).toEqual([4]);
    expect(counts['sign.complete']).toEqual([4]);
    // The completion whose result starts the dependent member (ADR 0049): 3 + its licence + the bundle read + the claim (with the
    // applicant's account) + the member items + the case number + one write of the member case, its first event, materials,
    // member row and bundle event — 9 (was 17: the member filed as a separate application, then linked).
    expect(counts['licence.complete']).toEqual([9]);
    // The last completion: 3 + the bundle read + the new state with its event, notification and outbox message in one statement (was 9).
    expect(counts['catering.complete']).toEqual([5]);
    // 统一出件: the session, the bundle (one read), the member cases (one read), the delivery claimed with its event, every member's
    // delivery in one write, the sync's read and the new state — 7 (was 41 with a full sync per member before ADR 0047, then 21).
    expect(counts.deliver).toEqual([7]);
    // The application: the session, one read of the bundle, retry, applicant, calendar stamp and files, the member items, the case
    // numbers, then one write of the bundle, its members, the 3 member cases with their first events and materials, the bundle's
    // events and the notification — 5 (was 41: each member filed as its own application, then linked, then the bundle read again).
    expect(counts.apply).toEqual([5]);
    // The bundle followed its members all the same: the dependent member started, one state notice each.
    const events = await ctx.handle.db.selectFrom('bundle_events').select(['action', 'member_key']).where('bundle_case_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['submit', 'member_started', 'member_started', 'member_started', 'member_started', 'state_completed', 'deliver', 'state_delivered']);
    // The member cases written together are cases like any other (ADR 0049): each names its bundle and is named by its member row,
    // is pinned to its item's published version, keeps its form sealed, has its own case number and an unbroken hash-chained timeline.
    const cases = await ctx.handle.db
      .selectFrom('bundle_members as m')
      .innerJoin('cases as c', 'c.id', 'm.case_id')
      .innerJoin('item_impls as i', 'i.id', 'c.impl_id')
      .select(['m.member_key', 'c.id', 'c.bundle_case_id', 'c.case_no', 'c.version_id', 'i.published_version_id', 'i.impl_code', 'c.form_data', 'c.state', 'c.event_seq', 'c.event_hash'])
      .where('m.bundle_case_id', '=', id)
      .orderBy('m.position')
      .execute();
    expect(cases.map((c) => c.member_key).sort()).toEqual(['catering', 'drainage', 'licence', 'sign']);
    expect(new Set(cases.map((c) => c.case_no)).size).toBe(4);
    for (const c of cases) {
      expect(c.bundle_case_id, c.member_key).toBe(id);
      expect(c.version_id, c.member_key).toBe(c.published_version_id);
      expect(c.case_no?.startsWith(c.impl_code), c.member_key).toBe(true);
      expect(Object.keys(c.form_data), c.member_key).toEqual(['$sealed']);
      expect(c.state, c.member_key).toBe('delivered');
      expect(verifyTimeline(c, await listEvents(ctx.handle.db, c.id)), c.member_key).toEqual({ ok: true });
    }
    // The dependent member got its dependency's result number in its form, and its first event says so.
    const catering = cases.find((c) => c.member_key === 'catering')!;
    const licence = cases.find((c) => c.member_key === 'licence')!;
    const first = (await listEvents(ctx.handle.db, catering.id))[0]!;
    expect(first).toMatchObject({ action: 'submit', seq: 1, data: { bundleCaseId: id, memberKey: 'catering' } });
    expect(first.comment).toContain(`${licence.case_no}-R`);
    expect(JSON.stringify(openFormData(catering.form_data))).toContain(`${licence.case_no}-R`);
  });
});
