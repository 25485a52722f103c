import type { Db } from '../db/transaction.js';
import type { LicenceType } from '../../core/licences/types.js';
import { typeOf } from './repository.js';

/** One licence type by its code (locked for a change when asked): the 证照类型 editor's read (ADR 0039). */
export async function findTypeByCode(db: Db, code: string, opts: { forUpdate?: boolean } = {}): Promise<LicenceType | undefined> {
  let q = db.selectFrom('licence_types').selectAll().where('code', '=', code);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && typeOf(r);
}
