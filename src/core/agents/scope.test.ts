import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentGrantStatus, agentMayAct, ASSIST_AUTHORISATION_MINUTES, assistUsable, grantProblems, scopeCovers, type AgentGrantFacts, type AgentScope, type AssistAuthorisationFacts } from './scope.js';

const ENT = 'ent-1';
const grant = (over: Partial<AgentGrantFacts> = {}): AgentGrantFacts => ({ enterpriseId: ENT, validFrom: '2026-12-01', validUntil: '2026-12-31', revoked: false, scope: { kind: 'all' }, ...over });
const listed = (implIds: string[], categories: string[] = []): AgentScope => ({ kind: 'listed', implIds, categories });

describe('agent grant status (经办人授权期限)', () => {
  it('is in force from the first to the last day inclusive', () => {
    expect(agentGrantStatus(grant(), '2026-12-01')).toBe('active');
    expect(agentGrantStatus(grant(), '2026-12-31')).toBe('active');
    expect(agentGrantStatus(grant(), '2027-01-01')).toBe('expired');
    expect(agentGrantStatus(grant(), '2026-11-30')).toBe('not_yet');
  });
  it('a revoked grant is revoked whatever the day', () => {
    for (const d of ['2026-11-30', '2026-12-15', '2027-01-01']) expect(agentGrantStatus(grant({ revoked: true }), d)).toBe('revoked');
  });
});

describe('scope (授权范围)', () => {
  it('all covers every item; a list covers its items and its categories only', () => {
    expect(scopeCovers({ kind: 'all' }, { implId: 'x' })).toBe(true);
    expect(scopeCovers(listed(['a']), { implId: 'a' })).toBe(true);
    expect(scopeCovers(listed(['a']), { implId: 'b', category: '市场准入' })).toBe(false);
    expect(scopeCovers(listed([], ['市场准入']), { implId: 'b', category: '市场准入' })).toBe(true);
    expect(scopeCovers(listed([], ['市场准入']), { implId: 'b', category: '社会事务' })).toBe(false);
    // A case filed before categories were pinned is covered only by its item or by all.
    expect(scopeCovers(listed([], ['市场准入']), { implId: 'b' })).toBe(false);
  });
});

describe('may an agent act (agentMayAct)', () => {
  const item = { implId: 'a', category: '市场准入' };
  it('in force and in scope: yes', () => {
    expect(agentMayAct([grant()], ENT, item, '2026-12-10')).toEqual({ ok: true });
  });
  it('refuses with the telling reason: no grant, out of scope, expired, not yet, revoked', () => {
    const reason = (gs: AgentGrantFacts[], day = '2026-12-10', ent = ENT) => {
      const d = agentMayAct(gs, ent, item, day);
      return d.ok ? 'ok' : d.reason;
    };
    expect(reason([])).toBe('no_grant');
    expect(reason([grant()], '2026-12-10', 'ent-2')).toBe('no_grant');
    expect(reason([grant({ scope: listed(['b'], ['社会事务']) })])).toBe('out_of_scope');
    expect(reason([grant()], '2027-01-01')).toBe('expired');
    expect(reason([grant()], '2026-11-01')).toBe('not_yet');
    expect(reason([grant({ revoked: true })])).toBe('revoked');
    // A grant in force but out of scope says so, rather than an old expired one.
    expect(reason([grant({ validUntil: '2026-12-05' }), grant({ scope: listed(['b']) })])).toBe('out_of_scope');
    // Any one grant in force and in scope suffices.
    expect(reason([grant({ revoked: true }), grant({ scope: listed(['a']) })])).toBe('ok');
  });
  it('messages are given in Chinese and English', () => {
    const d = agentMayAct([grant()], ENT, item, '2027-02-01');
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.zh).toContain('过期');
      expect(d.en).toContain('expired');
    }
  });

  const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const scopeArb: fc.Arbitrary<AgentScope> = fc.oneof(fc.constant<AgentScope>({ kind: 'all' }), fc.record({ kind: fc.constant('listed' as const), implIds: fc.subarray(['a', 'b', 'c']), categories: fc.subarray(['市场准入', '社会事务']) }));
  const grantArb = fc.record({ enterpriseId: fc.constantFrom(ENT, 'ent-2'), validFrom: day, validUntil: day, revoked: fc.boolean(), scope: scopeArb }).filter((g) => g.validFrom <= g.validUntil);
  const itemArb = fc.record({ implId: fc.constantFrom('a', 'b', 'c', 'd'), category: fc.constantFrom('市场准入', '社会事务', '税费服务') });

  it('property: allowed exactly when some grant of that enterprise is in force and covers the item', () => {
    fc.assert(
      fc.property(fc.array(grantArb, { maxLength: 5 }), itemArb, day, (gs, it, today) => {
        const expected = gs.some((g) => g.enterpriseId === ENT && agentGrantStatus(g, today) === 'active' && scopeCovers(g.scope, it));
        expect(agentMayAct(gs, ENT, it, today).ok).toBe(expected);
      }),
    );
  });
  it('property: revoking a grant or moving past its last day never widens what an agent may do', () => {
    fc.assert(
      fc.property(fc.array(grantArb, { maxLength: 5 }), fc.nat({ max: 4 }), itemArb, day, fc.integer({ min: 1, max: 400 }), (gs, i, it, today, later) => {
        const before = agentMayAct(gs, ENT, it, today).ok;
        const revoked = gs.map((g, j) => (j === i ? { ...g, revoked: true } : g));
        if (agentMayAct(revoked, ENT, it, today).ok) expect(before).toBe(true);
        // After every grant's last day, nothing is allowed.
        const after = new Date(Date.parse(`${gs.reduce((m, g) => (g.validUntil > m ? g.validUntil : m), '2026-01-01')}T00:00:00Z`) + later * 86_400_000).toISOString().slice(0, 10);
        expect(agentMayAct(gs, ENT, it, after).ok).toBe(false);
      }),
    );
  });
  it('property: the all scope covers whatever a listed scope covers', () => {
    fc.assert(fc.property(scopeArb, itemArb, (s, it) => (scopeCovers(s, it) ? scopeCovers({ kind: 'all' }, it) : true)));
  });
});

