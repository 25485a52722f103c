import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { ItemContentSchema } from './schemas.js';
import { EXPORT_FORMAT, exportItems, importItems } from './transfer.js';
import { catalogueFromXlsx, catalogueToXlsx } from './xlsx.js';
import { checkXlsxContainer } from './xlsx-limits.js';
import { authorize } from '../policies/index.js';

const Level = Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('township')]);
const TransferItemSchema = Type.Object(
  { level: Level, status: Type.Optional(Type.String()), versionNo: Type.Optional(Type.Integer()), content: ItemContentSchema },
  { additionalProperties: false },
);

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function catalogueTransferRoutes(app: App, _deps: CapabilityDeps): void {
  app.get('/api/admin/catalogue/export.json', { schema: { tags: ['catalogue-admin'], summary: '导出 JSON Export the catalogue in scope as JSON' }, config: { permission: 'staff' } }, async (req, reply) => {
    const items = await exportItems(app.db, req.actor);
    reply.header('content-disposition', 'attachment; filename="catalogue.json"');
    return { format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), items };
  });

  app.get('/api/admin/catalogue/export.xlsx', { schema: { tags: ['catalogue-admin'], summary: '导出 Excel Export the catalogue in scope as .xlsx' }, config: { permission: 'staff' } }, async (req, reply) => {
    const items = await exportItems(app.db, req.actor);
    const buf = await catalogueToXlsx(items);
    reply.header('content-type', XLSX_MIME).header('content-disposition', 'attachment; filename="catalogue.xlsx"');
    return reply.send(buf);
  });

  app.post(
    '/api/admin/catalogue/import',
    {
      schema: {
        tags: ['catalogue-admin'],
        summary: '导入 JSON Import items as drafts (all or nothing)',
        body: Type.Object(
          { format: Type.Optional(Type.Literal(EXPORT_FORMAT)), version: Type.Optional(Type.Literal(1)), exportedAt: Type.Optional(Type.String()), items: Type.Array(TransferItemSchema, { minItems: 1, maxItems: 5000 }) },
          { additionalProperties: false },
        ),
      },
      config: { permission: 'staff' },
      bodyLimit: 20 * 1024 * 1024,
    },
    async (req) => importItems(app.db, req.actor, req.body.items.map((i) => ({ level: i.level, content: i.content as ItemContent }))),
  );

  app.post(
    '/api/admin/catalogue/import.xlsx',
    { schema: { tags: ['catalogue-admin'], summary: '导入 Excel Import items from an .xlsx file (multipart field "file")' }, config: { permission: 'staff' } },
    async (req) => {
      // Permission before a byte of the upload is read or parsed (issue 8 finding 10); the scope of
      // each imported item's implementing body is checked again as it is written (importItems).
      authorize(req.actor, 'catalogue.edit');
      if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', { zh: '请以表单方式上传 Excel 文件', en: 'Upload the Excel file as multipart/form-data' });
      const file = await req.file();
      if (!file) throw new DomainError('VALIDATION_FAILED', { zh: '未收到文件', en: 'No file received' });
      const buf = await file.toBuffer().catch(() => {
        throw new DomainError('UPLOAD_REJECTED', { zh: '文件过大', en: 'The file is too large' });
      });
      // Type by content, not by name: an .xlsx is a ZIP container ("PK\x03\x04").
      if (buf.length < 4 || buf.readUInt32BE(0) !== 0x504b0304) {
        throw new DomainError('UPLOAD_REJECTED', { zh: '文件不是有效的 Excel（.xlsx）文件', en: 'The file is not a valid Excel (.xlsx) workbook' });
      }
      // Entry count, unpacked size, compression ratio, rows and cells within limits before parsing.
      checkXlsxContainer(buf);
      const parsed = await catalogueFromXlsx(buf);
      if (parsed.problems.length) {
        throw new DomainError(
          'IMPORT_INVALID',
          { zh: `Excel 文件有${parsed.problems.length}处错误，未导入任何事项`, en: `The workbook has ${parsed.problems.length} problem(s); nothing was imported` },
          parsed.problems.slice(0, 200).map((p) => ({ code: 'xlsx', path: `${p.sheet}!${p.row}${p.column ? ':' + p.column : ''}`, zh: p.zh, en: p.en })),
        );
      }
      return importItems(app.db, req.actor, parsed.items);
    },
  );
}
