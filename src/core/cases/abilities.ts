import { COMMAND_ROLES, COMMAND_TYPES, precondition, type WorkingDays } from './machine.js';
import type { CaseCommandType, CaseRole, CaseSnapshot, IsoDate } from './types.js';

/**
 * Abilities (in the spirit of Outline's policies): for a case and a person, exactly the commands that
 * are legal now and the role the person acts in for each. The server returns them with the case and
 * the UI renders only these; `decide` accepts each of them with well-formed arguments and refuses
 * every other command (property-tested in abilities.test.ts).
 */
export interface CaseAbility {
  type: CaseCommandType;
  role: CaseRole;
}

/** A person as the rules of one case see them: their id and the roles they hold in the case's scope. */
export interface CaseParticipant {
  id: string;
  roles: readonly CaseRole[];
}

/** When a person holds several roles that may run a command, the role they act in (the most senior first for decisions). */
const SENIOR_FIRST: readonly CaseRole[] = ['approver_signoff', 'approver_review', 'approver_handle', 'window_clerk', 'supervisor', 'applicant', 'system'];
const DESK_FIRST: readonly CaseRole[] = ['applicant', 'window_clerk', 'approver_handle', 'approver_review', 'approver_signoff', 'supervisor', 'system'];
const SENIOR_COMMANDS: readonly CaseCommandType[] = ['refuse', 'extend', 'terminate', 'complete', 'revoke'];

function candidateRoles(type: CaseCommandType, who: CaseParticipant): CaseRole[] {
  const order = SENIOR_COMMANDS.includes(type) ? SENIOR_FIRST : DESK_FIRST;
  return order.filter((r) => who.roles.includes(r) && COMMAND_ROLES[type].includes(r));
}

/**
 * The role a person acts in for a command: the first of their roles for which the command is legal
 * now; otherwise a role that may issue such commands, or any role they hold, so `decide` can say
 * precisely why not; null when they hold no role in the case.
 */
export function roleForCommand(s: CaseSnapshot, type: CaseCommandType, who: CaseParticipant, today: IsoDate, calendar: WorkingDays): CaseRole | null {
  const roles = candidateRoles(type, who);
  // None of their roles may issue it: act in one they hold, so `decide` says why (e.g. 窗口无否决权).
  if (roles.length === 0) return DESK_FIRST.find((r) => who.roles.includes(r)) ?? null;
  const errors = roles.map((role) => ({ role, error: precondition(s, type, { today, calendar, actor: { id: who.id, role } }) }));
  // Legal now; else the role that fails on a rule of the case rather than on the role itself.
  return (errors.find((e) => e.error === null) ?? errors.find((e) => e.error?.code !== 'CASE_FORBIDDEN_ROLE') ?? errors[0])?.role ?? null;
}

/** Every command the person may run on the case now, each with the role they act in. */
export function caseAbilities(s: CaseSnapshot, who: CaseParticipant, today: IsoDate, calendar: WorkingDays): CaseAbility[] {
  const out: CaseAbility[] = [];
  for (const type of COMMAND_TYPES) {
    const role = candidateRoles(type, who).find((r) => precondition(s, type, { today, calendar, actor: { id: who.id, role: r } }) === null);
    if (role) out.push({ type, role });
  }
  return out;
}
