import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { drawSeal, FONT_BOLD, FONT_REGULAR } from '../notices/render.js';

/**
 * The licence as a PDF for its holder (证照文件): 照面信息 in a ruled table, the identifier, a QR code
 * to the public verification page, the issuing department's round seal, and a footer naming the
 * electronic seal (电子印章, ADR 0029) and where to check the file. Rendered byte for byte the same for
 * the same licence (the creation date is the licence's), so the seal recorded for it stays the file's.
 */
export interface LicencePdfSpec {
  typeName: string;
  typeNameEn: string;
  identifier: string;
  holder: { label: string; name: string; idLabel: string; id: string };
  fields: { label: string; value: string }[];
  issuer: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  keyId: string;
  verifyUrl: string;
  documentCheckUrl: string;
  createdAt: Date;
}

const cn = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export async function renderLicencePdf(spec: LicencePdfSpec): Promise<Buffer> {
  const qr = await QRCode.toBuffer(spec.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 56, left: 72, right: 72 }, info: { Title: `${spec.typeName} ${spec.identifier}`, Producer: 'Tongban 通办', CreationDate: spec.createdAt } });
  doc.registerFont('body', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 72;
  const width = doc.page.width - 144;

  // A double frame, as printed certificates have.
  doc.save().lineWidth(2).strokeColor('#b8860b').rect(36, 36, doc.page.width - 72, doc.page.height - 72).stroke();
  doc.lineWidth(0.6).rect(42, 42, doc.page.width - 84, doc.page.height - 84).stroke().restore();

  doc.font('bold').fontSize(28).fillColor('#000').text(spec.typeName, left, 70, { width, align: 'center', characterSpacing: 6 });
  doc.font('body').fontSize(11).fillColor('#555').text(`电子证照 · ${spec.typeNameEn}`, { width, align: 'center' });
  doc.moveDown(0.8);
  doc.fontSize(10).fillColor('#333').text(`证照标识  ${spec.identifier}`, { width, align: 'center' });
  doc.moveDown(1.2);

  // 照面信息: two columns, ruled.
  const rows: [string, string][] = [[spec.holder.label, spec.holder.name], [spec.holder.idLabel, spec.holder.id], ...spec.fields.map((f): [string, string] => [f.label, f.value || '—']), ['发证机构', spec.issuer], ['发证日期', cn(spec.issuedOn)], ['有效期', `${cn(spec.validFrom)} 至 ${spec.validUntil ? cn(spec.validUntil) : '长期'}`]];
  const labelW = 130;
  let y = doc.y;
  doc.lineWidth(0.6).strokeColor('#999');
  for (const [label, value] of rows) {
    doc.font('body').fontSize(12);
    const h = Math.max(26, doc.heightOfString(value, { width: width - labelW - 16 }) + 12);
    doc.save().fillColor('#f6f1e4').rect(left, y, labelW, h).fill().restore();
    doc.rect(left, y, width, h).stroke();
    doc.moveTo(left + labelW, y).lineTo(left + labelW, y + h).stroke();
    doc.font('bold').fillColor('#333').text(label, left + 8, y + 7, { width: labelW - 16 });
    doc.font('body').fillColor('#000').text(value, left + labelW + 8, y + 7, { width: width - labelW - 16 });
    y += h;
  }

  // The QR code to the verification page (left) and the issuer with its seal (right).
  const qrSize = 96;
  const blockY = Math.max(y + 36, doc.page.height - 56 - 200);
  doc.image(qr, left, blockY, { width: qrSize, height: qrSize });
  doc.font('body').fontSize(9).fillColor('#555').text('扫码核验证照真伪与状态', left, blockY + qrSize + 4, { width: qrSize + 40 });
  doc.font('body').fontSize(13).fillColor('#000').text(spec.issuer, left, blockY + 24, { width, align: 'right' });
  doc.text(cn(spec.issuedOn), left, blockY + 46, { width, align: 'right' });
  drawSeal(doc, spec.issuer, left + width - 70, blockY + 40, 50);

  // 电子印章 footer.
  doc.font('body').fontSize(8.5).fillColor('#555').text(
    `电子印章：本文件由${spec.issuer}以签名密钥 ${spec.keyId}（SM2/SM3）对文件的 SM3 摘要签章。文件是否被改动，请在 ${spec.documentCheckUrl} 上传本文件核验。`,
    left,
    doc.page.height - 56 - 34,
    { width, align: 'left' },
  );
  doc.end();
  return done;
}
