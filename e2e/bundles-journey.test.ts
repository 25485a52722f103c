import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import type { FormSchema } from '../src/core/catalogue/types.js';
import { fillForm, pickOption, pickUntil } from './support/forms.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { acceptedLease, apiSession } from './support/library-fixtures.js';

/**
 * 一件事 journeys (issue 10): a citizen applies for 开办餐饮店 online (situation → one form → one material
 * list, the lease taken from their 我的材料 and recorded on every member case → submit), two departments
 * work their members in parallel (through the API: their screens are the single-case screens), the
 * window gathers one correction notice that the citizen answers once in the page, and the results go
 * out together; the public look-up of the YJS number; a clerk takes in 新生儿出生 at the window.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const ZHANGSAN_ID = '330523199003071234';

type Guide = { bundleId: string; form: FormSchema; materials: { code: string; name: string; serves: { memberKey: string; materialId: string }[] }[] };
type BundleView = { id: string; caseNo: string; queryCode?: string; state: string; members: { key: string; caseId?: string; state?: string; phase: string }[] };
type CaseTimeline = { timeline: { comment: string | null; data: { library?: { fileName: string; sourceCaseNo: string; chosenBy: string }[] } }[] };

async function guideOf(page: Page, name: string): Promise<Guide> {
  const list = (await (await page.request.get('/api/public/bundles')).json()) as { bundles: { bundleId: string; name: string }[] };
  const id = list.bundles.find((b) => b.name === name)!.bundleId;
  return (await (await page.request.get(`/api/public/bundles/${id}`)).json()) as Guide;
}

/** A staff member's API session (their own screens are the single-case screens other journeys cover). */
const staffApi = (username: string) => apiSession(h, username);

/** The member case's first timeline event records the lease taken from the library (which file, from which case). */
async function expectLibraryUse(request: APIRequestContext, caseId: string, sourceCaseNo: string): Promise<void> {
  const first = ((await (await request.get(`/api/cases/${caseId}`)).json()) as CaseTimeline).timeline[0];
  expect(first?.comment).toContain(`从“我的材料”中选用：经营场所使用相关文件（租赁协议.pdf，来自办件${sourceCaseNo}）`);
  expect(first?.data.library).toMatchObject([{ fileName: '租赁协议.pdf', sourceCaseNo, chosenBy: 'applicant' }]);
}

type Staff = Awaited<ReturnType<typeof staffApi>>;
async function act(s: Staff, caseId: string, body: Record<string, unknown>): Promise<void> {
  const res = await s.request.post(`/api/cases/${caseId}/actions`, { data: body, headers: { 'x-csrf-token': s.csrf } });
  if (!res.ok()) throw new Error(`${String(body.type)} on ${caseId}: ${res.status()} ${await res.text()}`);
}

/** The window accepts a member, then its department's people take each step and complete it. */
async function workMember(clerk: Staff, people: Record<string, Staff>, caseId: string): Promise<void> {
  const view = (await (await clerk.request.get(`/api/cases/${caseId}`)).json()) as { checklist: { id: string; required: boolean }[] };
  await act(clerk, caseId, { type: 'accept', received: view.checklist.filter((m) => m.required).map((m) => ({ materialId: m.id, originalSeen: true })) });
  for (;;) {
    const c = (await (await people.approver_signoff!.request.get(`/api/cases/${caseId}`)).json()) as { state: string; currentStep: { role: string } | null };
    const step = c.currentStep?.role;
    if (!step || !people[step] || !['accepted', 'in_review'].includes(c.state)) break;
    const who = people[step]!;
    await act(who, caseId, { type: 'claim' });
    await act(who, caseId, step === 'approver_signoff' ? { type: 'decide', decision: 'approved', reason: '符合法定条件' } : { type: 'advance', comment: '符合条件' });
  }
  await act(people.approver_signoff!, caseId, { type: 'complete' });
}

