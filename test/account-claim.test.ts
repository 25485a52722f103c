import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationFor } from './support/applications.js';
import { completeCreditCode } from '../src/core/codes/credit-code.js';
import { completeIdNumber } from '../src/core/codes/id-number.js';
import { createTestContext, lastSmsCode, registerWithCode, type Agent, type TestContext } from './support/test-app.js';

/**
 * 认领账号 (issue 9, Identity): a person registered at the window — an account made by the clerk's
 * applicant look-up, with no password they know — claims it online with an SMS code sent to the phone
 * on record, chooses a username and a password, and sees the cases the hall handled for them.
 */
let ctx: TestContext;
let clerk: Agent;
let cardImplId: string;

const WALK_IN = { idNumber: '11010519491231002X', name: '王五', phone: '13800001234' };
const UNKNOWN_ID = completeIdNumber('11010519900101001');
const ZHAO_ID = completeIdNumber('11010519851212001');
const PASSWORD = 'Harbour-lantern-2026';

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  clerk = await ctx.as('clerk');
  const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('社会保障卡申领')}`)).json() as { items: { implId: string; name: string }[] };
  const hit = items.items.find((i) => i.name.startsWith('社会保障卡申领'));
  if (!hit) throw new Error('no item 社会保障卡申领');
  cardImplId = hit.implId;
});
afterAll(async () => ctx.close());

async function startClaim(body: Record<string, string>) {
  return ctx.anon().post('/api/auth/claim', body);
}

describe('认领账号 (claiming an account registered at the window)', () => {
  it('identity claim: a window-registered applicant with a case claims the account, logs in and sees the case in 我的办件', async () => {
    const person = (await clerk.post('/api/workbench/applicants/lookup', WALK_IN)).json() as { id: string; registered: boolean };
    expect(person.registered).toBe(true);
    const created = await clerk.request('POST', '/api/cases', { implId: cardImplId, ...(await sampleApplicationFor(clerk, cardImplId)), materials: [], applicantId: person.id }, { 'idempotency-key': 'claim-walk-in-001' });
    expect(created.statusCode, created.body).toBe(201);
    const caseNo = (created.json() as { caseNo: string }).caseNo;

    // Online registration with the same ID number cannot make a second account (the finding).
    const dup = await registerWithCode(ctx, { kind: 'natural_person', username: 'wangwu_new', password: PASSWORD, name: '王五', idNumber: WALK_IN.idNumber, phone: '13900001111' }).catch((e: Error) => e);
    expect(dup).toBeInstanceOf(Error);
    // …and the SMS to the phone typed in points to 认领账号, not to 忘记密码 (the person knows no username).
    expect(ctx.messages.sent.filter((m) => m.to === '13900001111').at(-1)?.body).toContain('认领账号');

    const started = await startClaim({ idNumber: WALK_IN.idNumber.toLowerCase() });
    expect(started.statusCode, started.body).toBe(202);
    const { claimId } = started.json() as { claimId: string };
    const code = lastSmsCode(ctx.messages, WALK_IN.phone);
    expect(code).toMatch(/^\d{6}$/);

    // A password that breaks the policy of ADR 0007 is refused, and the code is not spent.
    const weak = await ctx.anon().post('/api/auth/claim/confirm', { claimId, code, username: 'wangwu', password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    // A username already taken is answered at once (a chosen handle, ADR 0007), the code not spent either.
    const taken = await ctx.anon().post('/api/auth/claim/confirm', { claimId, code, username: 'zhangsan', password: PASSWORD });
    expect(taken.statusCode).toBe(409);

    const done = await ctx.anon().post('/api/auth/claim/confirm', { claimId, code, username: 'wangwu', password: PASSWORD });
    expect(done.statusCode, done.body).toBe(200);
    expect((done.json() as { user: { username: string } }).user.username).toBe('wangwu');

    const me = await ctx.anon().login('wangwu', PASSWORD);
    const mine = (await me.get('/api/my/cases')).json() as { cases: { caseNo: string }[] };
    expect(mine.cases.map((c) => c.caseNo)).toContain(caseNo);

    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'user_id']).where('kind', '=', 'account_claimed').execute();
    expect(audit).toContainEqual({ kind: 'account_claimed', user_id: person.id });
  });

  it('identity claim: an unknown ID number and a wrong code get the same answers as a real claim', async () => {
    const sentBefore = ctx.messages.sent.length;
    const unknown = await startClaim({ idNumber: UNKNOWN_ID });
    expect(unknown.statusCode).toBe(202);
    expect(Object.keys(unknown.json() as object).sort()).toEqual(['claimId', 'expiresInSeconds']);
    expect(ctx.messages.sent.length).toBe(sentBefore); // nobody to send to
    const unknownConfirm = await ctx.anon().post('/api/auth/claim/confirm', { claimId: (unknown.json() as { claimId: string }).claimId, code: '123456', username: 'ghost01', password: PASSWORD });

    const walkIn = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: ZHAO_ID, name: '赵六', phone: '13800005678' })).json() as { id: string };
    expect(walkIn.id).toBeTruthy();
    const real = await startClaim({ idNumber: ZHAO_ID });
    expect(real.statusCode).toBe(202);
    const right = lastSmsCode(ctx.messages, '13800005678');
    const wrongCode = right === '000000' ? '111111' : '000000';
    const wrongConfirm = await ctx.anon().post('/api/auth/claim/confirm', { claimId: (real.json() as { claimId: string }).claimId, code: wrongCode, username: 'zhaoliu', password: PASSWORD });
    expect(wrongConfirm.statusCode).toBe(unknownConfirm.statusCode);
    expect(wrongConfirm.json()).toEqual(unknownConfirm.json());
    expect(wrongConfirm.statusCode).toBe(400);

    // A credit code works the same way (legal persons registered at the window).
    const company = await startClaim({ creditCode: completeCreditCode('91330106MA27XL0H6') });
    expect(company.statusCode).toBe(202);
  });

  it('identity claim: an account whose password was set online cannot be claimed (that is 忘记密码)', async () => {
    const zhangsan = await ctx.handle.db.selectFrom('users').select(['id']).where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    const res = await startClaim({ idNumber: completeIdNumber('33010619900101123') });
    expect(res.statusCode).toBe(202);
    // Whatever zhangsan's ID is, no code goes out for an account that already has a password.
    const row = await ctx.handle.db.selectFrom('verification_codes').select(['user_id', 'code_hash']).where('id', '=', (res.json() as { claimId: string }).claimId).executeTakeFirstOrThrow();
    expect(row.code_hash).toBeNull();
    // Directly: a claim started for zhangsan's real ID number sends no code, and the confirmation fails like a wrong code.
    const { openField } = await import('../src/server/crypto/personal-data.js');
    const full = await ctx.handle.db.selectFrom('users').select(['id_number', 'phone']).where('id', '=', zhangsan.id).executeTakeFirstOrThrow();
    const idNumber = openField('id_number', full.id_number) as string;
    const phone = openField('phone', full.phone) as string;
    const started = await startClaim({ idNumber });
    expect(started.statusCode).toBe(202);
    expect(lastSmsCode(ctx.messages, phone)).toBeUndefined(); // the owner is told to use 忘记密码, with no code
    const confirm = await ctx.anon().post('/api/auth/claim/confirm', { claimId: (started.json() as { claimId: string }).claimId, code: '123456', username: 'zhangsan2', password: PASSWORD });
    expect(confirm.statusCode).toBe(400);
    expect((confirm.json() as { error: string }).error).toBe('CODE_INVALID');
    // A claimed account cannot be claimed a second time either.
    const again = await startClaim({ idNumber: WALK_IN.idNumber });
    const again_row = await ctx.handle.db.selectFrom('verification_codes').select('code_hash').where('id', '=', (again.json() as { claimId: string }).claimId).executeTakeFirstOrThrow();
    expect(again_row.code_hash).toBeNull();
  });

  it('identity claim: starting claims is throttled per address', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push((await ctx.anon().request('POST', '/api/auth/claim', { idNumber: UNKNOWN_ID })).statusCode);
    expect(answers).toContain(429);
  });
});
