import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeText, proofreadingErrors, type NoticeEvent, type NoticeFacts, type NoticeText } from '../src/server/notices/wording.js';
import { caseNoticeSpec, type NoticeKind } from '../src/server/cases/notices.js';
import type { CaseRow } from '../src/server/db/schema.js';
import { sampleApplicationFor } from './support/applications.js';
import { withChecklist } from './support/checklist.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';

/**
 * Issue 9 (calendar; ADR 0016 left it open): a notice that prints a date computed over a year whose holiday
 * arrangement is not loaded (受理通知书's promised completion date, 特别程序告知书's new date, the 准予决定's
 * certificate date) says the date is provisional (暂定). And the regression test of item 3 through the whole
 * server path: a 行政给付 (临时救助) case's refusal and denial never read as a 行政许可.
 */

const facts: NoticeFacts = {
  itemType: 'administrative_licensing',
  itemTitle: '教师资格认定',
  basis: [{ law: '《教师资格条例》', article: '第十三条' }],
  submittedOn: '2026年12月15日',
  acceptedOn: '2026年12月15日',
  dueDate: '2027年1月13日',
  certificateDue: '2027年1月6日',
  promisedLimitDays: 20,
  resultName: '教师资格证书',
  place: '安吉县政务服务中心',
  complaintPhone: '12345',
};
const text = (t: NoticeText) => [t.title, ...t.paragraphs, ...(t.list?.items ?? []), ...(t.closing ?? [])].join('\n');
const ACCEPTANCE: NoticeEvent = { kind: 'acceptance', received: ['申请书'], owed: [], promised: [] };
const PROVISIONAL = /暂定[\s\S]*2027年[\s\S]*节假日安排尚未公布[\s\S]*以节假日安排公布后重新计算的日期为准/;

