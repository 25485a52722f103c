import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { chainAuditEntry, EMPTY_HEAD, type AuditHead } from '../../../core/audit/chain.js';

// Chains the audit entries written before 202612010401, in the order they were written (id), and sets
// the chain head. Entries kept their object in detail (objectType, objectId) before; it moves to columns.
const sm3 = (t: string) => createHash('sm3').update(t, 'utf8').digest('hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's advice: migrations use Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  let head: AuditHead = EMPTY_HEAD;
  let after = 0;
  for (;;) {
    const rows = await sql<{ id: number; at: Date; kind: string; user_id: string | null; username: string | null; ip: string | null; detail: Record<string, unknown> }>`
      select id, at, kind, user_id, username, ip, detail from audit_events where id > ${after} order by id limit 1000`.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      const { objectType, objectId, ...detail } = r.detail as { objectType?: unknown; objectId?: unknown } & Record<string, unknown>;
      const e = chainAuditEntry(
        head,
        {
          at: new Date(r.at).toISOString(),
          kind: r.kind,
          userId: r.user_id,
          username: r.username,
          ip: r.ip,
          objectType: typeof objectType === 'string' ? objectType : null,
          objectId: typeof objectId === 'string' ? objectId : null,
          detail,
        },
        sm3,
      );
      await sql`
        update audit_events set seq = ${e.seq}, at = ${e.at}, object_type = ${e.objectType}, object_id = ${e.objectId},
          detail = ${JSON.stringify(e.detail)}::jsonb, prev_hash = ${e.prevHash}, hash = ${e.hash}
        where id = ${r.id}`.execute(db);
      head = { seq: e.seq, hash: e.hash };
      after = Number(r.id);
    }
  }
  await sql`update audit_chain_head set seq = ${head.seq}, hash = ${head.hash} where id = 1`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(_db: Kysely<any>): Promise<void> {
  // The columns go with 202612010401's down.
}
