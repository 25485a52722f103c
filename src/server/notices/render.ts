import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * Renders an official notice (受理通知书, 一次性告知书, 决定书, 送达回证 …) as an A4 PDF with an embedded,
 * subset Chinese font (Noto Sans SC, shipped by an npm package so no system font is needed) and a QR
 * code that opens the case's public verification page.
 */
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

export interface NoticeSpec {
  title: string;
  docNo: string;
  addressee: string;
  paragraphs: string[];
  list?: { heading: string; items: string[] };
  /** Closing paragraphs after the list (e.g. remedies: 行政复议 / 行政诉讼). */
  closing?: string[];
  agency: string;
  date: string;
  verifyUrl: string;
  /** Short caption under the QR code. */
  verifyCaption?: string;
}

export async function renderNotice(spec: NoticeSpec): Promise<Buffer> {
  const qr = await QRCode.toBuffer(spec.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: spec.title, Producer: 'Tongban 通办' } });
  doc.registerFont('body', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 160;
  doc.font('bold').fontSize(20).text(spec.title, { align: 'center', width });
  doc.moveDown(0.4);
  doc.font('body').fontSize(11).fillColor('#333').text(spec.docNo, { align: 'center', width });
  doc.moveDown(1.2);
  doc.fillColor('#000').fontSize(13).text(`${spec.addressee}：`, { width });
  doc.moveDown(0.5);
  for (const p of spec.paragraphs) {
    doc.text(p, { width, indent: 26, lineGap: 5, align: 'justify' });
    doc.moveDown(0.4);
  }
  if (spec.list && spec.list.items.length > 0) {
    doc.moveDown(0.3);
    doc.font('bold').text(spec.list.heading, { width });
    doc.font('body');
    spec.list.items.forEach((item, i) => {
      doc.text(`${i + 1}. ${item}`, { width, indent: 26, lineGap: 4 });
    });
    doc.moveDown(0.4);
  }
  for (const p of spec.closing ?? []) {
    doc.text(p, { width, indent: 26, lineGap: 5, align: 'justify' });
    doc.moveDown(0.4);
  }
  doc.moveDown(1.5);
  doc.text(spec.agency, { width, align: 'right' });
  doc.text(spec.date, { width, align: 'right' });

  // QR code and caption at the bottom left of the last page.
  const qrSize = 86;
  const y = Math.max(doc.y + 20, doc.page.height - 72 - qrSize - 20);
  if (y + qrSize + 20 > doc.page.height - 40) doc.addPage();
  const qrY = Math.min(y, doc.page.height - 72 - qrSize - 20);
  doc.image(qr, 80, qrY, { width: qrSize, height: qrSize });
  doc.fontSize(9).fillColor('#555').text(spec.verifyCaption ?? '扫码核验本文书真伪及办件进度', 80 + qrSize + 12, qrY + qrSize / 2 - 12, { width: width - qrSize - 12 });
  doc.end();
  return done;
}