describe('provisional dates in the notices’ wording', () => {
  it('the 受理通知书 marks a provisional promised date, naming the year, and not a final one', () => {
    const provisional = noticeText({ ...facts, dueDateUnloadedYears: [2027] }, ACCEPTANCE);
    expect(text(provisional)).toMatch(PROVISIONAL);
    expect(text(noticeText(facts, ACCEPTANCE))).not.toContain('暂定');
    const deemed = noticeText({ ...facts, dueDateUnloadedYears: [2027] }, { ...ACCEPTANCE, deemed: true } as NoticeEvent);
    expect(text(deemed)).toMatch(PROVISIONAL);
    for (const t of [provisional, deemed]) for (const p of t.paragraphs) expect(proofreadingErrors(p)).toEqual([]);
  });

  it('the 特别程序告知书 marks the new date and the decision marks the certificate date when they are provisional', () => {
    const resumed = noticeText({ ...facts, dueDateUnloadedYears: [2027] }, { kind: 'special_procedure', procedure: '专家评审', reason: '需专家评审', resumed: { pausedDays: 3, dueDate: '2027年1月18日' } });
    expect(text(resumed)).toMatch(PROVISIONAL);
    const approval = noticeText({ ...facts, certificateDueUnloadedYears: [2027] }, { kind: 'approval', reason: '符合条件' });
    expect(text(approval)).toMatch(PROVISIONAL);
    expect(text(noticeText(facts, { kind: 'approval', reason: '符合条件' }))).not.toContain('暂定');
    // A denial prints no computed date: nothing to mark.
    expect(text(noticeText({ ...facts, dueDateUnloadedYears: [2027], certificateDueUnloadedYears: [2027] }, { kind: 'denial', reason: '不符合条件' }))).not.toContain('暂定');
    for (const t of [resumed, approval]) for (const p of t.paragraphs) expect(proofreadingErrors(p)).toEqual([]);
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

async function submitted(name: string): Promise<string> {
  const implId = await implByName(name);
  const res = await applicant.post('/api/cases', { implId, ...(await sampleApplicationFor(applicant, implId)), materials: [] });
  expect([200, 201], res.body).toContain(res.statusCode);
  return (res.json() as { id: string }).id;
}

async function act(agent: Agent, id: string, body: Record<string, unknown>): Promise<void> {
  const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
  expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
}

/** Takes an accepted case through its back-office steps (each person claims their step, then passes it on or decides). */
async function decideCase(id: string, people: Agent[], decision: 'approved' | 'denied'): Promise<void> {
  for (const who of people) {
    await act(who, id, { type: 'claim' });
    const view = (await who.get(`/api/cases/${id}`)).json() as { abilities: { type: string }[] };
    if (view.abilities.some((a) => a.type === 'decide')) return act(who, id, { type: 'decide', decision, reason: decision === 'approved' ? '申请材料齐全，符合法定条件' : '经审查，申请人家庭收入高于救助标准。' });
    await act(who, id, { type: 'advance', comment: '同意' });
  }
  throw new Error('no decision step reached');
}

async function notice(id: string, kind: NoticeKind): Promise<{ title: string; text: string }> {
  const row = (await ctx.handle.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as CaseRow;
  const spec = await caseNoticeSpec(ctx.handle.db, row, kind, 'http://localhost');
  for (const p of [spec.title, ...spec.paragraphs, ...(spec.closing ?? [])]) expect(proofreadingErrors(p)).toEqual([]);
  return { title: spec.title, text: [spec.title, ...spec.paragraphs, ...(spec.list?.items ?? []), ...(spec.closing ?? [])].join('\n') };
}

const Y2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...['06', '07', '08', '09', '10', '11', '12'].map((d) => ({ date: `2027-02-${d}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
};

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-21T02:00:00Z');
  applicant = await ctx.as('zhangsan');
  clerk = await ctx.as('clerk');
});
afterAll(async () => ctx.close());

describe('provisional dates on the notices of real cases', () => {
  it('the 受理通知书 and the 准予决定书 of cases whose dates fall in 2027 say 暂定 until the year is entered', async () => {
    const teacher = await submitted('教师资格认定');
    await act(clerk, teacher, { type: 'accept' });
    expect((await notice(teacher, 'acceptance')).text).toMatch(PROVISIONAL);

    // 食品经营许可 decided on 2026-12-21: the certificate is due 10 working days later, in 2027.
    const food = await submitted('食品经营许可');
    await act(clerk, food, { type: 'accept' });
    await decideCase(food, [await ctx.as('samr_handler'), await ctx.as('samr_reviewer'), await ctx.as('samr_signer')], 'approved');
    const approval = await notice(food, 'approval');
    expect(approval.title).toBe('准予行政许可决定书');
    expect(approval.text).toMatch(PROVISIONAL);

    const admin = await ctx.as('admin');
    expect((await admin.put('/api/admin/calendar/years/2027', Y2027)).statusCode).toBe(200);
    expect((await notice(teacher, 'acceptance')).text).not.toContain('暂定');
    expect((await notice(food, 'approval')).text).not.toContain('暂定');
  });
});

describe('item 3 regression: a 行政给付 case’s notices are not 行政许可 notices', () => {
  it('临时救助: the 不予受理通知书 and the 不予给付决定书 cite 《社会救助暂行办法》, never 行政许可法 第三十八条 or 不予行政许可', async () => {
    const handler = await ctx.as('mca_handler');
    const refusedId = await submitted('临时救助');
    await act(handler, refusedId, { type: 'refuse', reason: '申请人不属于本县户籍，不属于本机关管辖。', remedies: '如不服本决定，可自收到之日起六十日内申请行政复议，或者六个月内提起行政诉讼' });
    const refusal = await notice(refusedId, 'refusal');
    expect(refusal.title).toBe('不予受理通知书');
    expect(refusal.text).toContain('《社会救助暂行办法》第四十七条');

    const deniedId = await submitted('临时救助');
    await act(clerk, deniedId, { type: 'accept' });
    await decideCase(deniedId, [handler, await ctx.as('mca_reviewer'), await ctx.as('mca_signer')], 'denied');
    const denial = await notice(deniedId, 'denial');
    expect(denial.title).toBe('不予给付决定书');
    expect(denial.text).toContain('根据《社会救助暂行办法》第四十七条的规定，决定不予给付。');
    for (const n of [refusal, denial]) {
      expect(n.text).not.toContain('第三十八条');
      expect(n.text).not.toContain('不予行政许可');
      expect(n.text).not.toContain('行政许可法');
    }
  });
});
