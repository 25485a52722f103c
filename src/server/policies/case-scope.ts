import { sql, type RawBuilder } from 'kysely';
import type { StaffRole } from '../db/schema.js';
import type { Actor } from './actor.js';

/**
 * `caseRelation` (case-access.ts, ADR 0008) as a SQL condition on `cases c`, for lists and searches:
 * the cases a staff member may see, never wider. Each grant adds the cases it gives a relation to:
 *
 * - an approver: the department's submitted cases whose pinned flow has a step for that role;
 * - a window clerk: submitted cases in scope, except while the back office works on them;
 * - a supervisor: submitted cases in scope.
 *
 * Scope is a prefix of `org_path` (served by the `org_path text_pattern_ops` indexes). A test holds the
 * condition equal to `caseRelation` for every staff account over every case. Null: no case at all.
 */
const APPROVER_ROLES: readonly StaffRole[] = ['approver_handle', 'approver_review', 'approver_signoff'];

/** `like` pattern for a path prefix (paths never contain % or _, but escape them anyway). */
export const prefixPattern = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function caseScopeSql(actor: Actor, alias = 'c'): RawBuilder<boolean> | null {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<boolean>[] = [];
  for (const g of actor.roles) {
    const inScope = sql`${col('org_path')} like ${prefixPattern(g.scopePath)}`;
    if (APPROVER_ROLES.includes(g.role)) {
      parts.push(sql<boolean>`(${inScope} and ${col('state')} <> 'draft' and ${col('snapshot')} -> 'item' -> 'steps' @> ${JSON.stringify([{ role: g.role }])}::jsonb)`);
    } else if (g.role === 'window_clerk') {
      parts.push(sql<boolean>`(${inScope} and ${col('state')} not in ('draft', 'in_review', 'suspended'))`);
    } else if (g.role === 'supervisor') {
      parts.push(sql<boolean>`(${inScope} and ${col('state')} <> 'draft')`);
    }
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : null;
}
