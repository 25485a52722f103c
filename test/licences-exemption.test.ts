import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { withChecklist } from './support/checklist.js';

/** Issue 11, 免证办: a later case uses the applicant's licence in place of a material; the approver sees it verified. */

let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;
let clerk: Agent;
let handler: Agent;
let signer: Agent;
let gthImplId: string;
let foodImplId: string;
let yyzz: string; // 张三's 营业执照, issued by a completed 个体工商户设立登记

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
  const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
  expect(res.statusCode, res.body).toBe(200);
};

async function applyForFood(agent: Agent, licences: { materialId: string; identifier: string }[]) {
  const app = await sampleApplicationFor(agent, foodImplId);
  // A legal person's own name and credit code come from the account.
  const { companyName: _n, creditCode: _c, ...rest } = app.formData;
  const formData = agent === baicha ? rest : app.formData;
  return agent.post('/api/cases', { implId: foodImplId, ...app, formData, materials: [], licences });
}

const caseCount = async () => Number((await ctx.handle.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, baicha, clerk, handler, signer] = await Promise.all([ctx.as('zhangsan'), ctx.as('baicha'), ctx.as('clerk'), ctx.as('samr_handler'), ctx.as('samr_signer')]);
  gthImplId = await implByName('个体工商户设立登记');
  foodImplId = await implByName('食品经营许可');
  const app = await sampleApplicationFor(zhangsan, gthImplId);
  const res = await zhangsan.post('/api/cases', { implId: gthImplId, ...app, materials: [] });
  const id = (res.json() as { id: string }).id;
  await act(clerk, id, { type: 'accept' });
  await act(handler, id, { type: 'claim' });
  await act(handler, id, { type: 'advance', comment: '材料齐全' });
  await act(signer, id, { type: 'claim' });
  await act(signer, id, { type: 'decide', decision: 'approved', reason: '准予登记' });
  await act(signer, id, { type: 'complete' });
  yyzz = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'YYZZ')?.identifier ?? '';
});
afterAll(async () => ctx.close());

describe('免证办', () => {
  it('a later application uses the 营业执照 instead of an upload; the case records identifier and version; the approver sees it verified', async () => {
    expect(yyzz).not.toBe('');
    const res = await applyForFood(zhangsan, [{ materialId: 'm-licence', identifier: yyzz }]);
    expect(res.statusCode, res.body).toBe(201);
    const caseId = (res.json() as { id: string }).id;
    const stored = await ctx.handle.db.selectFrom('case_licence_uses').selectAll().where('case_id', '=', caseId).execute();
    expect(stored).toMatchObject([{ material_id: 'm-licence', identifier: yyzz, version: 1 }]);
    await act(clerk, caseId, { type: 'accept' });
    const seen = await handler.get(`/api/cases/${caseId}/licence-uses`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ uses: [{ materialId: 'm-licence', identifier: yyzz, version: 1, verification: { status: 'valid', signatureValid: true, historyValid: true, payload: { type: { code: 'YYZZ' } } } }] });
    expect((await zhangsan.get(`/api/cases/${caseId}/licence-uses`)).statusCode).toBe(200);
    expect((await baicha.get(`/api/cases/${caseId}/licence-uses`)).statusCode).toBe(403);
    expect((await (await ctx.as('mca_handler')).get(`/api/cases/${caseId}/licence-uses`)).statusCode).toBe(403);
  });

  it('refuses someone else’s licence, a licence of the wrong type, and a material that takes no licence — nothing is created', async () => {
    const before = await caseCount();
    const theirs = ((await baicha.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences;
    const baichaYyzz = theirs.find((l) => l.typeCode === 'YYZZ')?.identifier ?? '';
    expect((await applyForFood(zhangsan, [{ materialId: 'm-licence', identifier: baichaYyzz }])).statusCode).toBe(404);
    const card = ((await zhangsan.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'SHBZK')?.identifier ?? '';
    const wrong = await applyForFood(zhangsan, [{ materialId: 'm-licence', identifier: card }]);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ details: [{ code: 'LICENCE_WRONG_TYPE' }] });
    const noLicence = await applyForFood(zhangsan, [{ materialId: 'm-application', identifier: yyzz }]);
    expect(noLicence.statusCode).toBe(422);
    expect(noLicence.json()).toMatchObject({ details: [{ code: 'LICENCE_NOT_ACCEPTED' }] });
    expect((await applyForFood(zhangsan, [{ materialId: 'm-licence', identifier: 'bad' }])).statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it('an expired licence cannot be used', async () => {
    const food = ((await baicha.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string; validUntil: string }[] }).licences.find((l) => l.typeCode === 'YYZZ');
    expect(food).toBeDefined();
    // 营业执照 is 长期; make one expire by its validity in the store, as an older licence would.
    await ctx.handle.db.updateTable('licences').set({ valid_until: '2026-03-01' }).where('identifier', '=', food?.identifier ?? '').execute();
    const before = await caseCount();
    const res = await applyForFood(baicha, [{ materialId: 'm-licence', identifier: food?.identifier ?? '' }]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('已过期'), details: [{ code: 'LICENCE_NOT_VALID' }] });
    expect(await caseCount()).toBe(before);
  });

  it('a revoked licence cannot be used', async () => {
    expect((await signer.post(`/api/licences/${yyzz}/revoke`, { reason: '注销登记' })).statusCode).toBe(200);
    const before = await caseCount();
    const res = await applyForFood(zhangsan, [{ materialId: 'm-licence', identifier: yyzz }]);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ message: expect.stringContaining('已注销'), details: [{ code: 'LICENCE_NOT_VALID' }] });
    expect(await caseCount()).toBe(before);
  });
});
