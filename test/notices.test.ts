import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_TYPES, type ItemType } from '../src/core/catalogue/types.js';
import { noticeFamily, noticeText, proofreadingErrors, correctionLine, type NoticeEvent, type NoticeFacts, type NoticeKind, type NoticeText } from '../src/server/notices/wording.js';
import { renderNotice, sealLayout } from '../src/server/notices/render.js';
import { caseNoticeSpec } from '../src/server/cases/notices.js';
import type { CaseRow } from '../src/server/db/schema.js';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { withChecklist } from './support/checklist.js';

/** Issue 9 item 3 (notices by item type, proof-read, sealed) and item 4 (revocation after a false commitment). */

const facts = (itemType: ItemType): NoticeFacts => ({
  itemType,
  itemTitle: '临时救助',
  basis: [{ law: '《社会救助暂行办法》', article: '第四十七条' }],
  submittedOn: '2026年3月2日',
  acceptedOn: '2026年3月2日',
  dueDate: '2026年3月9日',
  certificateDue: '2026年3月18日',
  promisedLimitDays: 5,
  resultName: '临时救助金发放',
  place: '安吉县政务服务中心（递铺街道昌硕西路1号）',
  complaintPhone: '0572-12345',
});

// Reasons typed the way people type them: ending in a full stop (the seen "…准予登记。，符合法定条件…").
const EVENTS: Record<NoticeKind, NoticeEvent> = {
  acceptance: { kind: 'acceptance', received: ['临时救助申请书', '申请人有效身份证件（已核验原件）'], owed: [{ name: '相关证明', dueDate: '2026年3月5日' }], promised: [] },
  correction: { kind: 'correction', missing: [{ name: '申请人有效身份证件', reason: '缺少申请人有效身份证件' }, { name: '临时救助申请书', reason: '未签字。' }] },
  refusal: { kind: 'refusal', reason: '申请事项不属于本机关职权范围。', remedies: '' },
  special_procedure: { kind: 'special_procedure', procedure: '入户调查', reason: '需核实家庭经济状况。', resumed: { pausedDays: 3, dueDate: '2026年3月12日' } },
  approval: { kind: 'approval', reason: '申请材料齐全，准予登记。' },
  denial: { kind: 'denial', reason: '家庭收入高于当地救助标准。' },
  delivery_receipt: { kind: 'delivery_receipt', document: '临时救助金发放（R1）', method: '窗口领取（统一窗口出件）' },
  revocation: { kind: 'revocation', findings: '申请人承诺的家庭财产状况与实际不符。', reason: '申请人作出不实承诺。', decidedOn: '2026年3月4日' },
};

const TITLES: Record<ReturnType<typeof noticeFamily>, Partial<Record<NoticeKind, string>>> = {
  licensing: { approval: '准予行政许可决定书', denial: '不予行政许可决定书', revocation: '撤销行政许可决定书' },
  payment: { approval: '给付决定书', denial: '不予给付决定书', revocation: '撤销给付决定书' },
  confirmation: { approval: '确认决定书', denial: '不予确认决定书', revocation: '撤销确认决定书' },
  ruling: { approval: '行政裁决书', denial: '驳回裁决申请决定书', revocation: '撤销行政裁决决定书' },
  public_service: { approval: '办理结果告知书', denial: '不予办理告知书', revocation: '撤销办理结果告知书' },
  other: { approval: '准予办理决定书', denial: '不予办理决定书', revocation: '撤销决定书' },
};

const allText = (t: NoticeText) => [t.title, ...t.paragraphs, ...(t.list?.items ?? []), t.list?.heading ?? '', ...(t.closing ?? [])];

