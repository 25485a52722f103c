import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';

/** Did this account upload this file? (Files are content-addressed; each uploader is recorded.) */
export async function isUploader(db: Db, fileId: string, userId: string): Promise<boolean> {
  return !!(await db.selectFrom('file_uploads').select('file_id').where('file_id', '=', fileId).where('uploaded_by', '=', userId).executeTakeFirst());
}

/**
 * Files can be attached to a draft, a case or a command only by an account that uploaded them
 * (issue 8 finding 6: knowing a file id is not enough). One query for the whole set; a file that
 * does not exist and a file uploaded by someone else give the same answer.
 */
export async function requireOwnUploads(db: Db, userId: string, fileIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(fileIds)];
  if (wanted.length === 0) return;
  const mine = await db.selectFrom('file_uploads').select('file_id').where('uploaded_by', '=', userId).where('file_id', 'in', wanted).execute();
  if (mine.length !== wanted.length) {
    const have = new Set(mine.map((r) => r.file_id));
    throw notOwnUploads(wanted.filter((id) => !have.has(id)));
  }
}

/** The answer to files that are not the actor's own uploads (a caller that read the uploads with something else throws it too). */
export function notOwnUploads(fileIds: readonly string[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    { zh: '引用的文件不存在或不是您上传的，请重新上传', en: 'A referenced file does not exist or was not uploaded by you; upload it again' },
    fileIds.map((id) => ({ code: 'FILE_NOT_YOURS', path: `/files/${id}`, zh: '请重新上传该文件', en: 'Upload this file again' })),
  );
}
