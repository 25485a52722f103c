import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';

/** 预约办理 from a guide page (issue 13): a booking names the item or the 一件事 bundle it is for. */
let ctx: TestContext;
let zhangsan: Agent;
let hallId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Beijing
  hallId = await orgIdByKey(ctx.handle.db, 'county-hall');
  zhangsan = await ctx.as('zhangsan');
});
afterAll(async () => ctx.close());

describe('booking for an item or a bundle', () => {
  it('books for a published item and for a published bundle, lists them with what they are for, and refuses both at once or an unknown one', async () => {
    const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户')}`)).json() as { items: { implId: string }[] };
    const implId = items.items[0]?.implId as string;
    const bundles = (await ctx.anon().get('/api/public/bundles')).json() as { bundles: { bundleId: string; name: string }[] };
    const bundleId = bundles.bundles[0]?.bundleId as string;
    expect(implId && bundleId).toBeTruthy();

    const forItem = await zhangsan.post('/api/hall/bookings', { hallId, category: '市场准入', date: '2026-12-03', start: '09:00', implId });
    expect(forItem.statusCode, forItem.body).toBe(201);
    expect(forItem.json()).toMatchObject({ implId, bundleId: null, checkInCode: expect.stringMatching(/^\d{6}$/) as unknown });
    const forBundle = await zhangsan.post('/api/hall/bookings', { hallId, category: '社会事务', date: '2026-12-03', start: '09:30', bundleId });
    expect(forBundle.statusCode, forBundle.body).toBe(201);
    expect(forBundle.json()).toMatchObject({ bundleId, implId: null });

    const mine = (await zhangsan.get('/api/hall/bookings')).json() as { bookings: { implId: string | null; bundleId: string | null }[] };
    expect(mine.bookings.map((b) => [b.implId, b.bundleId])).toEqual(expect.arrayContaining([[implId, null], [null, bundleId]]));

    const both = await zhangsan.post('/api/hall/bookings', { hallId, category: '投资建设', date: '2026-12-03', start: '10:00', implId, bundleId });
    expect(both.statusCode).toBe(400);
    const unknown = await zhangsan.post('/api/hall/bookings', { hallId, category: '投资建设', date: '2026-12-03', start: '10:00', bundleId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ message: '未找到该“一件事”', messageEn: 'No such bundle' });
  });
});