describe('notices by item type (finding 3)', () => {
  const kinds = Object.keys(EVENTS) as NoticeKind[];
  const cases = ITEM_TYPES.flatMap((type) => kinds.map((kind) => [type, kind] as const));

  it.each(cases)('%s · %s: title, cited articles and punctuation, rendered with the seal', async (type, kind) => {
    const family = noticeFamily(type);
    const t = noticeText(facts(type), EVENTS[kind]);
    const text = allText(t).join('\n');
    const expectedTitle = TITLES[family][kind] ?? { acceptance: '受理通知书', correction: '补正材料通知书（一次性告知书）', refusal: '不予受理通知书', special_procedure: '特别程序告知书', delivery_receipt: '送达回证' }[kind as string];
    expect(t.title).toBe(expectedTitle);
    for (const line of allText(t)) expect(proofreadingErrors(line)).toEqual([]);
    const pdf = await renderNotice({ ...t, docNo: '民准字〔2026〕第000001号', addressee: '张三', agency: '安吉县民政局', date: '2026年3月4日', verifyUrl: 'http://localhost/progress', seal: { name: '安吉县民政局' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (family === 'licensing') {
      if (['acceptance', 'correction', 'refusal', 'approval', 'denial', 'special_procedure', 'revocation'].includes(kind)) expect(text).toContain('《中华人民共和国行政许可法》');
      if (kind === 'approval') expect(text).toMatch(/第三十八条第一款[\s\S]*第四十四条/);
      if (kind === 'denial') expect(text).toContain('第三十八条第二款');
    } else {
      // Finding 3: a 行政给付 (临时救助) is never a 行政许可 and never cites the 行政许可法.
      expect(text).not.toContain('行政许可');
      if (['acceptance', 'refusal', 'approval', 'denial', 'revocation'].includes(kind)) expect(text).toContain('《社会救助暂行办法》第四十七条');
    }
    if (['denial', 'revocation'].includes(kind) || (kind === 'refusal' && family !== 'public_service')) {
      if (family === 'public_service') expect(text).toContain('监督投诉电话0572-12345');
      else expect(text).toMatch(/行政复议[\s\S]*行政诉讼/);
    }
  });

  it('finding 3: 临时救助 (行政给付) is denied by a 不予给付决定书 citing 《社会救助暂行办法》', () => {
    const t = noticeText(facts('administrative_payment'), EVENTS.denial);
    expect(t.title).toBe('不予给付决定书');
    expect(t.paragraphs.join('')).toContain('根据《社会救助暂行办法》第四十七条的规定，决定不予给付。');
    expect(t.paragraphs.join('')).not.toContain('第三十八条');
  });

  it('finding 3: a reason ending in a full stop never reads "…准予登记。，符合法定条件…"', () => {
    const t = noticeText(facts('administrative_licensing'), EVENTS.approval);
    expect(t.paragraphs[0]).toContain('经审查：申请材料齐全，准予登记。你（单位）的申请符合法定条件、标准');
    expect(t.paragraphs.join('')).not.toContain('。，');
  });

  it('a deemed acceptance (第32条) does not claim the materials were complete', () => {
    const licensing = noticeText(facts('administrative_licensing'), { ...EVENTS.acceptance, deemed: true } as NoticeEvent);
    expect(licensing.paragraphs[0]).toContain('自收到申请材料之日起即为受理');
    expect(licensing.paragraphs.join('')).not.toContain('申请材料齐全');
    const payment = noticeText(facts('administrative_payment'), { ...EVENTS.acceptance, deemed: true } as NoticeEvent);
    expect(payment.paragraphs.join('')).not.toContain('行政许可');
    for (const p of [...licensing.paragraphs, ...payment.paragraphs]) expect(proofreadingErrors(p)).toEqual([]);
  });

  it('the acceptance notice lists what was received', () => {
    const t = noticeText(facts('administrative_payment'), EVENTS.acceptance);
    expect(t.list).toEqual({ heading: '已收取的申请材料', items: ['临时救助申请书', '申请人有效身份证件（已核验原件）'] });
    expect(t.closing?.[0]).toContain('相关证明（请于2026年3月5日前补交）');
  });

  it('a correction line names the material once', () => {
    expect(correctionLine('申请人有效身份证件', '缺少申请人有效身份证件')).toBe('缺少申请人有效身份证件');
    expect(correctionLine('申请人有效身份证件', '未提交')).toBe('申请人有效身份证件：未提交');
    expect(correctionLine('申请书', '未签字。')).toBe('申请书：未签字');
  });
});

/** The page content streams of a PDF, inflated. */
function contentStreams(pdf: Buffer): string {
  const out: string[] = [];
  const latin = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(latin))) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a deflated stream (images, fonts are skipped)
    }
  }
  return out.join('\n');
}

describe('the department seal (finding 3)', () => {
  it('lays the name out on the upper arc, symmetric about the centre, with a five-pointed star', () => {
    const { glyphs, star, textRadius } = sealLayout('安吉县民政局', 100, 100, 46);
    expect(glyphs.map((g) => g.char).join('')).toBe('安吉县民政局');
    for (const g of glyphs) expect(Math.hypot(g.x - 100, g.y - 100)).toBeCloseTo(textRadius, 6);
    expect(glyphs[0]?.rotate).toBeCloseTo(-(glyphs.at(-1)?.rotate ?? 0), 6);
    expect(glyphs.every((g) => g.y < 100 + textRadius)).toBe(true);
    expect(star).toHaveLength(10);
  });

  it('draws a red ring, a filled star and the name in the PDF', async () => {
    const base = { title: '给付决定书', docNo: '民准字〔2026〕第000001号', addressee: '张三', paragraphs: ['正文。'], agency: '安吉县民政局', date: '2026年3月4日', verifyUrl: 'http://localhost/progress' };
    const sealed = contentStreams(await renderNotice({ ...base, seal: { name: '安吉县民政局' } }));
    const plain = contentStreams(await renderNotice(base));
    // #d6001c → 0.839216 0 0.109804 (stroke SCN for the ring, fill scn for the star and the name).
    expect(sealed).toMatch(/0\.8392\d* 0 0\.1098\d* SCN/);
    expect(sealed).toMatch(/0\.8392\d* 0 0\.1098\d* scn/);
    expect(sealed).toMatch(/ c\n/); // the ring is drawn with Bézier curves
    expect(plain).not.toMatch(/0\.8392\d* 0 0\.1098\d* SCN/);
  });
});

