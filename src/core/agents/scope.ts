/**
 * 经办人 (enterprise agents) and 帮办代办 — the pure rules (ADR 0037). An enterprise (法人) names natural
 * persons who may act for it, each with a scope (every item, or listed items and 窗口类别 categories) and
 * a last day; the enterprise may revoke a grant at any time. A hall assistant (帮办员) files for a person
 * only with a recorded authorisation (委托书, or the person's SMS confirmation) that is fresh and unused.
 * Dates are Beijing days 'YYYY-MM-DD' (src/core/calendar), compared as strings.
 */

export type AgentScope = { kind: 'all' } | { kind: 'listed'; implIds: string[]; categories: string[] };

export interface AgentGrantFacts {
  enterpriseId: string;
  /** The last day the agent may act (inclusive). */
  validUntil: string;
  /** The first day (the day of registration). */
  validFrom: string;
  revoked: boolean;
  scope: AgentScope;
}

/** What a case or an application is about, as the scope sees it. */
export interface ScopedItem {
  implId: string;
  /** 窗口类别 of the item (absent on cases filed before ADR 0037: only 'all' or the item itself covers them). */
  category?: string | undefined;
}

export type AgentGrantStatus = 'active' | 'not_yet' | 'expired' | 'revoked';

export function agentGrantStatus(g: Pick<AgentGrantFacts, 'validFrom' | 'validUntil' | 'revoked'>, today: string): AgentGrantStatus {
  if (g.revoked) return 'revoked';
  if (today < g.validFrom) return 'not_yet';
  if (today > g.validUntil) return 'expired';
  return 'active';
}

export function scopeCovers(scope: AgentScope, item: ScopedItem): boolean {
  if (scope.kind === 'all') return true;
  return scope.implIds.includes(item.implId) || (item.category !== undefined && scope.categories.includes(item.category));
}

export type AgentRefusal = 'revoked' | 'expired' | 'not_yet' | 'out_of_scope' | 'no_grant';

export type AgentDecision = { ok: true } | { ok: false; reason: AgentRefusal; zh: string; en: string };

const REFUSALS: Record<AgentRefusal, { zh: string; en: string }> = {
  no_grant: { zh: '您不是该企业登记的经办人', en: 'You are not a registered agent of this enterprise' },
  revoked: { zh: '该企业已撤销您的经办人授权', en: 'The enterprise has revoked your authorisation as its agent' },
  expired: { zh: '您的经办人授权已过期，请联系企业重新授权', en: 'Your authorisation as the enterprise’s agent has expired; ask the enterprise to renew it' },
  not_yet: { zh: '您的经办人授权尚未生效', en: 'Your authorisation as the enterprise’s agent is not in force yet' },
  out_of_scope: { zh: '该事项不在企业授予您的经办范围内', en: 'This service is outside the scope the enterprise gave you' },
};

/**
 * May an agent act for `enterpriseId` on `item` today? Of the agent's grants, one for that enterprise
 * that is in force and covers the item suffices; otherwise the refusal says why (the most telling one:
 * a grant in force but out of scope says so, rather than an old expired grant).
 */
export function agentMayAct(grants: readonly AgentGrantFacts[], enterpriseId: string, item: ScopedItem, today: string): AgentDecision {
  const mine = grants.filter((g) => g.enterpriseId === enterpriseId);
  if (mine.length === 0) return { ok: false, reason: 'no_grant', ...REFUSALS.no_grant };
  const statuses = mine.map((g) => ({ g, status: agentGrantStatus(g, today) }));
  const active = statuses.filter((s) => s.status === 'active');
  if (active.some((s) => scopeCovers(s.g.scope, item))) return { ok: true };
  const reason: AgentRefusal = active.length > 0 ? 'out_of_scope' : statuses.some((s) => s.status === 'expired') ? 'expired' : statuses.some((s) => s.status === 'not_yet') ? 'not_yet' : 'revoked';
  return { ok: false, reason, ...REFUSALS[reason] };
}

