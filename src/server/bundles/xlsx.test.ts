import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { BundleContent } from '../../core/bundles/types.js';
import { bundlesFromXlsx, bundlesToXlsx } from './xlsx.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const content: BundleContent = {
  name: '开办餐饮店',
  description: '营业执照、食品经营、排水、招牌一次办',
  regionCode: '330523',
  topic: '开办餐饮店',
  category: '市场准入',
  applicantTypes: ['natural_person', 'legal_person'],
  members: [
    { key: 'licence', itemId: A },
    { key: 'catering', itemId: B, when: [{ questionId: 'q-scale', optionIds: ['o-small', 'o-big'] }], dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'resultNo', toField: 'licenceNo' }, { from: 'field:premises', toField: 'premises' }], providesMaterials: ['m-licence', 'm-other'] }] },
  ],
  questions: [
    { id: 'q-scale', question: '经营规模？', multiple: false, options: [{ id: 'o-small', label: '小餐饮', default: true, memberSituations: { 's-name': ['o-with-name'], 's-online': ['o-online', 'o-offline'] } }, { id: 'o-big', label: '餐饮服务', default: false }] },
    { id: 'q-empty', question: '尚无选项的问题', multiple: true, options: [] },
  ],
  refusalPolicy: 'stop',
  limitDays: 15,
  basis: '国办发〔2022〕32号',
};

describe('一件事目录 Excel', () => {
  it('round-trips every field of a bundle, including a question without options', async () => {
    const bundles = [{ code: 'YJS330523001', versionNo: 2, status: 'draft', content }, { code: 'YJS330523002', content: { ...content, name: '第二个', members: [{ key: 'only', itemId: A }], questions: [], basis: undefined } }];
    const back = await bundlesFromXlsx(await bundlesToXlsx(bundles, new Map([[A, { name: '个体工商户设立登记', department: '市场监管局' }]])));
    expect(back.problems).toEqual([]);
    expect(back.bundles).toEqual(bundles);
  });

  it('reports an unknown data source where it is, bilingual, and reads nothing of that bundle', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bundlesToXlsx([{ code: 'YJS330523001', content }])) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('数据映射');
    if (!ws) throw new Error('sheet missing');
    const header = ws.getRow(1).values as unknown[];
    ws.getRow(2).getCell(header.indexOf('数据来源')).value = '营业执照号码';
    const back = await bundlesFromXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.bundles).toEqual([]);
    expect(back.problems[0]).toMatchObject({ sheet: '数据映射', row: 2, column: '数据来源' });
    expect(back.problems[0]?.zh).toContain('营业执照号码');
  });
});
