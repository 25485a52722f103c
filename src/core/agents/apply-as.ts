/**
 * 经办人 applying online (ADR 0037, ADR 0041): for whom the logged-in applicant may file this item or
 * 一件事 bundle — themselves, and/or an enterprise that registered them as its agent. Pure: the web's
 * apply pages show these choices, the server checks the same rules (`agentMayActOnAll`).
 */
import { agentGrantStatus, agentMayAct, scopeCovers, type AgentDecision, type AgentGrantFacts, type ScopedItem } from './scope.js';

export type ApplicantKind = 'natural_person' | 'legal_person';

export interface AgencyFacts extends AgentGrantFacts {
  enterpriseName: string;
}

export type ApplyAs = { kind: 'self' } | { kind: 'enterprise'; enterpriseId: string; enterpriseName: string };

export interface ApplyAsChoices {
  /** The choices in order: oneself first when the item serves one's kind, then each enterprise. */
  choices: ApplyAs[];
  /**
   * Why nobody can apply here (no choice at all): the item is only for legal persons and the person is
   * no agent in force for it, or only for natural persons and the account is an enterprise's.
   */
  refusal: { code: 'ONLY_LEGAL_PERSONS' | 'ONLY_NATURAL_PERSONS'; zh: string; en: string } | null;
}

/**
 * May an agent act for the enterprise on every one of `items` today (a bundle files each member)? The
 * first refusal names its reason; an empty list is refused as out of scope (nothing to act on).
 */
export function agentMayActOnAll(grants: readonly AgentGrantFacts[], enterpriseId: string, items: readonly ScopedItem[], today: string): AgentDecision {
  if (items.length === 0) return agentMayAct(grants, enterpriseId, { implId: '' }, today);
  for (const item of items) {
    const d = agentMayAct(grants, enterpriseId, item, today);
    if (!d.ok) return d;
  }
  return { ok: true };
}

/**
 * The choices on the apply page. An enterprise is offered only to a natural person, only when the item
 * serves legal persons, and only under a grant in force that covers every one of `items` (one item, or
 * a bundle's members).
 */
export function applyAsChoices(me: ApplicantKind, serves: readonly ApplicantKind[], agencies: readonly AgencyFacts[], items: readonly ScopedItem[], today: string): ApplyAsChoices {
  const choices: ApplyAs[] = [];
  if (serves.includes(me)) choices.push({ kind: 'self' });
  if (me === 'natural_person' && serves.includes('legal_person') && items.length > 0) {
    const seen = new Set<string>();
    for (const a of agencies) {
      if (seen.has(a.enterpriseId) || agentGrantStatus(a, today) !== 'active') continue;
      const mine = agencies.filter((g) => g.enterpriseId === a.enterpriseId && agentGrantStatus(g, today) === 'active');
      if (items.every((item) => mine.some((g) => scopeCovers(g.scope, item)))) {
        seen.add(a.enterpriseId);
        choices.push({ kind: 'enterprise', enterpriseId: a.enterpriseId, enterpriseName: a.enterpriseName });
      }
    }
  }
  if (choices.length > 0) return { choices, refusal: null };
  return {
    choices,
    refusal:
      me === 'natural_person'
        ? { code: 'ONLY_LEGAL_PERSONS', zh: '本事项仅面向法人（企业）申请；您不是企业登记的经办人，或经办授权不含本事项、已过期，不能申请', en: 'This service is for legal persons only; you are not a registered agent of an enterprise for it (or the grant has expired), so you cannot apply' }
        : { code: 'ONLY_NATURAL_PERSONS', zh: '本事项仅面向自然人申请，企业账号不能申请', en: 'This service is for natural persons only; a business account cannot apply' },
  };
}
