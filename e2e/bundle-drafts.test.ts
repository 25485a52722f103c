import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormSchema } from '../src/core/catalogue/types.js';
import { fillForm, pickUntil } from './support/forms.js';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { apiSession, itemNamed, type ApiSession } from './support/library-fixtures.js';

/**
 * ADR 0044 in the browser: an enterprise saves a 一件事 application as a draft, comes back to it from
 * 我的办件, uses its 营业执照 (电子证照) in place of the merged material, and submits; both member cases
 * record the licence.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function ok<T>(res: { ok(): boolean; status(): number; text(): Promise<string>; json(): Promise<unknown> }, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** 食品经营许可 and 营业执照变更登记 as one 一件事, made by one catalogue administrator and published by another. */
async function enterpriseBundle(cat: ApiSession, prov: ApiSession): Promise<string> {
  const orgs = await ok<{ orgs: { id: string; kind: string; regionCode: string }[] }>(await cat.request.get('/api/orgs'), 'orgs');
  const hall = orgs.orgs.find((o) => o.kind === 'hall' && o.regionCode === '330523')!;
  const content = {
    name: '企业餐饮门店开业',
    description: '已取得营业执照的企业开设餐饮门店：食品经营许可和营业执照变更登记（经营范围）一次申请。',
    regionCode: '330523',
    topic: '开办餐饮店',
    category: '市场准入',
    applicantTypes: ['legal_person'],
    questions: [],
    members: [
      { key: 'food', itemId: (await itemNamed(cat, '食品经营许可')).implId },
      { key: 'change', itemId: (await itemNamed(cat, '营业执照变更登记')).implId },
    ],
    refusalPolicy: 'continue',
    limitDays: 20,
  };
  const made = await ok<{ bundleId: string; versionId: string }>(await cat.request.post('/api/admin/bundles', { data: { orgId: hall.id, content }, headers: { 'x-csrf-token': cat.csrf } }), 'create bundle');
  await ok(await cat.request.post(`/api/admin/bundle-versions/${made.versionId}/submit`, { data: {}, headers: { 'x-csrf-token': cat.csrf } }), 'submit bundle');
  await ok(await prov.request.post(`/api/admin/bundle-versions/${made.versionId}/publish`, { data: {}, headers: { 'x-csrf-token': prov.csrf } }), 'publish bundle');
  return made.bundleId;
}

describe('一件事 drafts with a licence (ADR 0044)', () => {
  it('an enterprise saves a bundle draft, comes back, uses its 营业执照 and submits', async () => {
    const bundleId = await enterpriseBundle(await apiSession(h, 'catadmin'), await apiSession(h, 'provadmin'));
    const { page } = await h.newPage();
    await loginThroughPage(page, 'baicha');
    await page.goto(`/bundles/${bundleId}`);
    await page.getByText('可免提交：以电子证照（营业执照）代替或调取共享数据').waitFor();
    await page.goto(`/bundles/${bundleId}/apply`);
    await page.getByText('本情形需办理2个事项').waitFor();
    await page.getByRole('button', { name: /下一步/ }).click();
    const guide = (await (await page.request.get(`/api/public/bundles/${bundleId}`)).json()) as { form: FormSchema };
    await page.getByLabel('变更内容', { exact: true }).waitFor();
    await fillForm(page, guide.form, { detail: '经营范围增加：餐饮服务' });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();

    // Later: 我的办件 lists the draft; it opens as it was left.
    await page.goto('/my/cases');
    await page.getByRole('link', { name: /企业餐饮门店开业（草稿，继续填写）/ }).click();
    await page.waitForURL(/draft=/);
    await page.getByRole('button', { name: /下一步/ }).click();
    await expect.poll(() => page.getByLabel('变更内容', { exact: true }).inputValue()).toBe('经营范围增加：餐饮服务');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByText('每份材料只需上传一次').waitFor();
    const row = page.locator('tr', { hasText: '营业执照或者其他主体资格证明文件' });
    await pickUntil(page, () => row.getByRole('combobox', { name: /选择电子证照/ }).click(), '营业执照', row.locator('.ant-select [title*="营业执照"]'));
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByText('以电子证照代替').waitFor();
    await h.screenshot(page, 'bundle-draft-licence');
    await page.getByRole('button', { name: /提交申请/ }).click();
    await page.waitForURL(/\/my\/bundles\//);
    const bundleCaseId = page.url().split('/').at(-1)!;
    const bv = (await (await page.request.get(`/api/bundle-cases/${bundleCaseId}`)).json()) as { members: { key: string; caseId?: string }[] };
    for (const m of bv.members) {
      const uses = (await (await page.request.get(`/api/cases/${m.caseId ?? ''}/licence-uses`)).json()) as { uses: { materialId: string; verification: { status: string } }[] };
      expect(uses.uses).toMatchObject([{ materialId: 'm-licence', verification: { status: 'valid' } }]);
    }
    // Submitted: no longer a draft.
    expect(((await (await page.request.get('/api/bundle-drafts')).json()) as { drafts: unknown[] }).drafts).toEqual([]);
  });
});
