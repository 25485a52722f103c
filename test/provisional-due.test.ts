import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../src/core/calendar/index.js';
import { decide, promisedDueDate } from '../src/core/cases/machine.js';
import { buildCase, FULL_CHECKLIST } from '../src/core/cases/test-support.js';
import type { CaseSnapshot } from '../src/core/cases/types.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Issue 9 (Finish the screens, calendar): a due date computed over a year whose holiday arrangement is
 * not loaded (2027 today) is provisional (暂定) on the case, in inboxes and on the admin's reminder; entering
 * the year recomputes the running cases through the case command path (one hash-chained timeline event).
 */
const Y2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
    ...['06', '07', '08', '09', '10', '11', '12'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
};

describe('provisional due dates in the core', () => {
  const builtIn = new WorkingCalendar();
  const with2027 = new WorkingCalendar({ years: [{ year: 2027, ...Y2027 }] });
  const clerk = { today: '2026-12-15', actor: { id: 'u-clerk', role: 'window_clerk' as const }, calendar: builtIn };

  it('finding: a due date whose working-day walk crosses an unloaded year is provisional', () => {
    const r = decide(buildCase({ state: 'submitted', submittedOn: '2026-12-15' }, { promisedLimitDays: 20 }), { type: 'accept', received: FULL_CHECKLIST }, clerk);
    expect(r.ok && r.next.dueDate).toBe('2027-01-13');
    expect(r.ok && r.next.dueDateProvisional).toBe(true);
    const early = decide(buildCase({ state: 'submitted', submittedOn: '2026-03-02' }, { promisedLimitDays: 20 }), { type: 'accept', received: FULL_CHECKLIST }, { ...clerk, today: '2026-03-02' });
    expect(early.ok && early.next.dueDateProvisional).toBe(false);
  });

  it('the promised due date is one walk from acceptance over the limit, paused and extended days', () => {
    const s: CaseSnapshot = buildCase({ state: 'in_review', acceptedOn: '2027-02-01', dueDate: '2027-02-08', pausedDays: 0, extensionDays: 0 }, { promisedLimitDays: 5 });
    expect(promisedDueDate(s, builtIn)).toEqual({ dueDate: '2027-02-08', dueDateProvisional: true });
    expect(promisedDueDate(s, with2027)).toEqual({ dueDate: '2027-02-13', dueDateProvisional: false });
    expect(promisedDueDate({ ...s, pausedDays: 2, extensionDays: 3 }, with2027).dueDate).toBe(with2027.addWorkingDays('2027-02-01', 10).date);
  });

  it('recompute_due_date is a system command that applies the loaded year and is refused when nothing changes', () => {
    const s: CaseSnapshot = { ...buildCase({ state: 'in_review', acceptedOn: '2027-02-01', dueDate: '2027-02-08' }, { promisedLimitDays: 5 }), dueDateProvisional: true };
    const system = { today: '2026-12-20', actor: { id: 'system', role: 'system' as const }, calendar: with2027 };
    const r = decide(s, { type: 'recompute_due_date' }, system);
    expect(r.ok && r.next).toMatchObject({ dueDate: '2027-02-13', dueDateProvisional: false, state: 'in_review' });
    expect(decide(s, { type: 'recompute_due_date' }, { ...system, calendar: builtIn })).toMatchObject({ ok: false, error: { rule: 'DUE_DATE_UNCHANGED' } });
    expect(decide(s, { type: 'recompute_due_date' }, { ...system, actor: { id: 'u', role: 'approver_handle' } })).toMatchObject({ ok: false, error: { code: 'CASE_FORBIDDEN_ROLE' } });
    expect(decide({ ...s, state: 'delivered' }, { type: 'recompute_due_date' }, system).ok).toBe(false);
  });
});

let ctx: TestContext;
let applicant: Agent;
let clerk: Agent;

