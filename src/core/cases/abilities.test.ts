import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseAbilities, roleForCommand, type CaseParticipant } from './abilities.js';
import { COMMAND_TYPES, decide, invariantViolations, owableMaterialIds } from './machine.js';
import type { CaseCommand, CaseCommandType, CaseSnapshot, IsoDate } from './types.js';
import { buildCase, calendar, FULL_CHECKLIST } from './test-support.js';

const PEOPLE: Record<string, CaseParticipant> = {
  applicant: { id: 'u-app', roles: ['applicant'] },
  clerk: { id: 'u-clerk', roles: ['window_clerk'] },
  handler: { id: 'u-handler', roles: ['approver_handle'] },
  reviewer: { id: 'u-reviewer', roles: ['approver_review'] },
  signer: { id: 'u-signer', roles: ['approver_signoff'] },
  // One person holding two back-office roles (separation of duties), and a clerk who also signs.
  both: { id: 'u-both', roles: ['approver_handle', 'approver_review'] },
  clerkSigner: { id: 'u-cs', roles: ['window_clerk', 'approver_signoff'] },
  supervisor: { id: 'u-sup', roles: ['supervisor'] },
  system: { id: 'system', roles: ['system'] },
};
const people = Object.values(PEOPLE);

/** Well-formed arguments for a command of this type on this case (the free-text fields filled in). */
function sample(type: CaseCommandType, s: CaseSnapshot, today: IsoDate): CaseCommand {
  const required = (s.item.materials ?? []).filter((m) => m.required && !(s.commitments ?? []).includes(m.id));
  const all = required.map((m) => ({ materialId: m.id, originalSeen: true }));
  switch (type) {
    case 'accept':
      return { type, received: all };
    case 'complete_on_the_spot':
      return { type, received: all, resultNo: 'R1' };
    case 'accept_with_gaps': {
      const owe = owableMaterialIds(s)[0] ?? 'm-plan';
      return { type, received: all.filter((m) => m.materialId !== owe), owed: [{ materialId: owe, dueDate: calendar.addWorkingDays(today, 1).date }] };
    }
    case 'request_correction':
      return { type, missing: [{ materialId: 'm-plan', reason: '平面图未标注面积' }] };
    case 'refuse':
      return { type, reason: '不属于本机关职权范围', remedies: '可依法申请行政复议或者提起行政诉讼' };
    case 'advance':
      return { type, comment: '同意' };
    case 'suspend':
      return { type, procedure: '专家评审', reason: '技术复杂' };
    case 'extend':
      return { type, days: 5, reason: '情况复杂' };
    case 'decide':
      return { type, decision: 'approved', reason: '符合法定条件' };
    case 'supply_owed':
      return { type, materialId: s.owed.find((o) => !o.supplied)?.materialId ?? 'm-plan' };
    case 'complete':
      return { type, resultNo: 'R1' };
    case 'deliver':
      return { type, method: 'window' };
    case 'withdraw':
    case 'terminate':
      return { type, reason: '申请人要求' };
    case 'revoke':
      return { type, reason: '承诺不实', findings: '现场核查发现经营场所不存在' };
    case 'submit':
    case 'deem_accepted':
    case 'claim':
    case 'release':
    case 'resume':
    case 'expire_gaps':
    case 'recompute_due_date':
      return { type } as CaseCommand;
  }
}

const accepts = (s: CaseSnapshot, type: CaseCommandType, who: CaseParticipant, today: IsoDate) =>
  who.roles.some((role) => decide(s, sample(type, s, today), { today, calendar, actor: { id: who.id, role } }).ok);

/** Commands that end a case or undo progress: taken now and then, so the walk also reaches decisions and delivery. */
const RARE: CaseCommandType[] = ['withdraw', 'terminate', 'refuse', 'expire_gaps', 'revoke', 'release', 'suspend', 'extend'];
const variant = fc.record({ separation: fc.boolean(), commitment: fc.boolean(), badCredit: fc.boolean(), onTheSpot: fc.boolean(), noWindow: fc.boolean() });
const walk = fc.array(fc.record({ who: fc.nat(people.length - 1), pick: fc.nat(60), days: fc.integer({ min: 0, max: 2 }) }), { maxLength: 50 });

function startCase(v: { separation: boolean; commitment: boolean; badCredit: boolean; onTheSpot: boolean; noWindow: boolean }): CaseSnapshot {
  const intake = v.noWindow ? { intake: 'department' as const } : {};
  const item = v.onTheSpot ? { caseKind: 'on_the_spot' as const, promisedLimitDays: 0, steps: [], ...intake } : { separationOfDuties: v.separation, ...intake };
  return buildCase({ badCredit: v.badCredit, commitments: v.commitment ? ['m-plan'] : [] }, item);
}

