import { describe, expect, it } from 'vitest';
import { renderNotice } from './render.js';

describe('notice PDF', () => {
  it('embeds a subset Chinese font and the QR code image', async () => {
    const pdf = await renderNotice({
      title: '受理通知书',
      docNo: '安市监受字〔2026〕第000001号',
      addressee: '张三',
      paragraphs: ['你（单位）于2026年11月23日提出的个体工商户设立登记申请，经审查，申请材料齐全、符合法定形式，决定予以受理。'],
      list: { heading: '需补正的材料', items: ['经营场所使用证明'] },
      agency: '安吉县市场监督管理局',
      date: '2026年11月23日',
      verifyUrl: 'http://localhost:3000/verify/ABC?c=123456',
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile2/);
    // pdfkit names a subset font with a six-letter tag, e.g. /BaseFont /ABCDEF+NotoSansSC-Regular
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(text).toMatch(/\/Subtype \/Image/);
    // A subset font stays far smaller than the 10 MB source font.
    expect(pdf.length).toBeLessThan(400_000);
  });
});