async function implByName(name: string): Promise<string> {
  const res = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.startsWith(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

type CaseView = { id: string; state: string; dueDate: string | null; dueDateProvisional: boolean; timeline: { action: string; data: Record<string, unknown> }[] };

async function acceptedCase(implName: string): Promise<CaseView> {
  const implId = await implByName(implName);
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
  expect([200, 201], res.body).toContain(res.statusCode);
  const id = (res.json() as { id: string }).id;
  const accepted = await clerk.post(`/api/cases/${id}/actions`, await withChecklist(clerk, id, { type: 'accept' }));
  expect(accepted.statusCode, accepted.body).toBe(200);
  return accepted.json() as CaseView;
}

/** Sessions expire when the test clock jumps ahead: log in again on the new day. */
async function relogin(): Promise<void> {
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
}

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('provisional due dates through the API', () => {
  it('finding: a case accepted in December with a 20-working-day limit gets a provisional 2027 due date, and entering 2027 recomputes it on the timeline', async () => {
    ctx.clock.set('2026-12-15T02:00:00Z');
    await relogin();
    const teacher = await acceptedCase('教师资格认定');
    expect(teacher).toMatchObject({ dueDate: '2027-01-13', dueDateProvisional: true });
    ctx.clock.set('2027-02-01T02:00:00Z');
    await relogin();
    const food = await acceptedCase('食品经营许可');
    expect(food).toMatchObject({ dueDate: '2027-02-08', dueDateProvisional: true });
    // The department's inbox row says so too.
    const handler = await ctx.as('samr_handler');
    const inbox = (await handler.get('/api/workbench/inbox')).json() as { cases: { id: string; dueDateProvisional: boolean }[] };
    expect(inbox.cases.find((c) => c.id === food.id)?.dueDateProvisional).toBe(true);

    // Administrators are reminded to enter the year.
    const admin = await ctx.as('admin');
    const reminder = (await admin.get('/api/admin/calendar/reminder')).json() as { provisionalCases: number; missingYears: number[] };
    expect(reminder.provisionalCases).toBeGreaterThanOrEqual(2);
    expect(reminder.missingYears).toContain(2027);

    const put = await admin.put('/api/admin/calendar/years/2027', Y2027);
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as { recomputed: number }).recomputed).toBeGreaterThanOrEqual(2);

    const t = (await clerk.get(`/api/cases/${teacher.id}`)).json() as CaseView;
    expect(t).toMatchObject({ dueDate: '2027-01-13', dueDateProvisional: false });
    expect(t.timeline.filter((e) => e.action === 'recompute_due_date')).toHaveLength(1);
    expect(t.timeline.at(-1)?.data).toMatchObject({ from: '2027-01-13', to: '2027-01-13', year: 2027 });
    const f = (await handler.get(`/api/cases/${food.id}`)).json() as CaseView;
    expect(f).toMatchObject({ dueDate: '2027-02-13', dueDateProvisional: false });
    expect(f.timeline.filter((e) => e.action === 'recompute_due_date')).toHaveLength(1);
    for (const id of [teacher.id, food.id]) {
      const v = (await clerk.get(`/api/cases/${id}/timeline/verify`)).json() as { result: { ok: boolean } };
      expect(v.result.ok).toBe(true);
    }
    // The public read model follows the new due date.
    const row = await ctx.handle.db.selectFrom('cases').select(['due_date']).where('id', '=', food.id).executeTakeFirstOrThrow();
    expect(String(row.due_date).slice(0, 10)).toBe('2027-02-13');

    // Entering the same year again changes nothing and writes nothing.
    const again = await admin.put('/api/admin/calendar/years/2027', Y2027);
    expect((again.json() as { recomputed: number }).recomputed).toBe(0);
    const t2 = (await clerk.get(`/api/cases/${teacher.id}`)).json() as CaseView;
    expect(t2.timeline.filter((e) => e.action === 'recompute_due_date')).toHaveLength(1);
    const after = (await admin.get('/api/admin/calendar/reminder')).json() as { provisionalCases: number; missingYears: number[] };
    expect(after.missingYears).not.toContain(2027);
  });

  it('reminds from 1 December when the next year is not loaded', async () => {
    ctx.clock.set('2027-11-30T02:00:00Z');
    await relogin();
    const admin = await ctx.as('admin');
    const nov = await admin.get('/api/admin/calendar/reminder');
    expect(nov.statusCode, nov.body).toBe(200);
    expect((nov.json() as { missingYears: number[] }).missingYears).not.toContain(2028);
    ctx.clock.set('2027-12-01T02:00:00Z');
    clerk = await ctx.as('clerk');
    const admin2 = await ctx.as('admin');
    expect(((await admin2.get('/api/admin/calendar/reminder')).json() as { missingYears: number[] }).missingYears).toContain(2028);
    expect((await clerk.get('/api/admin/calendar/reminder')).statusCode).toBe(403);
  });
});
