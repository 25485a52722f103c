import { sql } from 'kysely';
import type { CaseCommandHook } from '../cases/service.js';
import { caseEventHits, type EventHit } from '../../core/supervision/events.js';
import { RULE_SEVERITY } from '../../core/supervision/rules.js';

/**
 * 电子监察 on each case command (issue 12, ADR 0031): the probe evaluates the rules over the state the
 * command was decided on and the state it leaves (src/core/supervision/events.ts) — pure, from the
 * command's facts and the region's stored limits read with the case. Only when a rule fires does it add
 * one CTE to the command's own write, inserting the hits against the written row `u`; the unique key
 * (object, rule) makes a hit the sweep (or an earlier command) already recorded a no-op. A command that
 * hits nothing — nearly all — writes exactly as before: no statement, no CTE.
 *
 * A hit counts against the person holding the case on the side where the rule held, else its handler
 * (承办人: the first approver who claimed it), as the sweep attributes it; a fee hit counts against the
 * person who recorded the charge.
 */
export const supervisionCommandHook: CaseCommandHook = {
  name: 'supervision',
  probe: ({ command, before, next, today, calendar, ruleLimits, actorId }) => {
    const hits = caseEventHits(before, next, today, calendar, ruleLimits);
    if (!hits.length) return null;
    // 收费与目录不符 counts against the person who recorded the charge (the signer, or the clerk of a 即办),
    // not the handler the case falls back to once the decision releases it (ADR 0048).
    const recordsCharge = (command.type === 'decide' || command.type === 'complete_on_the_spot') && command.chargedFen !== undefined;
    const staffOf = (h: EventHit) => (h.rule === 'fee_mismatch' && recordsCharge ? actorId : ((h.held === 'before' ? before.claimedBy : next.claimedBy) ?? null));
    const rows = hits.map((h) => ({ rule: h.rule, severity: RULE_SEVERITY[h.rule], staff_id: staffOf(h) }));
    return {
      ctes: [
        sql`supervision_hit as (
          insert into supervision_hits (rule, object_type, object_id, org_id, org_path, staff_id, severity, detected_on)
          select x.rule, 'case', u.id, u.org_id, u.org_path,
                 coalesce(x.staff_id, (select e.actor_id from case_events e where e.case_id = u.id and e.actor_role = 'approver_handle' order by e.seq limit 1)),
                 x.severity, ${today}::date
          from u, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(rule text, severity text, staff_id uuid)
          on conflict (object_type, object_id, rule) do nothing)`,
      ],
      value: sql`null`,
    };
  },
  run: async () => {},
};
