import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Issue 11 / ADR 0039, 免证办 in the intake checklist: a material fulfilled at filing by the applicant's
 * licence or by a data read is satisfied on the case — the checklist says by what, the clerk receives
 * nothing for it, and the approver's view renders the licence (identifier, version, verification) or the
 * data answer. Also the 免证办 figure of items and bundles.
 */

let ctx: TestContext;
let zhangsan: Agent;
let baicha: Agent;
let clerk: Agent;
let handler: Agent;
let foodImpl: string;
let birthImpl: string;
let baichaId: string;
let zhangsanId: string;
let baichaYyzz: string;

type Line = { id: string; name: string; required: boolean; original: boolean; fulfilledBy: 'licence' | 'data' | null };

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

const checklistOf = async (agent: Agent, id: string) => ((await agent.get(`/api/cases/${id}`)).json() as { checklist: Line[] }).checklist;
/** What a clerk ticks: every required material that was not fulfilled at filing, original seen. */
const ticked = (lines: Line[]) => lines.filter((m) => m.required && !m.fulfilledBy).map((m) => ({ materialId: m.id, originalSeen: true }));

async function foodApplication(agent: Agent) {
  const app = await sampleApplicationFor(agent, foodImpl);
  const { companyName: _n, creditCode: _c, ...rest } = app.formData;
  return { implId: foodImpl, ...app, formData: rest, materials: [] };
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  [zhangsan, baicha, clerk, handler] = await Promise.all([ctx.as('zhangsan'), ctx.as('baicha'), ctx.as('clerk'), ctx.as('samr_handler')]);
  [foodImpl, birthImpl] = await Promise.all([implByName('食品经营许可'), implByName('出生登记')]);
  const ids = await ctx.handle.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['baicha', 'zhangsan']).execute();
  baichaId = ids.find((u) => u.username === 'baicha')?.id ?? '';
  zhangsanId = ids.find((u) => u.username === 'zhangsan')?.id ?? '';
  baichaYyzz = ((await baicha.get('/api/me/licences')).json() as { licences: { identifier: string; typeCode: string }[] }).licences.find((l) => l.typeCode === 'YYZZ')?.identifier ?? '';
});
afterAll(async () => ctx.close());

