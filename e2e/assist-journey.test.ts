import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { loginThroughPage } from './support/login.js';
import { DEMO_OTHER_PEOPLE } from '../src/server/demo/seed.js';
import { pickOption } from './support/forms.js';

/**
 * 帮办代办 (issue 13, ADR 0037): at the window a 帮办员 files for 王秀英 (born 1944) with her confirmation by
 * SMS; the case is hers and its timeline says who acted for whom. Then the enterprise's 经办人 page.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const elderly = DEMO_OTHER_PEOPLE.find((p) => p.username === 'wangxiuying')!;

describe('帮办代办 at the window', () => {
  it('a 帮办员 files for an elderly person with her SMS confirmation; the timeline shows the clerk acting for her', async () => {
    const { page, context } = await h.newPage();
    await loginThroughPage(page, 'clerk');
    await page.goto('/workbench/intake');
    await page.getByLabel('身份证号 / 统一社会信用代码').fill(elderly.idNumber);
    await page.getByRole('button', { name: /查\s*找/ }).click();
    await page.getByText('已找到').first().waitFor();
    await page.getByText('帮办员代为申请').click();
    await page.getByRole('button', { name: '发送确认码' }).click();
    await page.getByText(/确认码已发送至 137\*\*\*\*0618/).waitFor();
    await page.getByLabel('确认码', { exact: true }).fill(await h.smsCode(elderly.phone));
    await h.screenshot(page, 'assist-sms-code');
    await page.getByRole('button', { name: '确认授权' }).click();
    await page.getByText('已取得王秀英的授权').waitFor();

    await page.getByRole('combobox', { name: '选择事项' }).fill('社会保障卡');
    await page.getByText('社会保障卡申领（安吉县人力资源和社会保障局）').click();
    await page.getByLabel(/联系电话/).fill(elderly.phone);
    await pickOption(page, page.getByLabel('金融服务银行'), '浙江农商银行');
    for (const box of await page.getByRole('checkbox', { name: '原件已核' }).all()) await box.check();
    await h.screenshot(page, 'assist-authorised');
    await page.getByRole('button', { name: '当场办结（即办件）' }).click();
    await page.getByText('已办结').first().waitFor();
    await page.getByRole('button', { name: '查看办件' }).click();
    await page.getByText('帮办：代 王秀英（短信确认）').first().waitFor();
    expect(await page.getByText(/帮办代办：大厅工作人员代申请人办理/).count()).toBeGreaterThan(0);
    await h.screenshot(page, 'assist-timeline');
    await context.close();

    // 王秀英 sees the case as her own, with the same entry.
    const her = await h.newPage();
    await loginThroughPage(her.page, 'wangxiuying');
    await her.page.goto('/my/cases');
    await her.page.getByRole('link', { name: /社会保障卡申领/ }).first().click();
    await her.page.getByText('帮办：代 王秀英（短信确认）').first().waitFor();
    await her.context.close();
  });

  it('the 帮办 card in English', async () => {
    const { page, context } = await h.newPage({ lang: 'en-US' });
    await loginThroughPage(page, 'clerk2');
    await page.goto('/workbench/intake');
    await page.getByLabel('ID number / credit code').fill(elderly.idNumber);
    await page.getByRole('button', { name: /Find/ }).click();
    await page.getByText('A hall assistant files on their behalf').click();
    await page.getByText('Signed letter (scan and upload)').click();
    await page.getByRole('button', { name: /Upload the letter/ }).waitFor();
    await h.screenshot(page, 'assist-en');
    await context.close();
  });
});

describe('经办人', () => {
  it('the enterprise sees its agents; the agent sees the enterprise under 我的办件', async () => {
    const ent = await h.newPage();
    await loginThroughPage(ent.page, 'baicha');
    // The header has the entry (经办人) for an enterprise; a narrow header may fold it into its overflow menu.
    await ent.page.goto('/me/agents');
    await ent.page.getByRole('row', { name: /赵敏/ }).getByText('市场准入类').waitFor();
    await ent.page.getByRole('row', { name: /赵敏/ }).getByText('有效').waitFor();
    await h.screenshot(ent.page, 'agents-page');
    await ent.context.close();

    const agent = await h.newPage();
    await loginThroughPage(agent.page, 'zhaomin');
    await agent.page.goto('/my/cases');
    await agent.page.getByText('我代办的企业（经办人）').waitFor();
    await agent.page.getByText('安吉白茶生态农业有限公司').waitFor();
    await h.screenshot(agent.page, 'agents-agency');
    await agent.context.close();
  });
});
