import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/** Portal search (issue 9, "Finish the screens"): "低保" and "社保卡" found nothing; synonyms an administrator edits. */
let ctx: TestContext;
let catadmin: Agent;
let clerk: Agent;

const names = async (q: string) => ((await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(q)}`)).json() as { items: { name: string }[] }).items.map((i) => i.name);

beforeAll(async () => {
  ctx = await createTestContext();
  catadmin = await ctx.as('catadmin');
  clerk = await ctx.as('clerk');
});
afterAll(async () => ctx.close());

describe('portal search synonyms', () => {
  it('finding: "低保" finds 最低生活保障 and "社保卡" finds 社会保障卡申领', async () => {
    expect((await names('低保')).some((n) => n.startsWith('最低生活保障'))).toBe(true);
    expect((await names('社保卡')).some((n) => n.startsWith('社会保障卡申领'))).toBe(true);
  });

  it('only catalogue and system administrators read or change the list', async () => {
    expect((await clerk.get('/api/admin/catalogue/synonyms')).statusCode).toBe(403);
    expect((await clerk.put('/api/admin/catalogue/synonyms', { groups: [['a', 'b']] })).statusCode).toBe(403);
    expect((await ctx.anon().get('/api/admin/catalogue/synonyms')).statusCode).toBe(401);
  });

  it('refuses a word in two groups or a one-word group with a clear 400, changing nothing', async () => {
    const before = (await catadmin.get('/api/admin/catalogue/synonyms')).json() as { groups: string[][] };
    const twice = await catadmin.put('/api/admin/catalogue/synonyms', { groups: [['低保', '救助'], ['救助', '临时救助']] });
    expect(twice.statusCode).toBe(400);
    expect((twice.json() as { message: string }).message).toContain('“救助”同时出现在第1组和第2组');
    expect((await catadmin.put('/api/admin/catalogue/synonyms', { groups: [['低保']] })).statusCode).toBe(400);
    expect((await catadmin.put('/api/admin/catalogue/synonyms', { groups: [['', ' ']] })).statusCode).toBe(400);
    expect(((await catadmin.get('/api/admin/catalogue/synonyms')).json() as { groups: string[][] }).groups).toEqual(before.groups);
  });

  it('an administrator adds a group and the portal search uses it at once', async () => {
    expect((await names('领证')).some((n) => n.includes('结婚登记'))).toBe(false);
    const before = (await catadmin.get('/api/admin/catalogue/synonyms')).json() as { groups: string[][] };
    const res = await catadmin.put('/api/admin/catalogue/synonyms', { groups: [...before.groups, ['领证', '结婚登记']] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await names('领证')).some((n) => n.includes('结婚登记'))).toBe(true);
  });
});
