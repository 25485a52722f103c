import { createHash } from 'node:crypto';
import { digestBytes, sealVerdict, type SealKind, type SealVerdict } from '../../core/seals/seal.js';
import type { Db } from '../db/transaction.js';
import { signingKeyFor } from '../licences/keys.js';
import { sm2Verify } from '../licences/sm2.js';

/**
 * 电子印章 (ADR 0029): the issuing department's signing key (the one that signs its licences) signs the
 * SM3 digest of a rendered document; the seal is recorded in `document_seals` by that digest. Documents
 * render byte for byte the same each time (fixed creation date), so a document downloaded twice has one
 * seal. Verifying a file is looking its digest up and checking the recorded signature with the
 * published key: an unknown digest means the file was changed (or was never sealed here).
 */
export const sm3OfBytes = (bytes: Uint8Array): string => createHash('sm3').update(bytes).digest('hex');

export interface SealInput {
  pdf: Buffer;
  kind: SealKind;
  title: string;
  orgId: string;
  caseId?: string | null;
  licenceId?: string | null;
  now: Date;
}

export interface SealRecord {
  id: string;
  sha: string;
  keyId: string;
}

/** Seals a rendered document (idempotent per file: the same bytes keep their first seal). */
export async function sealDocument(db: Db, input: SealInput): Promise<SealRecord> {
  const sha = sm3OfBytes(input.pdf);
  const found = await db.selectFrom('document_seals').select(['id', 'sha', 'key_id']).where('sha', '=', sha).where('kind', '=', input.kind).orderBy('created_at').limit(1).executeTakeFirst();
  if (found) return { id: found.id, sha, keyId: found.key_id };
  const key = await signingKeyFor(db, input.orgId, input.now);
  const signature = key.sign(digestBytes(sha));
  const row = await db
    .insertInto('document_seals')
    .values({ sha, kind: input.kind, title: input.title, org_id: input.orgId, key_id: key.id, signature: Buffer.from(signature, 'hex').toString('base64'), case_id: input.caseId ?? null, licence_id: input.licenceId ?? null, created_at: input.now })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, sha, keyId: key.id };
}

export interface SealVerification {
  sha: string;
  verdict: SealVerdict;
  seal: {
    id: string;
    kind: string;
    title: string;
    issuer: { name: string; creditCode: string | null };
    keyId: string;
    keyUrl: string;
    signature: string;
    sealedAt: string;
    signatureValid: boolean;
    licenceIdentifier: string | null;
  } | null;
}

/** 文件核验: whether a file with this SM3 digest was sealed here and the seal's signature holds. */
export async function verifyDigest(db: Db, sha: string): Promise<SealVerification> {
  const row = await db
    .selectFrom('document_seals as d')
    .innerJoin('orgs as o', 'o.id', 'd.org_id')
    .innerJoin('signing_keys as k', 'k.id', 'd.key_id')
    .leftJoin('licences as l', 'l.id', 'd.licence_id')
    .select(['d.id', 'd.sha', 'd.kind', 'd.title', 'd.key_id', 'd.signature', 'd.created_at', 'o.name as org_name', 'o.credit_code', 'k.public_key', 'l.identifier as licence_identifier'])
    .where('d.sha', '=', sha)
    .orderBy('d.created_at')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { sha, verdict: sealVerdict(undefined), seal: null };
  const signatureValid = sm2Verify(row.public_key, digestBytes(row.sha), Buffer.from(row.signature, 'base64').toString('hex'));
  return {
    sha,
    verdict: sealVerdict({ id: row.id, signatureValid }),
    seal: {
      id: row.id,
      kind: row.kind,
      title: row.title,
      issuer: { name: row.org_name, creditCode: row.credit_code },
      keyId: row.key_id,
      keyUrl: `/api/public/signing-keys/${row.key_id}`,
      signature: row.signature,
      sealedAt: new Date(row.created_at).toISOString(),
      signatureValid,
      licenceIdentifier: row.licence_identifier,
    },
  };
}
