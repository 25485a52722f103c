import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { sampleApplicationFor } from './support/applications.js';
import { QUERY_CODE_ALPHABET } from '../src/core/cases/case-number.js';
import { openCountingTestDb } from './support/databases.js';

/** Issue 8 finding 11 (look-up part): the public progress look-up cannot be guessed through. */

let ctx: TestContext;
let zhangsan: Agent;
let gthImplId: string;
let aidImplId: string;
let address = 0;

type Made = { id: string; caseNo: string; queryCode: string; title: string };
const lookup = (caseNo: string, code: string, remoteAddress = '198.51.100.7') =>
  ctx.app.inject({ method: 'GET', url: `/api/public/progress?caseNo=${encodeURIComponent(caseNo)}&code=${encodeURIComponent(code)}`, remoteAddress });
/** A fresh client address per call, for tests about the per-case-number rules. */
const nextAddress = () => `203.0.113.${(address++ % 250) + 1}`;

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}
async function submit(implId: string): Promise<Made> {
  zhangsan = await ctx.as('zhangsan'); // the tests move the clock past the session's idle timeout
  const res = await zhangsan.post('/api/cases', { implId, ...(await sampleApplicationFor(zhangsan, implId)), materials: [] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Made;
}
const wrongCodeFor = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  zhangsan = await ctx.as('zhangsan');
  gthImplId = await implByName('个体工商户设立登记');
  aidImplId = await implByName('最低生活保障审批');
});
afterAll(async () => ctx.close());

describe('finding 11: public progress look-up protection', () => {
  it('finding 11: 3,000 query-code guesses for one case number are refused early', async () => {
    const c = await submit(gthImplId);
    const statuses: number[] = [];
    // The first guesses one by one, the rest as an attacker would send them: 100 at a time.
    for (let i = 0; i < 30; i++) statuses.push((await lookup(c.caseNo, String(i).padStart(6, '0'))).statusCode);
    for (let i = 30; i < 3000; i += 100) {
      const batch = Array.from({ length: Math.min(100, 3000 - i) }, (_, j) => lookup(c.caseNo, String(i + j).padStart(6, '0')));
      statuses.push(...(await Promise.all(batch)).map((r) => r.statusCode));
    }
    expect(statuses).toHaveLength(3000);
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(firstRefusal).toBeLessThanOrEqual(20);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(20);
    ctx.clock.advanceMinutes(60);
  }, 120_000);

  it('finding 11: guesses over sequential case numbers from one client are refused early', async () => {
    const c = await submit(gthImplId);
    const prefix = c.caseNo.slice(0, -6);
    const seq = Number(c.caseNo.slice(-6));
    const statuses: number[] = [];
    for (let i = 1; i <= 300; i++) statuses.push((await lookup(`${prefix}${String(seq + i).padStart(6, '0')}`, '123456', '192.0.2.99')).statusCode);
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(firstRefusal).toBeLessThanOrEqual(60);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    ctx.clock.advanceMinutes(60);
  });

  it('finding 11: after 10 wrong codes a case number is locked, even for the right code, and opens again later', async () => {
    const c = await submit(gthImplId);
    expect((await lookup(c.caseNo, c.queryCode, nextAddress())).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await lookup(c.caseNo, wrongCodeFor(c.queryCode), nextAddress())).statusCode).toBe(404);
    const locked = await lookup(c.caseNo, c.queryCode, nextAddress());
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('PROGRESS_LOCKED');
    // An unknown case number locks the same way (no oracle for which numbers exist).
    const ghost = `${c.caseNo.slice(0, -6)}999999`;
    for (let i = 0; i < 10; i++) await lookup(ghost, 'ABCDEFGH', nextAddress());
    expect((await lookup(ghost, 'ABCDEFGH', nextAddress())).body).toContain('PROGRESS_LOCKED');
    ctx.clock.advanceMinutes(31);
    expect((await lookup(c.caseNo, c.queryCode, nextAddress())).statusCode).toBe(200);
  });

  it('finding 11: new query codes are 8 characters from an unambiguous alphabet; old 6-digit codes keep working', async () => {
    const c = await submit(gthImplId);
    expect(c.queryCode).toMatch(new RegExp(`^[${QUERY_CODE_ALPHABET}]{8}$`));
    expect(QUERY_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect((await lookup(c.caseNo, c.queryCode.toLowerCase(), nextAddress())).statusCode).toBe(200);
    await ctx.handle.db.updateTable('cases').set({ query_code: '024680' }).where('id', '=', c.id).execute();
    expect((await lookup(c.caseNo, '024680', nextAddress())).statusCode).toBe(200);
  });

  it('finding 11: a sensitive item (最低生活保障) shows a neutral title to the public, its own title to the applicant', async () => {
    const c = await submit(aidImplId);
    const res = await lookup(c.caseNo, c.queryCode, nextAddress());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { title: string };
    expect(body.title).not.toContain('最低生活保障');
    expect(body.title).toBe('政务服务事项');
    expect(((await zhangsan.get(`/api/cases/${c.id}`)).json() as { title: string }).title).toContain('最低生活保障');
    const plain = await submit(gthImplId);
    expect(((await lookup(plain.caseNo, plain.queryCode, nextAddress())).json() as { title: string }).title).toContain('个体工商户');
  });

  it('finding 11: the neutral title holds for every writer — the submission sets it, a draft gets it from the trigger', async () => {
    const c = await submit(aidImplId);
    const row = await ctx.handle.db.selectFrom('cases').select(['public_title', 'title']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.public_title).toBe('政务服务事项');
    // A draft is inserted without a public title: the insert trigger names it from the item version.
    const draft = await zhangsan.post('/api/cases/drafts', { implId: aidImplId, ...(await sampleApplicationFor(zhangsan, aidImplId)), materials: [] });
    expect(draft.statusCode, draft.body).toBe(201);
    const draftId = (draft.json() as { id: string }).id;
    expect((await ctx.handle.db.selectFrom('cases').select('public_title').where('id', '=', draftId).executeTakeFirstOrThrow()).public_title).toBe('政务服务事项');
    const plain = await submit(gthImplId);
    const plainRow = await ctx.handle.db.selectFrom('cases').select(['public_title', 'title']).where('id', '=', plain.id).executeTakeFirstOrThrow();
    expect(plainRow.public_title).toBe(plainRow.title);
  });
});

