import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildItemContent } from '../../core/catalogue/test-factory.js';
import { DEMO_ITEMS } from '../demo/items/index.js';
import { catalogueFromXlsx, catalogueToXlsx } from './xlsx.js';

describe('catalogue Excel import and export', () => {
  it('round-trips every demo item exactly', async () => {
    const items = DEMO_ITEMS.map((i) => ({ level: 'county', content: i.content }));
    const back = await catalogueFromXlsx(await catalogueToXlsx(items));
    expect(back.problems).toEqual([]);
    expect(back.items).toEqual(items);
  });

  it('reads an edited cell back', async () => {
    const buf = await catalogueToXlsx([{ level: 'county', content: buildItemContent() }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事项');
    if (!ws) throw new Error('sheet missing');
    const header = ws.getRow(1).values as unknown[];
    ws.getRow(2).getCell(header.indexOf('承诺时限(工作日)')).value = 3;
    const back = await catalogueFromXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.items[0]?.content.promisedLimitDays).toBe(3);
  });

  it('reports located, bilingual problems for unknown values and imports nothing of that item', async () => {
    const buf = await catalogueToXlsx([{ level: 'county', content: buildItemContent() }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('申请材料');
    if (!ws) throw new Error('sheet missing');
    const header = ws.getRow(1).values as unknown[];
    ws.getRow(2).getCell(header.indexOf('形式')).value = '扫描件';
    const back = await catalogueFromXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(back.items).toHaveLength(0);
    expect(back.problems[0]).toMatchObject({ sheet: '申请材料', row: 2, column: '形式' });
    expect(back.problems[0]?.zh).toContain('扫描件');
    expect(back.problems[0]?.en).toContain('unknown value');
  });

  it('refuses bytes that are not a workbook with one problem', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const back = await catalogueFromXlsx(png);
    expect(back.items).toEqual([]);
    expect(back.problems).toHaveLength(1);
  });
});
