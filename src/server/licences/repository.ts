import { CompiledQuery, type Selectable } from 'kysely';
import type { LicencesTable, LicenceTypesTable } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import type { LicenceType } from '../../core/licences/types.js';

/** Kysely queries of the licence store: no rules here (services decide). */
export type LicenceRow = Selectable<LicencesTable>;

export const typeOf = (r: Selectable<LicenceTypesTable>): LicenceType => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  issuerKind: r.issuer_kind,
  fields: r.fields,
  validity: r.validity,
  issuingBaseCodes: r.issuing_base_codes,
});

export async function allTypes(db: Db): Promise<LicenceType[]> {
  return (await db.selectFrom('licence_types').selectAll().orderBy('code').execute()).map(typeOf);
}

export async function findType(db: Db, codeOrName: string): Promise<LicenceType | undefined> {
  const r = await db.selectFrom('licence_types').selectAll().where((eb) => eb.or([eb('code', '=', codeOrName), eb('name', '=', codeOrName)])).executeTakeFirst();
  return r && typeOf(r);
}

/** Licence types issued when a case of the item with this base code completes. */
export async function typesIssuedBy(db: Db, baseCode: string): Promise<LicenceType[]> {
  const rows = await db.selectFrom('licence_types').selectAll().execute();
  return rows.map(typeOf).filter((t) => t.issuingBaseCodes.includes(baseCode));
}

export async function findLicence(db: Db, identifier: string, opts: { forUpdate?: boolean } = {}): Promise<LicenceRow | undefined> {
  let q = db.selectFrom('licences').selectAll().where('identifier', '=', identifier);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findLicenceById(db: Db, id: string): Promise<LicenceRow | undefined> {
  return db.selectFrom('licences').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function licencesOfHolder(db: Db, holderId: string): Promise<LicenceRow[]> {
  return db.selectFrom('licences').selectAll().where('holder_id', '=', holderId).orderBy('created_at', 'desc').orderBy('version', 'desc').execute();
}

export async function licencesOfCase(db: Db, caseId: string): Promise<LicenceRow[]> {
  return db.selectFrom('licences').selectAll().where('case_id', '=', caseId).execute();
}

/** The next serial number for a type and issuer (one statement: concurrent issues get different numbers). */
export async function nextSerial(db: Db, typeCode: string, issuerCreditCode: string): Promise<number> {
  const r = await db
    .insertInto('licence_serials')
    .values({ type_code: typeCode, issuer_credit_code: issuerCreditCode, last_serial: 1 })
    .onConflict((oc) => oc.columns(['type_code', 'issuer_credit_code']).doUpdateSet((eb) => ({ last_serial: eb('licence_serials.last_serial', '+', 1) })))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(r.last_serial);
}

export async function orgOf(db: Db, orgId: string) {
  return db.selectFrom('orgs').select(['id', 'name', 'credit_code', 'path']).where('id', '=', orgId).executeTakeFirst();
}

export async function publicKeyOf(db: Db, keyId: string): Promise<string | undefined> {
  return (await db.selectFrom('signing_keys').select('public_key').where('id', '=', keyId).executeTakeFirst())?.public_key;
}

/**
 * Everything a public verification needs in one statement (the hot path of 公开核验): the licence, the
 * signer's public key, the lineage's newest identifier and its history in order.
 */
/**
 * The public verification's one statement (the bench's hot path), kept as SQL text so that no query is
 * built per request: the licence, its signer's public key, the lineage's newest identifier and the
 * lineage's history as JSON **text** (`events_text`), so that the service recognises an unchanged
 * licence by comparing strings and parses the history only when it changed.
 */
const VERIFICATION_SQL = `select l.*, k.public_key,
  (select n.identifier from licences n where n.lineage = l.lineage order by n.version desc limit 1) as latest_identifier,
  (select coalesce(json_agg(agg), '[]')::text from (
     select e.seq, e.at, e.kind, e.user_id, e.username, e.object_id, e.detail, e.prev_hash, e.hash
     from licence_events e where e.lineage = l.lineage order by e.seq) agg) as events_text
from licences l left join signing_keys k on k.id = l.key_id
where l.identifier = $1`;

export type VerificationRow = LicenceRow & { public_key: string | null; latest_identifier: string | null; events_text: string };

export async function verificationRow(db: Db, identifier: string): Promise<VerificationRow | undefined> {
  return (await db.executeQuery<VerificationRow>(CompiledQuery.raw(VERIFICATION_SQL, [identifier]))).rows[0];
}