describe('finding 11 with the look-up limits off (PROGRESS_LOOKUPS_PER_ADDRESS/PER_CASE=0, as the bench runs)', () => {
  it('the wrong-code lock still holds, and a look-up is one statement (the guard folded into the read)', async () => {
    // Counts every statement the app runs.
    const { handle, counter } = await openCountingTestDb();
    const off = await createTestContext({ handle, env: { PROGRESS_LOOKUPS_PER_ADDRESS: '0', PROGRESS_LOOKUPS_PER_CASE: '0' } });
    try {
      off.clock.set('2026-03-02T02:00:00Z');
      const applicant = await off.as('zhangsan');
      const implId = ((await off.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string }[] }).items[0]?.implId ?? '';
      const made = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
      expect(made.statusCode, made.body).toBe(201);
      const c = made.json() as Made;
      const look = (code: string) => off.app.inject({ method: 'GET', url: `/api/public/progress?caseNo=${c.caseNo}&code=${code}`, remoteAddress: '198.51.100.8' });

      counter.statements = 0;
      const ok = await look(c.queryCode);
      expect(ok.statusCode, ok.body).toBe(200);
      expect((ok.json() as { caseNo: string }).caseNo).toBe(c.caseNo);
      expect(counter.statements).toBe(1);
      // No counting with the limits off: a hundred look-ups from one address are all answered.
      for (let i = 0; i < 100; i++) expect((await look(c.queryCode)).statusCode).toBe(200);
      expect(await off.handle.db.selectFrom('throttle_counters').select('key').where('key', 'like', 'progress-ip:%').execute()).toEqual([]);

      for (let i = 0; i < 10; i++) expect((await look(wrongCodeFor(c.queryCode))).statusCode).toBe(404);
      const locked = await look(c.queryCode);
      expect(locked.statusCode).toBe(429);
      expect(locked.body).toContain('PROGRESS_LOCKED');
      expect(locked.body).not.toContain(c.caseNo); // the answer read alongside is not sent
      off.clock.advanceMinutes(31);
      expect((await look(c.queryCode)).statusCode).toBe(200);
    } finally {
      await off.close();
    }
  });
});