describe('免证办 in the intake checklist', () => {
  it('an online application with a licence: the checklist marks the material fulfilled by the licence, the clerk accepts without receiving it, the approver sees it verified', async () => {
    const res = await baicha.post('/api/cases', { ...(await foodApplication(baicha)), licences: [{ materialId: 'm-licence', identifier: baichaYyzz }] });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    const lines = await checklistOf(clerk, id);
    expect(lines.find((m) => m.id === 'm-licence')).toMatchObject({ required: true, fulfilledBy: 'licence' });
    expect(lines.filter((m) => m.id !== 'm-licence').every((m) => m.fulfilledBy === null)).toBe(true);
    // Nothing received for the 营业执照: accepted all the same.
    const accepted = await clerk.post(`/api/cases/${id}/actions`, { type: 'accept', received: ticked(lines) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'accepted' });
    await handler.post(`/api/cases/${id}/actions`, { type: 'claim' });
    const seen = (await handler.get(`/api/cases/${id}/licence-uses`)).json() as { uses: unknown[] };
    expect(seen.uses).toMatchObject([{ materialId: 'm-licence', identifier: baichaYyzz, version: 1, verification: { status: 'valid', signatureValid: true, historyValid: true } }]);
    expect(((await handler.get(`/api/cases/${id}`)).json() as { checklist: Line[] }).checklist.find((m) => m.id === 'm-licence')?.fulfilledBy).toBe('licence');
  });

  it('without the licence the same checklist is refused, naming the 营业执照, and nothing changes', async () => {
    const res = await baicha.post('/api/cases', await foodApplication(baicha));
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    const lines = await checklistOf(clerk, id);
    expect(lines.every((m) => m.fulfilledBy === null)).toBe(true);
    const refused = await clerk.post(`/api/cases/${id}/actions`, { type: 'accept', received: lines.filter((m) => m.required && m.id !== 'm-licence').map((m) => ({ materialId: m.id, originalSeen: true })) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ message: expect.stringContaining('营业执照') });
    expect(((await clerk.get(`/api/cases/${id}`)).json() as { state: string }).state).toBe('submitted');
  });

  it('at the window the clerk files with the licence the applicant shows and with a data read the applicant agrees to; both are satisfied on the case', async () => {
    const withLicence = await clerk.request('POST', '/api/cases', { ...(await foodApplication(clerk)), applicantId: baichaId, licences: [{ materialId: 'm-licence', identifier: baichaYyzz }] }, { 'idempotency-key': 'window-licence-0001' });
    expect(withLicence.statusCode, withLicence.body).toBe(201);
    const a = (withLicence.json() as { id: string }).id;
    const aLines = await checklistOf(clerk, a);
    expect(aLines.find((m) => m.id === 'm-licence')?.fulfilledBy).toBe('licence');
    expect((await clerk.post(`/api/cases/${a}/actions`, { type: 'accept', received: ticked(aLines) })).statusCode).toBe(200);

    const birth = await sampleApplicationFor(clerk, birthImpl);
    const withData = await clerk.request('POST', '/api/cases', { implId: birthImpl, ...birth, materials: [], applicantId: zhangsanId, dataUses: [{ materialId: 'm-hukou', purpose: 'household_check' }] }, { 'idempotency-key': 'window-data-00001' });
    expect(withData.statusCode, withData.body).toBe(201);
    const b = (withData.json() as { id: string }).id;
    const bLines = await checklistOf(clerk, b);
    expect(bLines.find((m) => m.id === 'm-hukou')?.fulfilledBy).toBe('data');
    const accepted = await clerk.post(`/api/cases/${b}/actions`, { type: 'accept', received: ticked(bLines) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // The read was made at the window for the applicant: it is in the person's own record.
    const mine = (await zhangsan.get('/api/me/data-access')).json() as { accesses: { caseId: string; materialId: string | null }[] };
    expect(mine.accesses.find((x) => x.caseId === b)).toMatchObject({ materialId: 'm-hukou' });
    // The window's case view renders the answer used (source and items).
    const uses = (await clerk.get(`/api/cases/${b}/data-uses`)).json() as { uses: { materialId: string; source: { code: string }; items: { key: string }[]; matchesLog: boolean }[] };
    expect(uses.uses).toMatchObject([{ materialId: 'm-hukou', source: { code: 'population' }, matchesLog: true }]);
  });
});

describe('免证办 figure for items and bundles', () => {
  it('an item answers how many of its materials a licence or a data read fulfils, in search results and the guide', async () => {
    const guide = (await ctx.anon().get(`/api/catalogue/items/${foodImpl}`)).json() as { exemption: { materials: number; exempt: number; upload: number }; content: { materials: { licenceType?: string; dataFulfilment?: unknown }[] } };
    const expected = guide.content.materials.filter((m) => m.licenceType || m.dataFulfilment).length;
    expect(expected).toBeGreaterThan(0);
    expect(guide.exemption).toEqual({ materials: guide.content.materials.length, exempt: expected, upload: guide.content.materials.length - expected });
    const listed = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('食品经营许可')}`)).json() as { items: { implId: string; exemption: unknown }[] };
    expect(listed.items.find((i) => i.implId === foodImpl)?.exemption).toEqual(guide.exemption);
  });

  it('a bundle answers the merged materials a licence or a data read fulfils, per situation', async () => {
    const bundles = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; materialsMerged: number; materialsExempt: number }[] };
    expect(bundles.bundles.length).toBeGreaterThan(0);
    for (const b of bundles.bundles) {
      expect(b.materialsExempt).toBeGreaterThanOrEqual(0);
      expect(b.materialsExempt).toBeLessThanOrEqual(b.materialsMerged);
      const guide = (await ctx.anon().get(`/api/public/bundles/${b.bundleId}`)).json() as { situation: { materialsExempt: number }; materials: { exempt: boolean }[] };
      expect(guide.situation.materialsExempt).toBe(guide.materials.filter((m) => m.exempt).length);
    }
    expect(bundles.bundles.some((b) => b.materialsExempt > 0)).toBe(true);
  });
});
