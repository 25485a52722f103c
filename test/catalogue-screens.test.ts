import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/test-app.js';
import { fieldWords } from '../src/web/admin/field-words.js';
import { CATALOGUE_ACTIONS } from '../src/web/admin/catalogue-actions.js';
import { validateItem } from '../src/core/catalogue/rules.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import ExcelJS from 'exceljs';
import { catalogueFromXlsx, catalogueToXlsx } from '../src/server/catalogue/xlsx.js';
import { DEMO_ITEMS } from '../src/server/demo/items/index.js';

/** Issue 9, "Finish the screens", catalogue admin: what the administrator's screens and rule checks say. */
describe('catalogue rules: contact phones', () => {
  const rules = (c: Parameters<typeof validateItem>[0]) => validateItem(c).map((p) => p.rule);

  it('finding: contact phones are validated (landline with area code, mobile, or a service hotline such as 12345)', () => {
    for (const good of ['0572-5122360', '057185110100', '13857210000', '12345', '0572-12366', '0572-5122360-801']) {
      expect(rules(buildItemContent({ consultPhone: good, complaintPhone: good }))).not.toContain('CONSULT_PHONE_INVALID');
    }
    for (const bad of ['1385721', '5122360', 'abc', '0572-123']) {
      const problems = validateItem(buildItemContent({ consultPhone: bad, complaintPhone: bad }));
      const consult = problems.find((p) => p.rule === 'CONSULT_PHONE_INVALID');
      expect(consult, bad).toMatchObject({ severity: 'error', path: 'consultPhone' });
      expect(consult?.zh).toContain('咨询电话');
      expect(consult?.en).toContain('consultation phone');
      expect(problems.map((p) => p.rule)).toContain('COMPLAINT_PHONE_INVALID');
    }
    expect(rules(buildItemContent({ consultPhone: '', complaintPhone: '' }))).toEqual(expect.arrayContaining(['CONSULT_PHONE_INVALID', 'COMPLAINT_PHONE_INVALID']));
  });
});

describe('catalogue admin screens', () => {
  it('finding: rule-check paths are shown in words, not as raw paths', () => {
    const pick = (zh: string) => zh;
    expect(fieldWords('promisedLimitDays', pick)).toBe('承诺时限');
    expect(fieldWords('materials[2].basis', pick)).toBe('申请材料第3项 · basis');
    expect(fieldWords('materials[0]', (_zh, en) => en)).toBe('Materials #1');
    expect(fieldWords('somethingElse', pick)).toBe('somethingElse');
  });

  it('finding: every catalogue change-log verb has words in both languages', () => {
    for (const action of ['create', 'create_draft', 'edit', 'submit', 'publish', 'reject', 'retire']) {
      expect(CATALOGUE_ACTIONS[action]?.zh, action).toMatch(/[\u4e00-\u9fa5]/);
      expect(CATALOGUE_ACTIONS[action]?.en, action).toMatch(/[a-z]/);
    }
  });
});

describe('catalogue Excel export in readable columns', () => {
  it('finding: legal basis, situations and special procedures are rows in their own sheets, not JSON cells, and import round-trips', async () => {
    const items = DEMO_ITEMS.map((i) => ({ level: 'county', content: i.content }));
    const buf = await catalogueToXlsx(items);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const header = (wb.getWorksheet('事项')?.getRow(1).values as unknown[]).map(String);
    expect(header.filter((h) => h.includes('JSON'))).toEqual(['表单(JSON)']);
    for (const sheet of ['设定依据', '情形引导', '特别程序', '申请材料', '收费', '办理流程']) expect(wb.getWorksheet(sheet), sheet).toBeDefined();
    expect((wb.getWorksheet('申请表字段（仅供阅读）')?.rowCount ?? 0) > 10).toBe(true);
    const basisRow = wb.getWorksheet('设定依据')?.getRow(2).values as unknown[];
    expect(String(basisRow[2])).toMatch(/^《/);
    const back = await catalogueFromXlsx(buf);
    expect(back.problems).toEqual([]);
    expect(back.items).toEqual(items);
  });

  it('a fee that applies only to some situations keeps its options through export and import (适用情形, ADR 0048)', async () => {
    const law = { law: '《某收费标准》' };
    const content = buildItemContent({
      fees: [
        { name: '登记费', standard: '每件80元', amountFen: 8000, basis: law, onlinePayment: false },
        { name: '代理加收', standard: '委托代理的每件10元', amountFen: 1000, basis: law, onlinePayment: false, situationOptionIds: ['o-agent'] },
      ],
    });
    const back = await catalogueFromXlsx(await catalogueToXlsx([{ level: 'county', content }]));
    expect(back.problems).toEqual([]);
    expect(back.items[0]?.content.fees).toEqual(content.fees);
  });
});

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('catalogue admin API for the screens', () => {
  it('finding: the implementation page carries the item’s name', async () => {
    const catadmin = await ctx.as('catadmin');
    const list = (await catadmin.get('/api/admin/catalogue/impls')).json() as { impls: { implId?: string; id?: string; name: string }[] };
    const first = list.impls[0];
    expect(first).toBeDefined();
    const id = first?.implId ?? first?.id ?? '';
    const detail = (await catadmin.get(`/api/admin/catalogue/impls/${id}`)).json() as { name: string; events: { action: string }[] };
    expect(detail.name).toBe(first?.name);
    for (const e of detail.events) expect(Object.keys(CATALOGUE_ACTIONS)).toContain(e.action);
  });
});