describe('grant problems (登记经办人)', () => {
  const ok = { scope: { kind: 'all' } as AgentScope, validUntil: '2027-06-30', agentId: 'p', enterpriseId: ENT };
  it('accepts a grant from today up to three years', () => {
    expect(grantProblems(ok, '2026-12-02', '2029-12-03')).toEqual([]);
    expect(grantProblems({ ...ok, validUntil: '2026-12-02' }, '2026-12-02', '2029-12-03')).toEqual([]);
  });
  it('names every problem at once: past, too far, empty scope, itself', () => {
    expect(grantProblems({ ...ok, validUntil: '2026-12-01' }, '2026-12-02', '2029-12-03').map((p) => p.code)).toEqual(['VALID_UNTIL_PAST']);
    expect(grantProblems({ ...ok, validUntil: '2030-01-01' }, '2026-12-02', '2029-12-03').map((p) => p.code)).toEqual(['VALID_UNTIL_TOO_FAR']);
    expect(grantProblems({ ...ok, scope: listed([]), agentId: ENT }, '2026-12-02', '2029-12-03').map((p) => p.code)).toEqual(['SCOPE_EMPTY', 'SELF']);
  });
});

describe('帮办 authorisation (assistUsable)', () => {
  const now = new Date('2026-12-02T02:00:00Z');
  const a = (over: Partial<AssistAuthorisationFacts> = {}): AssistAuthorisationFacts => ({ clerkId: 'clerk', applicantId: 'person', kind: 'sms', confirmed: true, used: false, expiresAt: new Date(now.getTime() + ASSIST_AUTHORISATION_MINUTES * 60_000), ...over });
  const reason = (x: AssistAuthorisationFacts, clerk = 'clerk', person = 'person', at = now) => {
    const r = assistUsable(x, clerk, person, at);
    return r.ok ? 'ok' : r.reason;
  };
  it('a confirmed, unused, fresh authorisation of this clerk for this person is usable', () => {
    expect(reason(a())).toBe('ok');
    expect(reason(a({ kind: 'letter' }))).toBe('ok');
  });
  it('refuses another clerk’s, another person’s, an unconfirmed, a used and an expired one', () => {
    expect(reason(a(), 'clerk2')).toBe('other_clerk');
    expect(reason(a(), 'clerk', 'someone')).toBe('other_applicant');
    expect(reason(a({ confirmed: false }))).toBe('unconfirmed');
    expect(reason(a({ used: true }))).toBe('used');
    expect(reason(a({ expiresAt: now }))).toBe('expired');
    expect(reason(a({ used: true, confirmed: false }))).toBe('used');
  });
});
