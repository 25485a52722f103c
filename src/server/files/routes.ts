import { Type } from 'typebox';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import { MATERIAL_MIMES, sniffMime } from '../adapters/file-type.js';
import { inTransaction } from '../db/transaction.js';
import { caseFactsOf, caseRelation } from '../policies/case-access.js';
import type { Actor } from '../policies/index.js';
import { isUploader } from './uploads.js';
import type { Db } from '../db/transaction.js';
import { bundleRelation } from '../bundles/case-actions.js';
import { findBundleCase, membersOf } from '../bundles/case-service.js';

/** A 帮办 委托书 a bundle case was filed with (ADR 0041) is visible to whoever may see that bundle case. */
async function bundleLetterVisible(db: Db, actor: Actor, fileId: string): Promise<boolean> {
  const links = await db.selectFrom('assist_authorisations').select('bundle_case_id').where('file_id', '=', fileId).where('bundle_case_id', 'is not', null).execute();
  for (const l of links) {
    const bc = l.bundle_case_id ? await findBundleCase(db, l.bundle_case_id) : undefined;
    if (bc && bundleRelation(actor, bc, await membersOf(db, bc.id))) return true;
  }
  return false;
}

/**
 * Uploads of application materials: size-limited, typed by content (PDF, PNG, JPEG) not by name, and
 * stored content-addressed. The response's id is what a case's material list refers to.
 */
export function fileRoutes(app: App, deps: CapabilityDeps): void {
  app.post(
    '/api/files',
    { schema: { tags: ['files'], summary: '上传材料 Upload a material file (multipart field "file"; PDF, PNG or JPEG)' }, config: { permission: 'authenticated', sessionsUnchanged: true } },
    async (req, reply) => {
      if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', { zh: '请以表单方式上传文件', en: 'Upload the file as multipart/form-data' });
      const part = await req.file();
      if (!part) throw new DomainError('VALIDATION_FAILED', { zh: '未收到文件', en: 'No file received' });
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch {
        const mb = Math.round(deps.config.uploadMaxBytes / 1024 / 1024);
        throw new DomainError('UPLOAD_REJECTED', { zh: `文件超过${mb}MB的大小限制`, en: `The file exceeds the ${mb} MB limit` });
      }
      if (bytes.length === 0) throw new DomainError('UPLOAD_REJECTED', { zh: '文件为空', en: 'The file is empty' });
      const mime = sniffMime(bytes);
      if (!mime || !MATERIAL_MIMES.includes(mime)) {
        throw new DomainError('UPLOAD_REJECTED', {
          zh: `文件“${part.filename}”的内容不是PDF、PNG或JPEG格式（按文件内容识别，而非扩展名）`,
          en: `The content of "${part.filename}" is not a PDF, PNG or JPEG (checked by content, not by name)`,
        });
      }
      const id = await deps.storage.put(bytes);
      const uploader = (req.actor as Actor).userId;
      await inTransaction(app.db, async (tx) => {
        await tx.insertInto('files').values({ id, size: bytes.length, mime }).onConflict((oc) => oc.column('id').doNothing()).execute();
        await tx.insertInto('file_uploads').values({ file_id: id, uploaded_by: uploader }).onConflict((oc) => oc.columns(['file_id', 'uploaded_by']).doNothing()).execute();
      });
      reply.status(201);
      return { id, size: bytes.length, mime, name: part.filename };
    },
  );

  app.get(
    '/api/files/:id',
    { schema: { tags: ['files'], summary: '下载材料 Download a file the caller may see', params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) }, config: { permission: 'authenticated' } },
    async (req, reply) => {
      const actor = req.actor;
      if (!actor) throw new DomainError('UNAUTHENTICATED');
      // A file attached to cases is visible to whoever has a role in one of those cases (the case
      // access policy); an unattached upload only to the account that uploaded it (finding 6).
      // A 帮办 委托书 (ADR 0037) is attached to its case through the authorisation.
      const links = await app.db
        .selectFrom('case_materials as m')
        .innerJoin('cases as c', 'c.id', 'm.case_id')
        .select(['c.applicant_id', 'c.org_path', 'c.state', 'c.snapshot', 'c.impl_id'])
        .where('m.file_id', '=', req.params.id)
        .unionAll((eb) =>
          eb
            .selectFrom('assist_authorisations as a')
            .innerJoin('cases as c', 'c.id', 'a.case_id')
            .select(['c.applicant_id', 'c.org_path', 'c.state', 'c.snapshot', 'c.impl_id'])
            .where('a.file_id', '=', req.params.id),
        )
        .execute();
      const allowed = links.length
        ? links.some((c) => caseRelation(actor, caseFactsOf(c)) !== null)
        : (await bundleLetterVisible(app.db, actor, req.params.id)) || (await isUploader(app.db, req.params.id, actor.userId));
      if (!allowed) throw new DomainError('FORBIDDEN', { zh: '您无权查看该文件', en: 'You may not see this file' });
      const meta = await app.db.selectFrom('files').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      const bytes = await deps.storage.get(req.params.id);
      if (!meta || !bytes) throw new DomainError('NOT_FOUND');
      reply.header('content-type', meta.mime).header('x-content-type-options', 'nosniff').header('content-disposition', 'inline');
      return reply.send(bytes);
    },
  );
}
