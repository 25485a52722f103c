import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { implByName, submitOnline } from './support/accountability.js';
import { withChecklist } from './support/checklist.js';
import { changedTables, fingerprint } from './support/fingerprint.js';

/**
 * ADR 0050: a JSON body is validated as sent — "8" is not an integer and "true" is not yes/no, on every
 * route, and a refused body changes nothing — while querystring and params, which arrive as text, are
 * still read as the numbers their schemas ask for.
 */
let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;
let admin: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 in Beijing
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
  admin = await ctx.as('admin');
});
afterAll(async () => ctx.close());

type Refusal = { error: string; details: { code: string; path: string }[] };

/** Sends the request and expects the schema's 400 naming `path`, with the database as it was. */
async function expectRefused(send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>, path: string): Promise<void> {
  const before = await fingerprint(ctx.handle.db);
  const res = await send();
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as Refusal;
  expect(body.error).toBe('VALIDATION_FAILED');
  expect(body.details).toEqual([expect.objectContaining({ code: 'schema.type', path })]);
  expect(changedTables(before, await fingerprint(ctx.handle.db))).toEqual([]);
}

describe('request bodies are validated as sent (no type coercion)', () => {
  it('refuses a case command whose expectedVersion is the right number sent as text, and accepts the number', async () => {
    const c = await submitOnline(applicant, await implByName(ctx, '个体工商户设立登记'));
    const { lockVersion } = (await clerk.get(`/api/cases/${c.id}`)).json() as { lockVersion: number };
    // The intake checklist is read first: reading the case is itself recorded (an access to personal data).
    const accept = await withChecklist(clerk, c.id, { type: 'accept', expectedVersion: lockVersion });
    await expectRefused(() => clerk.post(`/api/cases/${c.id}/actions`, { ...accept, expectedVersion: String(lockVersion) }), 'body/expectedVersion');
    expect(((await clerk.get(`/api/cases/${c.id}`)).json() as { state: string }).state).toBe('submitted');
    const accepted = await clerk.post(`/api/cases/${c.id}/actions`, accept);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((accepted.json() as { state: string }).state).toBe('accepted');
  });

  it('refuses a region’s deadlines (administration) sent as text, and saves them as numbers', async () => {
    const settings = { revisitDays: 2, rectifyDays: 10, complaintDays: 5 };
    await expectRefused(() => admin.put('/api/admin/accountability-settings/330523', { ...settings, rectifyDays: '10' }), 'body/rectifyDays');
    const saved = await admin.put('/api/admin/accountability-settings/330523', settings);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject(settings);
  });

  it('refuses a window (organisation) whose yes/no is sent as "true", and creates it with true', async () => {
    const window = { hallId: await orgIdByKey(ctx.handle.db, 'county-hall'), number: 'T01', name: '类型测试窗口', category: '综合', comprehensive: true };
    await expectRefused(() => admin.post('/api/windows', { ...window, comprehensive: 'true' }), 'body/comprehensive');
    const created = await admin.post('/api/windows', window);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ number: 'T01', comprehensive: true });
  });

  it('keeps a number sent where text is also allowed: an item’s numeric options are saved as numbers', async () => {
    // Under coercion the first branch of a union (text) turned the option 300 into "300" (ADR 0008, ADR 0050).
    const cat = await ctx.as('catadmin');
    const draft = (await cat.post(`/api/admin/catalogue/impls/${await implByName(ctx, '城乡居民基本养老保险参保登记')}/drafts`)).json() as { versionId: string };
    const v = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}`)).json() as { revision: number; content: { form: { properties: Record<string, { enum?: unknown[] }> } } };
    expect(v.content.form.properties.grade?.enum).toEqual([100, 300, 500, 800, 1000, 2000, 3000, 5000]);
    const saved = await cat.put(`/api/admin/catalogue/versions/${draft.versionId}`, { revision: v.revision, content: v.content });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = (await cat.get(`/api/admin/catalogue/versions/${draft.versionId}`)).json() as typeof v;
    expect(after.content).toEqual(v.content);
  });

  it('does not turn a number into text, nor null into no', async () => {
    const window = { hallId: await orgIdByKey(ctx.handle.db, 'county-hall'), name: '类型测试窗口', category: '综合', comprehensive: false };
    await expectRefused(() => admin.post('/api/windows', { ...window, number: 12 }), 'body/number');
    await expectRefused(() => admin.post('/api/windows', { ...window, number: 'T02', comprehensive: null }), 'body/comprehensive');
  });
});

describe('querystring and params are still read as numbers', () => {
  it('accepts ?limit=5 and ?n=5 as the integers 5, and refuses text that is no number', async () => {
    const uses = await applicant.get('/api/me/data-access?limit=5');
    expect(uses.statusCode, uses.body).toBe(200);
    expect((await applicant.get('/api/me/data-access?limit=five')).statusCode).toBe(400);
    const due = await ctx.anon().get('/api/calendar/add-working-days?start=2026-03-02&n=5');
    expect(due.statusCode, due.body).toBe(200);
    expect(due.json()).toMatchObject({ n: 5, date: '2026-03-09' });
    const bad = await ctx.anon().get('/api/calendar/add-working-days?start=2026-03-02&n=5.5');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as Refusal).details).toEqual([expect.objectContaining({ path: 'querystring/n' })]);
  });
});
