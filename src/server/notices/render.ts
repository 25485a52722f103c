import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * Renders an official notice (受理通知书, 一次性告知书, 决定书, 送达回证 …) as an A4 PDF with an embedded,
 * subset Chinese font (Noto Sans SC, shipped by an npm package so no system font is needed) and a QR
 * code that opens the case's public verification page.
 */
const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

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
  /** The issuing department's round seal, drawn over the agency's name and the date. */
  seal?: { name: string };
  /** The PDF's creation date: fixed, so the same notice renders to the same bytes (its 电子印章 stays the file's, ADR 0029). */
  createdAt?: Date;
}

/** Seal red (印泥红). */
export const SEAL_COLOR = '#d6001c';

/** Where each character of the department's name sits on the seal's upper arc, and its rotation. */
export interface SealGlyph {
  char: string;
  x: number;
  y: number;
  /** Degrees clockwise (PDF y grows downwards): the glyph's top points away from the centre. */
  rotate: number;
}

/**
 * The layout of a round official seal (圆形公章): a ring, a five-pointed star in the middle and the
 * name along the upper arc, read clockwise from the lower left. Pure, so the geometry is tested.
 */
export function sealLayout(name: string, cx: number, cy: number, radius: number): { glyphs: SealGlyph[]; star: [number, number][]; textRadius: number; fontSize: number } {
  const chars = [...name];
  const span = Math.min(250, Math.max(180, chars.length * 24));
  const fontSize = Math.min(radius * 0.3, ((span / 360) * 2 * Math.PI * radius * 0.72) / Math.max(1, chars.length));
  const textRadius = radius - fontSize * 0.5 - radius * 0.1;
  const glyphs = chars.map((char, i) => {
    const deg = -span / 2 + (span * (i + 0.5)) / chars.length;
    const rad = (deg * Math.PI) / 180;
    return { char, x: cx + textRadius * Math.sin(rad), y: cy - textRadius * Math.cos(rad), rotate: deg };
  });
  const outer = radius * 0.3;
  const inner = outer * 0.382;
  const star: [number, number][] = Array.from({ length: 10 }, (_, k) => {
    const r = k % 2 === 0 ? outer : inner;
    const a = (k * 36 * Math.PI) / 180;
    return [cx + r * Math.sin(a), cy - r * Math.cos(a)];
  });
  return { glyphs, star, textRadius, fontSize };
}

export function drawSeal(doc: PDFKit.PDFDocument, name: string, cx: number, cy: number, radius: number): void {
  const { glyphs, star, fontSize } = sealLayout(name, cx, cy, radius);
  const cursor = { x: doc.x, y: doc.y };
  doc.save();
  doc.fillColor(SEAL_COLOR).strokeColor(SEAL_COLOR).fillOpacity(0.9).strokeOpacity(0.9);
  doc.lineWidth(radius * 0.06).circle(cx, cy, radius - radius * 0.03).stroke();
  const [first, ...rest] = star;
  if (first) {
    doc.moveTo(first[0], first[1]);
    for (const [x, y] of rest) doc.lineTo(x, y);
    doc.closePath().fill();
  }
  doc.font('bold').fontSize(fontSize);
  for (const g of glyphs) {
    doc.save();
    doc.translate(g.x, g.y).rotate(g.rotate);
    // Noto Sans SC: the baseline sits 1.16 em below the top; a CJK glyph's middle about 0.78 em.
    doc.text(g.char, -fontSize / 2, -fontSize * 0.78, { width: fontSize, align: 'center', lineBreak: false });
    doc.restore();
  }
  doc.restore();
  // Drawing text moves the flow cursor: put it back where the notice's text left it.
  doc.x = cursor.x;
  doc.y = cursor.y;
}

export async function renderNotice(spec: NoticeSpec): Promise<Buffer> {
  const qr = await QRCode.toBuffer(spec.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: spec.title, Producer: 'Tongban 通办', ...(spec.createdAt ? { CreationDate: spec.createdAt } : {}) } });
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
  if (spec.seal && doc.y + 110 > doc.page.height - 72) doc.addPage();
  const agencyY = doc.y;
  doc.text(spec.agency, { width, align: 'right' });
  doc.text(spec.date, { width, align: 'right' });
  if (spec.seal) {
    // 加盖公章: the seal straddles the agency's name and the date, as on paper.
    const right = 80 + width;
    drawSeal(doc, spec.seal.name, right - 60, agencyY + 16, 46);
    doc.fillColor('#000');
  }

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