/** A valid 个体工商户设立登记 application (the form is validated against the item's schema). */
const GTH_FORM = { name: '张三', idNumber: '330523199003071234', phone: '13800001234', premises: '递铺街道胜利路18号', scope: '茶叶零售' };
const GTH_SITUATIONS = { 's-who': ['o-self'], 's-name': ['o-no-name'] };

describe('revocation after a false commitment (finding 4)', () => {
  let ctx: TestContext;
  let applicant: Agent;
  let clerk: Agent;
  let handler: Agent;
  let signer: Agent;
  let supervisor: Agent;
  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set('2026-03-02T02:00:00Z');
    applicant = await ctx.as('zhangsan');
    clerk = await ctx.as('clerk');
    handler = await ctx.as('samr_handler');
    signer = await ctx.as('samr_signer');
    supervisor = await ctx.as('supervisor');
  });
  afterAll(async () => ctx?.close());

  const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
    const res = await agent.post(`/api/cases/${id}/actions`, await withChecklist(agent, id, body));
    expect(res.statusCode, `${String(body.type)}: ${res.body}`).toBe(200);
    return res.json() as { state: string };
  };

  it('finding 4: the supervisor who decided revokes it, a 撤销决定书 with reasons and remedies is issued and delivered, and the 送达回证 stays', async () => {
    const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] };
    const implId = items.items.find((i) => i.name.startsWith('个体工商户设立登记'))?.implId;
    const created = await applicant.post('/api/cases', { implId, formData: GTH_FORM, situationAnswers: GTH_SITUATIONS, materials: [], commitments: ['m-premises'] });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    await act(clerk, id, { type: 'accept' });
    await act(handler, id, { type: 'claim' });
    await act(handler, id, { type: 'advance', comment: '承诺内容完整' });
    await act(signer, id, { type: 'claim' });
    await act(signer, id, { type: 'decide', decision: 'approved', reason: '申请人以告知承诺方式申请，符合法定条件' });
    await act(signer, id, { type: 'complete' });
    await act(clerk, id, { type: 'deliver', method: 'window' });
    expect((await applicant.get(`/api/cases/${id}/notices/delivery_receipt`)).statusCode).toBe(200);

    const checks = (await supervisor.get('/api/supervision/commitment-checks')).json() as { checks: { id: string; caseId: string }[] };
    const check = checks.checks.find((c) => c.caseId === id);
    expect(check).toBeDefined();
    const res = await supervisor.post(`/api/supervision/commitment-checks/${check?.id ?? ''}`, { result: 'false', note: '现场核查：承诺的经营场所为住宅，未取得使用证明', reason: '申请人作出不实承诺，不具备准予登记的条件' });
    expect(res.statusCode, res.body).toBe(200);

    const view = (await applicant.get(`/api/cases/${id}`)).json() as { state: string; timeline: { action: string; actorName: string | null; actorRole: string; comment: string | null; data: Record<string, unknown> }[] };
    expect(view.state).toBe('revoked');
    const revoke = view.timeline.at(-1);
    expect(revoke).toMatchObject({ action: 'revoke', actorName: '电子监察 马骏', actorRole: 'supervisor', data: { findings: '现场核查：承诺的经营场所为住宅，未取得使用证明', reason: '申请人作出不实承诺，不具备准予登记的条件' } });
    expect(revoke?.actorName).not.toBe('系统');

    const row = (await ctx.handle.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as CaseRow;
    const spec = await caseNoticeSpec(ctx.handle.db, row, 'revocation', 'http://localhost');
    const text = [spec.title, ...spec.paragraphs, ...(spec.closing ?? [])].join('');
    expect(spec.title).toBe('撤销行政许可决定书');
    expect(text).toContain('现场核查：承诺的经营场所为住宅，未取得使用证明');
    expect(text).toContain('第六十九条第二款');
    expect(text).toMatch(/行政复议[\s\S]*行政诉讼/);
    expect(spec.seal).toEqual({ name: spec.agency });
    for (const p of [spec.title, ...spec.paragraphs, ...(spec.closing ?? [])]) expect(proofreadingErrors(p)).toEqual([]);

    const pdf = await applicant.get(`/api/cases/${id}/notices/revocation`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // The earlier 送达回证 is kept; the applicant is told, with the notice named.
    expect((await applicant.get(`/api/cases/${id}/notices/delivery_receipt`)).statusCode).toBe(200);
    const notes = (await applicant.get('/api/my/notifications')).json() as { notifications: { kind: string; caseId: string; body: string }[] };
    expect(notes.notifications.find((n) => n.caseId === id && n.kind === 'revoke')?.body).toContain('撤销决定书');
    const credit = await ctx.handle.db.selectFrom('credit_records').select('kind').where('case_id', '=', id).execute();
    expect(credit).toEqual([{ kind: 'false_commitment' }]);
  });
});
