import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillForm, pickUntil } from './support/forms.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { acceptedLease, apiSession, itemNamed, type ApiSession } from './support/library-fixtures.js';

/**
 * 我的材料 (issue 10, ADR 0027): the lease a citizen handed in on an accepted case is in their library;
 * a later application of another department's item that needs the same material offers it, a saved
 * draft keeps the choice, and using it is on the new case's timeline; at the window, the clerk sees and uses the library of the
 * applicant in front of them, and the timeline says the clerk chose it.
 */
let h: Harness;
let me: ApiSession | undefined;
let clerkApi: ApiSession | undefined;
let leased: Promise<{ caseId: string; caseNo: string }> | undefined;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await me?.close();
  await clerkApi?.close();
  await h?.close();
});

/** The lease accepted on an earlier case of zhangsan (made once, by the first journey that needs it). */
function earlierLease(): Promise<{ caseId: string; caseNo: string }> {
  leased ??= (async () => {
    me = await apiSession(h, 'zhangsan');
    clerkApi = await apiSession(h, 'clerk2');
    return acceptedLease(me, clerkApi, '租赁协议.pdf');
  })();
  return leased;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n% design\n');
const ZHANGSAN_ID = '330523199003071234';
type Timeline = { timeline: { action: string; actorRole: string; comment: string | null; data: { library?: { fileName: string; sourceCaseNo: string; chosenBy: string }[] } }[] };

describe('我的材料 journeys (issue 10)', () => {
  it('the applicant sees 我的材料, a later application offers the accepted lease, a draft keeps the choice, and using it shows on the case', async () => {
    const earlier = await earlierLease();
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'zhangsan');
    await page.getByRole('link', { name: '我的材料' }).first().click();
    await page.waitForURL('**/me/materials');
    const row = page.locator('tr', { hasText: '租赁协议.pdf' });
    await row.getByText('经营场所使用相关文件').waitFor();
    await row.getByText(earlier.caseNo).waitFor();
    await row.getByText('可选用').waitFor();
    // 我的办事资料 on the same page: the kept fields are the applicant's to edit.
    const profile = page.locator('.ant-card', { hasText: '我的办事资料' });
    await profile.getByLabel('联系地址').fill('浙江省湖州市安吉县递铺街道胜利西路1号');
    await profile.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('办事资料已保存').waitFor();
    await h.screenshot(page, 'library-my-materials');

    // 户外招牌设置审批 (住建局) needs the same material (code premises-use): the library offers it.
    const sign = await itemNamed(me!, '户外招牌设置审批');
    await page.goto(`/apply/${sign.implId}`);
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByLabel('招牌文字', { exact: true }).waitFor();
    await fillForm(page, sign.content.form, { signText: '安吉小馆', signSize: '3×0.8' });
    await page.getByRole('button', { name: /下一步/ }).click();
    const premises = page.locator('tr', { hasText: '经营场所使用相关文件' });
    await pickUntil(page, () => premises.getByRole('combobox', { name: '从我的材料中选用 经营场所使用相关文件' }).click(), `租赁协议.pdf（${earlier.caseNo}）`, premises.getByText(`来自办件 ${earlier.caseNo}`));
    // A material without an entry of its code is offered nothing.
    const design = page.locator('tr', { hasText: '招牌设计效果图' });
    expect(await design.getByRole('combobox', { name: /从我的材料中选用/ }).count()).toBe(0);
    await design.locator('input[type=file]').setInputFiles({ name: '招牌效果图.pdf', mimeType: 'application/pdf', buffer: PDF });
    await design.getByText('✓ 招牌效果图.pdf').waitFor();

    // Saved as a draft and opened again: the library choice is still there (ADR 0038).
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();
    const mine = (await (await page.request.get('/api/my/cases')).json()) as { cases: { id: string; state: string; implId: string }[] };
    const draftId = mine.cases.find((c) => c.state === 'draft' && c.implId === sign.implId)?.id;
    expect(draftId).toBeTruthy();
    await page.goto(`/apply/${sign.implId}?draft=${draftId ?? ''}`);
    await page.getByRole('button', { name: /下一步/ }).click();
    await expect.poll(() => page.getByLabel('招牌文字', { exact: true }).inputValue()).toBe('安吉小馆');
    await page.getByRole('button', { name: /下一步/ }).click();
    await premises.getByText(`来自办件 ${earlier.caseNo}`).waitFor();
    await design.getByText('✓ 招牌效果图.pdf').waitFor();
    await h.screenshot(page, 'library-apply-materials');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByText(`经营场所使用相关文件：租赁协议.pdf（来自办件 ${earlier.caseNo}）`).waitFor();
    await page.getByRole('button', { name: /提交申请/ }).click();
    await page.waitForURL(/\/my\/cases\/[0-9a-f-]{36}$/);
    await page.getByText(`从“我的材料”中选用：经营场所使用相关文件（租赁协议.pdf，来自办件${earlier.caseNo}）`).waitFor();
    await h.screenshot(page, 'library-case-timeline');
    const submitted = ((await (await page.request.get(`/api/cases/${draftId ?? ''}`)).json()) as Timeline).timeline.find((e) => e.action === 'submit');
    expect(submitted?.data.library).toMatchObject([{ fileName: '租赁协议.pdf', sourceCaseNo: earlier.caseNo, chosenBy: 'applicant' }]);
    await context.close();
  });

  it('the window clerk sees the library of the applicant in front of them and uses it; the timeline says the clerk chose it', async () => {
    const earlier = await earlierLease();
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'clerk');
    await page.goto('/workbench/intake');
    await page.getByLabel('身份证号 / 统一社会信用代码').fill(ZHANGSAN_ID);
    await page.getByRole('button', { name: /查\s*找/ }).click();
    await page.getByText('已找到').first().waitFor();
    await page.getByRole('combobox', { name: '选择事项' }).fill('gtgsh');
    await page.getByText('个体工商户设立登记（安吉县市场监督管理局）').click();
    await page.getByText('本人（经营者/法定代表人）办理').click();
    await page.getByText('不使用字号').click();
    await page.getByLabel(/联系电话/).fill('13857210001');
    await page.getByLabel(/经营场所/).first().fill('递铺街道胜利西路2号');
    await page.getByLabel(/经营范围/).fill('餐饮服务');
    const premises = page.getByRole('row', { name: /经营场所使用相关文件/ });
    await premises.getByRole('combobox', { name: '从我的材料中选用 经营场所使用相关文件' }).click();
    await page.locator('.ant-select-item-option', { hasText: `租赁协议.pdf（${earlier.caseNo}）` }).waitFor();
    await h.screenshot(page, 'library-window-offer');
    // The list is open for the screenshot: the first try clicks in it; a miss opens it again.
    let listOpen = true;
    await pickUntil(page, async () => (listOpen ? (listOpen = false) : premises.getByRole('combobox', { name: '从我的材料中选用 经营场所使用相关文件' }).click()), `租赁协议.pdf（${earlier.caseNo}）`, premises.getByText(`来自办件 ${earlier.caseNo}`));
    for (const box of await page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(page, 'library-window-checklist');
    await page.getByRole('button', { name: /^受\s*理$/ }).click();
    await page.getByRole('button', { name: '查看办件' }).click();
    await page.waitForURL(/\/workbench\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').at(-1)!;
    await page.getByText(/窗口人员.+从申请人的“我的材料”中选用：经营场所使用相关文件（租赁协议\.pdf，来自办件/).waitFor();
    await page.getByRole('row', { name: /经营场所使用相关文件/ }).getByText('来自申请人的“我的材料”').waitFor();
    await h.screenshot(page, 'library-window-case');
    const first = ((await (await page.request.get(`/api/cases/${caseId}`)).json()) as Timeline).timeline[0];
    expect(first).toMatchObject({ actorRole: 'window_clerk', data: { library: [{ fileName: '租赁协议.pdf', sourceCaseNo: earlier.caseNo, chosenBy: 'window_clerk' }] } });
    await context.close();
  });
});