/** Longest grant an enterprise may give in one go (it renews by registering again). */
export const MAX_GRANT_DAYS = 3 * 366;

export interface GrantProblem {
  code: 'VALID_UNTIL_PAST' | 'VALID_UNTIL_TOO_FAR' | 'SCOPE_EMPTY' | 'SELF';
  path: string;
  zh: string;
  en: string;
}

/** Problems of a new grant, all at once (empty when it may be registered). `maxDay` is today + MAX_GRANT_DAYS. */
export function grantProblems(input: { scope: AgentScope; validUntil: string; agentId: string; enterpriseId: string }, today: string, maxDay: string): GrantProblem[] {
  const out: GrantProblem[] = [];
  if (input.validUntil < today) out.push({ code: 'VALID_UNTIL_PAST', path: '/validUntil', zh: '授权截止日期不能早于今天', en: 'The last day cannot be before today' });
  if (input.validUntil > maxDay) out.push({ code: 'VALID_UNTIL_TOO_FAR', path: '/validUntil', zh: '授权期限最长三年，到期后可重新授权', en: 'A grant lasts at most three years; renew it when it ends' });
  if (input.scope.kind === 'listed' && input.scope.implIds.length === 0 && input.scope.categories.length === 0) {
    out.push({ code: 'SCOPE_EMPTY', path: '/scope', zh: '请选择授权的事项或事项类别，或选择全部事项', en: 'Choose the services or categories, or all services' });
  }
  if (input.agentId === input.enterpriseId) out.push({ code: 'SELF', path: '/agent', zh: '企业不能授权自己为经办人', en: 'An enterprise cannot be its own agent' });
  return out;
}

/* 帮办代办: the authorisation a hall assistant files with. */

export type AssistKind = 'letter' | 'sms';

export interface AssistAuthorisationFacts {
  clerkId: string;
  applicantId: string;
  kind: AssistKind;
  /** An SMS authorisation counts once the person's code was entered; a 委托书 at once. */
  confirmed: boolean;
  /** Already used for a case (one authorisation, one case). */
  used: boolean;
  expiresAt: Date;
}

/** How long an authorisation stays usable once made (the person is at the window, or just confirmed). */
export const ASSIST_AUTHORISATION_MINUTES = 120;

export type AssistRefusal = 'other_clerk' | 'other_applicant' | 'unconfirmed' | 'used' | 'expired';

const ASSIST_REFUSALS: Record<AssistRefusal, { zh: string; en: string }> = {
  other_clerk: { zh: '该授权不是给您的，帮办须由获得授权的工作人员本人办理', en: 'This authorisation was given to another member of staff' },
  other_applicant: { zh: '该授权属于另一位申请人', en: 'This authorisation belongs to another applicant' },
  unconfirmed: { zh: '申请人尚未通过短信确认授权，请输入申请人收到的确认码', en: 'The person has not confirmed by SMS yet; enter the code they received' },
  used: { zh: '该授权已用于另一件申请，请重新取得授权', en: 'This authorisation was already used for another application; obtain a new one' },
  expired: { zh: '该授权已过期，请重新取得授权', en: 'This authorisation has expired; obtain a new one' },
};

/** May this clerk file a case for this applicant with this authorisation now? */
export function assistUsable(a: AssistAuthorisationFacts, clerkId: string, applicantId: string, now: Date): { ok: true } | { ok: false; reason: AssistRefusal; zh: string; en: string } {
  const reason: AssistRefusal | null =
    a.clerkId !== clerkId ? 'other_clerk' : a.applicantId !== applicantId ? 'other_applicant' : a.used ? 'used' : now.getTime() >= a.expiresAt.getTime() ? 'expired' : !a.confirmed ? 'unconfirmed' : null;
  return reason ? { ok: false, reason, ...ASSIST_REFUSALS[reason] } : { ok: true };
}
