import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';
import { keyring } from '../crypto/data-key.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../identity/audit.js';
import { generateSm2KeyPair, sm2Sign } from './sm2.js';

/**
 * Per-department signing keys (签章密钥): generated on first use, the private key sealed at rest with
 * the data key (SM4 envelope, ADR 0011) and never sent anywhere; rotation retires the key in use and
 * makes a new one, while retired keys stay published so old licences keep verifying.
 */
export const SIGNING_KEY_PURPOSE = 'signing_keys.private_key';

export interface SigningKey {
  id: string;
  orgId: string;
  publicKey: string;
}

/** The key id: `SM2-` and the first 16 hex digits of SM3 over the public key. */
export const keyIdOf = (publicKey: string) => `SM2-${createHash('sm3').update(publicKey, 'utf8').digest('hex').slice(0, 16).toUpperCase()}`;

/** Opened private keys by key id: unsealing on every signature would dominate signing time. */
const opened = new Map<string, string>();

async function activeKey(db: Db, orgId: string) {
  return db.selectFrom('signing_keys').select(['id', 'org_id', 'public_key', 'private_key_sealed']).where('org_id', '=', orgId).where('retired_at', 'is', null).executeTakeFirst();
}

async function insertKey(db: Db, orgId: string, now: Date): Promise<void> {
  const kp = generateSm2KeyPair();
  const id = keyIdOf(kp.publicKey);
  await db
    .insertInto('signing_keys')
    .values({ id, org_id: orgId, public_key: kp.publicKey, private_key_sealed: keyring().seal(kp.privateKey, SIGNING_KEY_PURPOSE), created_at: now })
    // A concurrent first use made the department's key first: theirs is used.
    .onConflict((oc) => oc.column('org_id').where('retired_at', 'is', null).doNothing())
    .execute();
}

export type Signer = SigningKey & { sign(data: Uint8Array): string };

/** The department's key in use, made on first use. */
export async function signingKeyFor(db: Db, orgId: string, now: Date): Promise<Signer> {
  let row = await activeKey(db, orgId);
  if (!row) {
    await insertKey(db, orgId, now);
    row = await activeKey(db, orgId);
  }
  if (!row) throw new Error('signing key missing after creation');
  return signerOf(row);
}

/** A signer for a key row read elsewhere (e.g. with a case command's write). */
export function signerOf(row: { id: string; org_id: string; public_key: string; private_key_sealed: string }): Signer {
  const { id, private_key_sealed } = row;
  return {
    id,
    orgId: row.org_id,
    publicKey: row.public_key,
    sign: (data) => {
      let priv = opened.get(id);
      if (!priv) {
        priv = keyring().open(private_key_sealed, SIGNING_KEY_PURPOSE);
        if (opened.size > 200) opened.clear();
        opened.set(id, priv);
      }
      return sm2Sign(priv, data, row.public_key);
    },
  };
}

/** Retires the department's key in use and makes a new one (one transaction; the old key stays published). */
export async function rotateSigningKey(db: Db, orgId: string, now: Date, by?: { userId: string; username: string }): Promise<{ retired: string | null; current: string }> {
  return inTransaction(db, async (tx) => {
    // Serialises rotations of one department.
    await sql`select id from orgs where id = ${orgId} for update`.execute(tx);
    const old = await activeKey(tx, orgId);
    if (old) await tx.updateTable('signing_keys').set({ retired_at: now }).where('id', '=', old.id).execute();
    await insertKey(tx, orgId, now);
    const fresh = await activeKey(tx, orgId);
    if (!fresh) throw new Error('signing key missing after rotation');
    // The audit entry commits with the rotation (ADR 0010).
    if (by) await recordAudit(tx, { kind: 'signing_key_rotated', userId: by.userId, username: by.username, objectType: 'signing_key', objectId: fresh.id, detail: { orgId, retired: old?.id ?? null }, at: now });
    return { retired: old?.id ?? null, current: fresh.id };
  });
}

export interface PublishedKey {
  id: string;
  publicKey: string;
  orgId: string;
  orgName: string;
  orgCreditCode: string | null;
  validFrom: Date;
  retiredAt: Date | null;
}

export async function publishedKey(db: Db, keyId: string): Promise<PublishedKey> {
  const row = await db
    .selectFrom('signing_keys as k')
    .innerJoin('orgs as o', 'o.id', 'k.org_id')
    .select(['k.id', 'k.public_key', 'k.org_id', 'o.name', 'o.credit_code', 'k.created_at', 'k.retired_at'])
    .where('k.id', '=', keyId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { zh: '签名密钥不存在', en: 'No such signing key' });
  return { id: row.id, publicKey: row.public_key, orgId: row.org_id, orgName: row.name, orgCreditCode: row.credit_code, validFrom: row.created_at, retiredAt: row.retired_at };
}