describe('abilities (finding 5: each person sees exactly what they can do)', () => {
  it('a command is offered to a person iff decide accepts it (with well-formed arguments), in every reachable state', () => {
    fc.assert(
      fc.property(variant, walk, (v, steps) => {
        let s = startCase(v);
        let today = '2026-03-02';
        for (const step of steps) {
          today = calendar.addWorkingDays(today, step.days).date;
          for (const who of people) {
            const offered = new Set(caseAbilities(s, who, today, calendar).map((a) => a.type));
            for (const type of COMMAND_TYPES) expect(offered.has(type), `${type} for ${who.id} in ${s.state}`).toBe(accepts(s, type, who, today));
          }
          // Walk on by one of the abilities of a random person.
          const who = people[step.who] as CaseParticipant;
          // Mostly move forward, so that decisions, completion, delivery and revocation are reached too.
          const all = caseAbilities(s, who, today, calendar);
          const forward = all.filter((a) => !RARE.includes(a.type));
          const abilities = step.pick % 10 === 0 ? all : forward;
          const chosen = abilities[step.pick % Math.max(1, abilities.length)];
          if (!chosen) continue;
          const r = decide(s, sample(chosen.type, s, today), { today, calendar, actor: { id: who.id, role: chosen.role } });
          if (!r.ok) throw new Error(`offered ${chosen.type} was refused: ${r.error.en}`);
          // An accepted command always changes the case: a repeated command can never be written twice.
          expect(r.next).not.toEqual(s);
          s = r.next;
          expect(invariantViolations(s)).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ADR 0020: on a submitted case at a window item, back-office approvers are offered no intake command; only the handler may refuse', () => {
    const submitted = buildCase({ state: 'submitted', submissionNo: 1, submittedOn: '2026-03-02' });
    const intake = ['accept', 'accept_with_gaps', 'request_correction', 'complete_on_the_spot'];
    expect(types(submitted, PEOPLE.clerk as CaseParticipant)).toEqual(expect.arrayContaining(['accept', 'accept_with_gaps', 'request_correction']));
    for (const who of [PEOPLE.handler, PEOPLE.reviewer, PEOPLE.signer, PEOPLE.both] as CaseParticipant[]) {
      for (const type of intake) expect(types(submitted, who), `${type} for ${who.id}`).not.toContain(type);
    }
    expect(types(submitted, PEOPLE.handler as CaseParticipant)).toEqual(['refuse']);
    expect(types(submitted, PEOPLE.reviewer as CaseParticipant)).toEqual([]);
    expect(types(submitted, PEOPLE.signer as CaseParticipant)).toEqual([]);
  });

  it('ADR 0020: at an item without a window (online only) the handler takes the case in and the clerk is offered nothing', () => {
    const submitted = buildCase({ state: 'submitted', submissionNo: 1, submittedOn: '2026-03-02' }, { intake: 'department' });
    expect(types(submitted, PEOPLE.handler as CaseParticipant)).toEqual(expect.arrayContaining(['accept', 'accept_with_gaps', 'request_correction', 'refuse']));
    expect(types(submitted, PEOPLE.clerk as CaseParticipant)).toEqual([]);
    expect(types(submitted, PEOPLE.reviewer as CaseParticipant)).toEqual([]);
    expect(types(submitted, PEOPLE.signer as CaseParticipant)).toEqual([]);
  });

  const accepted = () => {
    const submitted = decide(buildCase(), { type: 'submit' }, { today: '2026-03-02', calendar, actor: { id: 'u-app', role: 'applicant' } });
    if (!submitted.ok) throw new Error('submit');
    const r = decide(submitted.next, { type: 'accept', received: FULL_CHECKLIST }, { today: '2026-03-02', calendar, actor: { id: 'u-clerk', role: 'window_clerk' } });
    if (!r.ok) throw new Error('accept');
    return r.next;
  };
  const run = (s: CaseSnapshot, c: CaseCommand, who: CaseParticipant) => {
    const role = roleForCommand(s, c.type, who, '2026-03-02', calendar);
    const r = role ? decide(s, c, { today: '2026-03-02', calendar, actor: { id: who.id, role } }) : null;
    if (!r?.ok) throw new Error(`${c.type}`);
    return r.next;
  };
  const types = (s: CaseSnapshot, who: CaseParticipant) => caseAbilities(s, who, '2026-03-02', calendar).map((a) => a.type);

  it('finding 5: 签收 is offered once; after claiming it is gone', () => {
    const s = accepted();
    expect(types(s, PEOPLE.handler as CaseParticipant)).toContain('claim');
    expect(types(run(s, { type: 'claim' }, PEOPLE.handler as CaseParticipant), PEOPLE.handler as CaseParticipant)).not.toContain('claim');
  });

  it('finding 5: a handler at 审查 is not offered 作出决定; a signer at 决定 is offered 签收, then 作出决定 and not 转下一环节', () => {
    const handler = PEOPLE.handler as CaseParticipant;
    const signer = PEOPLE.signer as CaseParticipant;
    const reviewer = PEOPLE.reviewer as CaseParticipant;
    let s = run(accepted(), { type: 'claim' }, handler);
    expect(types(s, handler)).toEqual(expect.arrayContaining(['advance', 'suspend', 'release']));
    expect(types(s, handler)).not.toContain('decide');
    s = run(s, { type: 'advance', comment: '同意' }, handler);
    s = run(run(s, { type: 'claim' }, reviewer), { type: 'advance', comment: '同意' }, reviewer);
    expect(types(s, signer)).toContain('claim');
    s = run(s, { type: 'claim' }, signer);
    expect(types(s, signer)).toContain('decide');
    expect(types(s, signer)).not.toContain('advance');
  });
});
