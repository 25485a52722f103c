import { sql, type Kysely } from 'kysely';

/**
 * Data only: the public progress read model (cases.public_timeline) keeps milestones only (issue 9,
 * item 8). Rows written before this held every event, including internal steps such as 签收 (claim),
 * 退回待办 (release) and 转下一环节 (advance); drop those entries. The list of public actions is
 * frozen here as of this migration (the live list is src/core/cases/milestones.ts).
 */
const PUBLIC_ACTIONS = [
  'submit', 'request_correction', 'supply_owed', 'accept', 'accept_with_gaps', 'deem_accepted', 'refuse', 'suspend', 'resume',
  'extend', 'decide', 'complete', 'complete_on_the_spot', 'deliver', 'withdraw', 'terminate', 'expire_gaps', 'revoke',
];

// Kysely's advice: migrations are written against Kysely<any>, independent of today's schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const list = sql.join(PUBLIC_ACTIONS.map((a) => sql.lit(a)));
  await sql`
    update cases c set public_timeline = coalesce(
      (select json_agg(e.value order by e.ordinality) from json_array_elements(c.public_timeline) with ordinality as e(value, ordinality)
       where e.value ->> 'action' in (${list})),
      '[]'::json)
    where exists (select 1 from json_array_elements(c.public_timeline) as x(value) where not (x.value ->> 'action' in (${list})))`.execute(db);
}

/** The dropped entries are internal steps still on the case timeline; nothing to restore publicly. */
export async function down(): Promise<void> {}
