import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { keyring } from './data-key.js';
import { Keyring } from './keyring.js';

/**
 * TOTP secrets at rest (ADR 0014, closing what ADR 0007 left open): users.totp_secret and
 * users.totp_pending_secret hold SM4 envelopes under the personal-data key, one purpose for both
 * columns (enrolment moves the pending secret to the confirmed column). A value that is not an
 * envelope is a secret written before sealing; it is read as it is and sealed by the start-up data step.
 */
export const TOTP_SECRET_PURPOSE = 'users.totp_secret';

export function sealTotpSecret(secret: string): string;
export function sealTotpSecret(secret: string | null): string | null;
export function sealTotpSecret(secret: string | null): string | null {
  return secret === null ? null : keyring().seal(secret, TOTP_SECRET_PURPOSE);
}

export function openTotpSecret(stored: string | null): string | null {
  if (stored === null || !Keyring.isSealed(stored)) return stored;
  return keyring().open(stored, TOTP_SECRET_PURPOSE);
}

/**
 * Seals plaintext secrets and re-seals those under an older key (part of `resealPersonalData`, run at
 * start and by `npm run rotate-key`). Answers how many rows were rewritten. Idempotent.
 */
export async function resealTotpSecrets(db: Kysely<Database>): Promise<number> {
  const current = `tb1.${keyring().currentKid}.%`;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('users')
        .select(['id', 'totp_secret', 'totp_pending_secret'])
        .where((eb) =>
          eb.or([
            eb.and([eb('totp_secret', 'is not', null), eb('totp_secret', 'not like', current)]),
            eb.and([eb('totp_pending_secret', 'is not', null), eb('totp_pending_secret', 'not like', current)]),
          ]),
        )
        .orderBy('id')
        .limit(500)
        .forUpdate()
        .execute();
      for (const r of rows) {
        await tx
          .updateTable('users')
          .set({ totp_secret: sealTotpSecret(openTotpSecret(r.totp_secret)), totp_pending_secret: sealTotpSecret(openTotpSecret(r.totp_pending_secret)) })
          .where('id', '=', r.id)
          .execute();
      }
      return rows.length;
    });
    total += n;
    if (n < 500) break;
  }
  return total;
}
