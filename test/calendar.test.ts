import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const Y2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-07', name: '春节' },
    { date: '2027-02-08', name: '春节' },
    { date: '2027-02-09', name: '春节' },
    { date: '2027-02-10', name: '春节' },
    { date: '2027-02-11', name: '春节' },
    { date: '2027-02-12', name: '春节' },
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
};

describe('working-day calendar API', () => {
  it('lists the built-in years 2024–2026', async () => {
    const res = (await ctx.anon().get('/api/calendar/years')).json() as { years: { year: number; builtIn: boolean }[] };
    expect(res.years.filter((y) => y.builtIn).map((y) => y.year)).toEqual([2024, 2025, 2026]);
  });

  it('counts across the 2025 National Day holiday', async () => {
    const res = (await ctx.anon().get('/api/calendar/add-working-days?start=2025-09-30&n=1')).json() as { date: string; warning: unknown };
    expect(res).toMatchObject({ date: '2025-10-09', warning: null });
  });

  it('flags a year with no official arrangement and keeps fixed-date holidays', async () => {
    const res = (await ctx.anon().get('/api/calendar/add-working-days?start=2027-09-30&n=1')).json() as { date: string; unloadedYears: number[]; warning: { zh: string } | null };
    expect(res.date).toBe('2027-10-04');
    expect(res.unloadedYears).toEqual([2027]);
    expect(res.warning?.zh).toContain('2027');
  });

  it('lets only a system administrator enter a later year, validates it, and uses it at once', async () => {
    const clerk = await ctx.as('clerk');
    expect((await clerk.put('/api/admin/calendar/years/2027', Y2027)).statusCode).toBe(403);
    const admin = await ctx.as('admin');
    const bad = await admin.put('/api/admin/calendar/years/2027', { ...Y2027, workdays: [{ date: '2027-02-10', name: '春节' }] });
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as { details: unknown[] }).details.length).toBeGreaterThan(0);
    expect((await admin.put('/api/admin/calendar/years/2025', Y2027)).statusCode).toBe(422);
    expect((await admin.put('/api/admin/calendar/years/2027', Y2027)).statusCode).toBe(200);
    const days = (await ctx.anon().get('/api/calendar/days?from=2027-02-05&to=2027-02-13')).json() as { days: { date: string; kind: string; yearLoaded: boolean }[] };
    expect(days.days.map((d) => d.kind)).toEqual(['workday', 'holiday', 'holiday', 'holiday', 'holiday', 'holiday', 'holiday', 'holiday', 'makeup_workday']);
    expect(days.days.every((d) => d.yearLoaded)).toBe(true);
    const add = (await ctx.anon().get('/api/calendar/add-working-days?start=2027-02-05&n=1')).json() as { date: string };
    expect(add.date).toBe('2027-02-13');
  });

  it('rejects a malformed date with a bilingual error', async () => {
    const res = await ctx.anon().get('/api/calendar/days?from=2027-02-30&to=2027-03-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'VALIDATION_FAILED' });
  });
});