describe('一件事 journeys (issue 10)', () => {
  it('a citizen applies for 开办餐饮店 online, two departments work in parallel, one gathered correction answered once, one delivery', async () => {
    // 我的材料: the citizen's lease was accepted on an earlier case of 市场监管局.
    const clerk = await staffApi('clerk2');
    const me = await staffApi('zhangsan');
    const earlier = await acceptedLease(me, clerk, '租赁协议.pdf');
    const citizen = await h.newPage();
    const page = citizen.page;
    await loginThroughPage(page, 'zhangsan');
    await page.goto('/bundles');
    await page.getByRole('link', { name: '开办餐饮店' }).click();
    await page.getByRole('link', { name: '在线申请一件事' }).click();
    await page.waitForURL('**/apply');
    await page.getByText('本情形需办理4个事项').waitFor();
    await h.screenshot(page, 'bundle-apply-situation');
    await page.getByRole('button', { name: /下一步/ }).click();

    // 一表申请: the fields several members ask are asked once.
    const guide = await guideOf(page, '开办餐饮店');
    await page.getByLabel('经营场所', { exact: true }).waitFor();
    await fillForm(page, guide.form, { tradeName: '安吉小馆', scope: '小餐饮', premises: '递铺街道胜利西路1号', signText: '安吉小馆', signSize: '3×0.8' });
    await h.screenshot(page, 'bundle-apply-form');
    await page.getByRole('button', { name: /下一步/ }).click();

    // 一次告知: one upload per material; the premises proof serves all four members and comes from the library.
    await page.getByText('每份材料只需上传一次').waitFor();
    const premises = page.locator('tr', { hasText: '经营场所使用相关文件' });
    await pickUntil(page, () => premises.getByRole('combobox', { name: '从我的材料中选用 经营场所使用相关文件' }).click(), `租赁协议.pdf（${earlier.caseNo}）`, premises.getByText(`来自办件 ${earlier.caseNo}`));
    for (const m of guide.materials.filter((x) => x.name !== '经营场所使用相关文件')) {
      await page.locator('tr', { hasText: m.name }).locator('input[type=file]').setInputFiles({ name: `${m.name}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await page.locator('tr', { hasText: m.name }).getByText(`✓ ${m.name}.pdf`).waitFor();
    }
    expect(await page.locator('tr', { hasText: '经营场所使用相关文件' }).locator('.ant-tag').filter({ hasNotText: /^(必须|视情况|已选用)$/ }).count()).toBe(4);
    await h.screenshot(page, 'bundle-apply-materials');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByText(`经营场所使用相关文件：租赁协议.pdf（来自办件 ${earlier.caseNo}）`).waitFor();
    await h.screenshot(page, 'bundle-apply-review');
    await page.getByRole('button', { name: /提交申请/ }).click();
    await page.waitForURL(/\/my\/bundles\//);
    const bundleCaseId = page.url().split('/').at(-1)!;
    await page.getByText('等待前置事项').waitFor();
    await page.getByText(`从“我的材料”中选用：租赁协议.pdf（来自办件${earlier.caseNo}）`).waitFor();
    await h.screenshot(page, 'bundle-my-case-submitted');
    // Every member started records the reuse on its own timeline.
    const started = ((await (await page.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as BundleView).members.filter((m) => m.caseId);
    expect(started.map((m) => m.key).sort()).toEqual(['drainage', 'licence', 'sign']);
    for (const m of started) await expectLibraryUse(page.request, m.caseId!, earlier.caseNo);

    // The window and the housing department gather one correction notice; the window sends it once.
    const clerkUi = await h.newPage();
    await loginThroughPage(clerkUi.page, 'clerk');
    await clerkUi.page.goto(`/workbench/bundles/${bundleCaseId}`);
    await pickOption(clerkUi.page, clerkUi.page.getByRole('combobox', { name: '补正事项' }), '个体工商户设立登记');
    await pickOption(clerkUi.page, clerkUi.page.getByRole('combobox', { name: '补正材料' }), '个体工商户登记（备案）申请书');
    await clerkUi.page.getByRole('textbox', { name: '补正理由' }).fill('申请书缺少经营者签字');
    await clerkUi.page.getByRole('button', { name: '加入一次性告知' }).click();
    await clerkUi.page.getByRole('cell', { name: '申请书缺少经营者签字' }).waitFor();
    const housing = { approver_handle: await staffApi('housing_handler'), approver_review: await staffApi('housing_reviewer'), approver_signoff: await staffApi('housing_signer') };
    const bv = (await (await housing.approver_handle.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as BundleView;
    const drainage = bv.members.find((m) => m.key === 'drainage')!.caseId!;
    const added = await housing.approver_handle.request.post(`/api/bundle-cases/${bundleCaseId}/correction/items`, { data: { memberKey: 'drainage', materialId: 'm-pipes', reason: '排水管网图缺少检测井位置' }, headers: { 'x-csrf-token': housing.approver_handle.csrf } });
    expect(added.status(), await added.text()).toBe(200);
    await clerkUi.page.reload();
    await clerkUi.page.getByRole('cell', { name: '排水管网图缺少检测井位置' }).waitFor();
    await h.screenshot(clerkUi.page, 'bundle-workbench-correction');
    await clerkUi.page.getByRole('button', { name: /统一发出一次性告知/ }).click();
    await clerkUi.page.getByText('已发出，待申请人补正').waitFor();

    // The citizen answers once: one file for the signed application, one for the drainage plan.
    await page.reload();
    const notice = page.locator('.ant-card', { hasText: '补正材料（一次性告知）' });
    await notice.getByText('申请书缺少经营者签字').waitFor();
    await notice.locator('div.ant-space', { hasText: '个体工商户登记（备案）申请书' }).locator('input[type=file]').first().setInputFiles({ name: '申请书（补正）.pdf', mimeType: 'application/pdf', buffer: PDF });
    await notice.getByText('✓ 申请书（补正）.pdf').waitFor();
    await notice.locator('div.ant-space', { hasText: '排水户内部排水管网' }).locator('input[type=file]').first().setInputFiles({ name: '排水管网图（补正）.pdf', mimeType: 'application/pdf', buffer: PDF });
    await notice.getByText('✓ 排水管网图（补正）.pdf').waitFor();
    await h.screenshot(page, 'bundle-correction-answer');
    await page.getByRole('button', { name: '一次提交补正' }).click();
    await page.getByText('补正材料已提交').waitFor();

    // Two departments in parallel (市场监管局: 营业执照; 住建局: 排水许可 and 户外招牌), then the dependent 小餐饮店登记.
    const samr = { approver_handle: await staffApi('samr_handler'), approver_review: await staffApi('samr_reviewer'), approver_signoff: await staffApi('samr_signer') };
    const now = (await (await clerk.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as BundleView;
    const caseOf = (v: BundleView, key: string) => v.members.find((m) => m.key === key)!.caseId!;
    await Promise.all([workMember(clerk, samr, caseOf(now, 'licence')), workMember(clerk, housing, drainage).then(() => workMember(clerk, housing, caseOf(now, 'sign')))]);

    // A member case in the workbench shows its bundle and the other members' states.
    const handlerUi = await h.newPage();
    await loginThroughPage(handlerUi.page, 'housing_handler');
    await handlerUi.page.goto(`/workbench/cases/${drainage}`);
    await handlerUi.page.getByText('所属一件事：开办餐饮店').waitFor();
    await handlerUi.page.getByText(`租赁协议.pdf，来自办件${earlier.caseNo}`).first().waitFor();
    await h.screenshot(handlerUi.page, 'bundle-member-case-workbench');
    await handlerUi.context.close();

    const later = (await (await clerk.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as BundleView;
    // The dependent member, started now, records the lease chosen when the bundle was filed.
    await expectLibraryUse(page.request, caseOf(later, 'catering'), earlier.caseNo);
    await workMember(clerk, samr, caseOf(later, 'catering'));

    // 统一出件 at the window.
    await clerkUi.page.reload();
    await clerkUi.page.getByRole('button', { name: /统一出件/ }).click();
    await clerkUi.page.getByText('已统一出件').first().waitFor();
    await h.screenshot(clerkUi.page, 'bundle-workbench-delivered');

    // The citizen: one timeline, one delivery, and one notification per bundle event.
    await page.reload();
    await page.locator('.ant-card', { hasText: '统一出件' }).getByText('窗口领取', { exact: true }).waitFor();
    await h.screenshot(page, 'bundle-my-case-delivered');

    // 好差评: the finished bundle is rated once, as one service (一事一评, ADR 0043); then it shows the rating instead of the form.
    const rating = page.locator('.ant-card', { hasText: '评价本次一件事服务' });
    await rating.getByText('😀 非常满意', { exact: true }).click();
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByText('我的评价').waitFor();
    expect(await rating.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await h.screenshot(page, 'bundle-rating');
    await page.goto('/my/cases');
    await page.getByText('我的一件事', { exact: true }).waitFor();
    const notes = page.locator('.ant-card', { hasText: '消息通知' }).locator('tbody tr', { hasText: '开办餐饮店一件事' });
    await expect.poll(() => notes.count()).toBe(4);
    await h.screenshot(page, 'bundle-my-cases-notifications');

    // The public look-up of the bundle number.
    const mine = (await (await page.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as BundleView;
    await page.goto(`/progress?caseNo=${mine.caseNo}&code=${mine.queryCode ?? ''}`);
    await page.getByText('开办餐饮店“一件事”').waitFor();
    expect(await page.locator('tbody tr', { hasText: '已办结' }).count()).toBe(4);
    await h.screenshot(page, 'bundle-public-progress');

    for (const s of [clerk, me, ...Object.values(samr), ...Object.values(housing)]) await s.close();
    await clerkUi.context.close();
    await citizen.context.close();
  });

  it('a clerk takes in 新生儿出生 at the comprehensive window', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'clerk');
    await page.goto('/workbench/intake');
    await page.getByText('一件事受理').click();
    await page.getByLabel('身份证号 / 统一社会信用代码').fill(ZHANGSAN_ID);
    await page.getByRole('button', { name: /查\s*找/ }).click();
    await page.getByText('已找到').waitFor();
    await pickUntil(page, () => page.getByRole('combobox', { name: '选择一件事' }).click(), '新生儿出生', page.getByText(/3\. 一表申请/));
    const guide = await guideOf(page, '新生儿出生');
    await page.getByText(/3\. 一表申请/).waitFor();
    await fillForm(page, guide.form, { babyName: '张小宝', householder: '张三' });
    for (const box of await page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(page, 'bundle-window-intake');
    await page.getByRole('button', { name: '受理一件事' }).click();
    await page.getByText(/新生儿出生“一件事”已受理/).waitFor();
    await h.screenshot(page, 'bundle-window-intake-done');
    await page.getByRole('button', { name: '查看一件事' }).click();
    await page.getByText('联办事项').first().waitFor();
    await h.screenshot(page, 'bundle-window-workbench');
    await context.close();
  });
});
