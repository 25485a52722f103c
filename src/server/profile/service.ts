import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import { IDENTITY_KEYS, PROFILE_KEYS, mergeProfile, profileEdits, profileProblems, type ApplicantKind, type ProfileEdit } from '../../core/profile/profile.js';
import { openRecord, openUser, sealRecord } from '../crypto/personal-data.js';

/** The purpose the profile record is sealed under (ADR 0011 envelopes). */
export const PROFILE_PURPOSE = 'applicant_profiles.data';
/** The purpose a recorded change's values are sealed under. */
export const PROFILE_CHANGE_PURPOSE = 'applicant_profile_changes.data';
export type ProfileChangeSource = 'profile' | 'application';

export interface ProfileChangeView {
  at: string;
  source: ProfileChangeSource;
  edits: ProfileEdit[];
}

export interface ProfileView {
  kind: ApplicantKind;
  /** Facts of the verified account (read-only). */
  identity: Record<string, string>;
  /** What the applicant keeps. */
  fields: Record<string, string>;
  /** Identity and kept fields together, with the account's phone and address where nothing is kept: what fills a form. */
  values: Record<string, string>;
  keys: readonly string[];
  identityKeys: readonly string[];
  updatedAt: string | null;
  /** The newest recorded changes (我的资料), newest first. */
  changes: ProfileChangeView[];
}

const strings = (r: Record<string, unknown> | null): Record<string, string> => Object.fromEntries(Object.entries(r ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** The applicant's profile (their own account only). */
export async function loadProfile(db: Db, userId: string): Promise<ProfileView> {
  const found = await db
    .selectFrom('users as u')
    .leftJoin('applicant_profiles as p', 'p.user_id', 'u.id')
    .select(['u.kind', 'u.display_name', 'u.id_number', 'u.credit_code', 'u.legal_representative', 'u.phone', 'u.address', 'p.data', 'p.updated_at'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!found || found.kind === 'staff') throw new DomainError('FORBIDDEN', { zh: '只有申请人账号有办事资料', en: 'Only applicant accounts have a profile' });
  const u = openUser(found);
  const kind = u.kind as ApplicantKind;
  const identity: Record<string, string> =
    kind === 'natural_person'
      ? { name: u.display_name, ...(u.id_number ? { idNumber: u.id_number } : {}) }
      : { companyName: u.display_name, ...(u.credit_code ? { creditCode: u.credit_code } : {}), ...(u.legal_representative ? { legalRepresentative: u.legal_representative } : {}) };
  const fields = strings(openRecord(PROFILE_PURPOSE, found.data));
  const account: Record<string, string> = { ...(u.phone ? { phone: u.phone } : {}), ...(u.address ? { address: u.address } : {}) };
  const changes = await db.selectFrom('applicant_profile_changes').select(['at', 'source', 'data']).where('user_id', '=', userId).orderBy('id', 'desc').limit(20).execute();
  return {
    kind,
    identity,
    fields,
    values: { ...account, ...fields, ...identity },
    keys: PROFILE_KEYS[kind],
    identityKeys: IDENTITY_KEYS[kind],
    updatedAt: found.updated_at ? new Date(found.updated_at).toISOString() : null,
    changes: changes.map((c) => ({ at: new Date(c.at).toISOString(), source: c.source, edits: (openRecord(PROFILE_CHANGE_PURPOSE, c.data)?.edits ?? []) as ProfileEdit[] })),
  };
}

/**
 * Keeps the given fields (an empty value removes one); every problem is reported at once and nothing is
 * written. What really changed is recorded with the profile in one transaction (keys plain, values sealed).
 */
export async function updateProfile(db: Db, actor: Actor, update: Record<string, string>, now: Date, source: ProfileChangeSource = 'profile'): Promise<ProfileView> {
  const current = await loadProfile(db, actor.userId);
  const problems = profileProblems(current.kind, update);
  if (problems.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { zh: `资料填写有误：${problems.map((p) => p.zh).join('；')}`, en: `The profile has errors: ${problems.map((p) => p.en).join('; ')}` },
      problems.map((p) => ({ code: p.code, path: `/fields/${p.key}`, zh: p.zh, en: p.en })),
    );
  }
  const edits = profileEdits(current.fields, update);
  if (edits.length === 0) return current;
  const data = JSON.stringify(sealRecord(PROFILE_PURPOSE, mergeProfile(current.fields, update)));
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto('applicant_profiles')
      .values({ user_id: actor.userId, data, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ data, updated_at: now }))
      .execute();
    await tx
      .insertInto('applicant_profile_changes')
      .values({ user_id: actor.userId, at: now, source, keys: JSON.stringify(edits.map((e) => e.key)), data: JSON.stringify(sealRecord(PROFILE_CHANGE_PURPOSE, { edits })) })
      .execute();
  });
  return loadProfile(db, actor.userId);
}
