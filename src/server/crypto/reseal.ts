import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { keyring } from './data-key.js';
import { resealTotpSecrets } from './second-factor-secrets.js';
import { FORM_DATA_PURPOSE, idNumberIndex, isSealedFormData, openField, openRecord, PENDING_PURPOSE, SEALED_USER_COLUMNS, sealField, sealRecord } from './personal-data.js';

export interface ResealReport {
  users: number;
  cases: number;
  files: number;
  /** Accounts whose TOTP secrets were sealed or re-sealed (ADR 0014). */
  totpSecrets: number;
  /** Window-registered accounts whose username carried the ID number (`w_<ID>`), renamed. */
  renamedAccounts: number;
}

export interface Resealable {
  resealAll(opts?: { force?: boolean }): Promise<number>;
}

const BATCH = 500;

/**
 * The data step after migrations (ADR 0011): brings every personal value under the current data key —
 * plaintext written before encryption, values sealed under an older key during a rotation — and fills
 * missing blind indexes. Idempotent and resumable: each batch commits, and a sealed row no longer
 * matches. Run at every start (cheap when nothing is left) and by `npm run rotate-key`.
 */
export async function resealPersonalData(db: Kysely<Database>, opts: { files?: Resealable | undefined; forceFiles?: boolean } = {}): Promise<ResealReport> {
  const report: ResealReport = { users: 0, cases: 0, files: 0, totpSecrets: 0, renamedAccounts: 0 };
  const current = `tb1.${keyring().currentKid}.%`;

  // Accounts registered at the window were named after the ID number; the name must not carry it.
  const renamed = await sql`update users set username = 'w_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)
    where kind in ('natural_person', 'legal_person') and username ~ '^w_[0-9]{17}[0-9x]$'`.execute(db);
  report.renamedAccounts = Number(renamed.numAffectedRows ?? 0);

  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('users')
        .select(['id', 'id_number', 'id_number_bidx', 'phone', 'legal_representative', 'address'])
        .where((eb) =>
          eb.or([
            ...SEALED_USER_COLUMNS.map((c) => eb.and([eb(c, 'is not', null), eb(c, 'not like', current)])),
            eb.and([eb('id_number', 'is not', null), eb('id_number_bidx', 'is', null)]),
          ]),
        )
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .execute();
      for (const r of rows) {
        const plain = Object.fromEntries(SEALED_USER_COLUMNS.map((c) => [c, openField(c, r[c])])) as Record<(typeof SEALED_USER_COLUMNS)[number], string | null>;
        await tx
          .updateTable('users')
          .set({
            id_number: sealField('id_number', plain.id_number),
            id_number_bidx: plain.id_number === null ? null : idNumberIndex(plain.id_number),
            phone: sealField('phone', plain.phone),
            legal_representative: sealField('legal_representative', plain.legal_representative),
            address: sealField('address', plain.address),
          })
          .where('id', '=', r.id)
          .execute();
      }
      return rows.length;
    });
    report.users += n;
    if (n < BATCH) break;
  }

  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('cases')
        .select(['id', 'form_data'])
        .where(sql<boolean>`coalesce(form_data ->> '$sealed', '') not like ${current}`)
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .execute();
      const ring = keyring();
      for (const r of rows) {
        const stored: unknown = r.form_data;
        const plain = isSealedFormData(stored) ? ring.open(stored.$sealed, FORM_DATA_PURPOSE) : JSON.stringify(stored ?? {});
        const sealed = JSON.stringify({ $sealed: ring.seal(plain, FORM_DATA_PURPOSE) });
        // No lock_version bump: the content is unchanged, and commands never rewrite form data.
        await tx.updateTable('cases').set({ form_data: sealed }).where('id', '=', r.id).execute();
      }
      return rows.length;
    });
    report.cases += n;
    if (n < BATCH) break;
  }

  // Pending registrations (a few minutes old at most) carry an ID number and a phone in their payload.
  const pending = await db
    .selectFrom('verification_codes')
    .select(['id', 'payload'])
    .where('payload', 'is not', null)
    .where(sql<boolean>`coalesce(payload ->> '$sealed', '') not like ${current}`)
    .execute();
  for (const r of pending) {
    const value = openRecord(PENDING_PURPOSE, r.payload);
    if (value) await db.updateTable('verification_codes').set({ payload: JSON.stringify(sealRecord(PENDING_PURPOSE, value)) }).where('id', '=', r.id).execute();
  }

  report.totpSecrets = await resealTotpSecrets(db);

  if (opts.files) report.files = await opts.files.resealAll({ force: opts.forceFiles ?? false });
  return report;
}
