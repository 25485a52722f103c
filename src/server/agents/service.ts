import { agentGrantStatus, agentMayAct, grantProblems, MAX_GRANT_DAYS, scopeCovers, type AgentGrantStatus, type AgentScope } from '../../core/agents/scope.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { maskIdNumber } from '../../core/codes/mask.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { idNumberIndexes, openField } from '../crypto/personal-data.js';
import { overLimit, type ThrottleRule } from '../identity/throttle.js';
import type { Actor } from '../policies/index.js';
import { caseFactsOf } from '../policies/case-access.js';
import { STATE_LABELS } from '../cases/labels.js';
import { recordAudit } from '../identity/audit.js';
import { loadProfile } from '../profile/service.js';
import { listLibrary } from '../material-library/service.js';
import { holderLicences } from '../licences/service.js';

/**
 * 经办人 (issue 13, ADR 0037): a legal-person account registers natural-person accounts as its agents,
 * each with a scope and a last day, and revokes them. The rules (in force? in scope?) are the core's;
 * the session carries an agent's grants so every case check can apply them without a query.
 */

/** Agent registrations an enterprise may try per hour (each needs an ID number and the matching name). */
export const AGENT_LOOKUPS_PER_ENTERPRISE: ThrottleRule = { name: 'agent-register', limit: 20, windowMinutes: 60 };

export interface AgentGrantView {
  id: string;
  agentName: string;
  agentIdNumber: string | null;
  scope: AgentScope;
  validFrom: string;
  validUntil: string;
  status: AgentGrantStatus;
  createdAt: string;
  revokedAt: string | null;
}

function requireEnterprise(actor: Actor): void {
  if (actor.kind !== 'legal_person') throw new DomainError('FORBIDDEN', { zh: '只有法人（企业）账号可以管理经办人', en: 'Only a legal-person (enterprise) account manages agents' });
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function listAgents(db: Db, actor: Actor, now: Date): Promise<AgentGrantView[]> {
  requireEnterprise(actor);
  const today = isoDateInChina(now);
  const rows = await db
    .selectFrom('enterprise_agents as a')
    .innerJoin('users as u', 'u.id', 'a.agent_id')
    .select(['a.id', 'a.scope', 'a.valid_from', 'a.valid_until', 'a.created_at', 'a.revoked_at', 'u.display_name', 'u.id_number'])
    .where('a.enterprise_id', '=', actor.userId)
    .orderBy('a.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => {
    const idNumber = openField('id_number', r.id_number);
    return {
      id: r.id,
      agentName: r.display_name,
      // The enterprise typed the number once; it is shown masked from then on.
      agentIdNumber: idNumber ? maskIdNumber(idNumber) : null,
      scope: r.scope,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      status: agentGrantStatus({ validFrom: r.valid_from, validUntil: r.valid_until, revoked: r.revoked_at !== null }, today),
      createdAt: new Date(r.created_at).toISOString(),
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    };
  });
}

export async function registerAgent(db: Db, actor: Actor, input: { idNumber: string; name: string; scope: AgentScope; validUntil: string }, now: Date): Promise<AgentGrantView> {
  requireEnterprise(actor);
  const idNumber = input.idNumber.toUpperCase();
  if (!isValidIdNumber(idNumber)) throw new DomainError('VALIDATION_FAILED', { zh: '身份证号码校验位或出生日期错误', en: 'The ID number is not valid' }, [{ code: 'idNumber', path: '/idNumber', zh: '身份证号码不正确', en: 'Not a valid ID number' }]);
  const today = isoDateInChina(now);
  if (await overLimit(db, AGENT_LOOKUPS_PER_ENTERPRISE, actor.userId, now)) throw new DomainError('TOO_MANY_REQUESTS');
  const person = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'disabled'])
    .where('kind', '=', 'natural_person')
    .where('id_number_bidx', 'in', idNumberIndexes(idNumber))
    .executeTakeFirst();
  // The same answer for an unknown number and a wrong name: the number alone reveals nothing.
  if (!person || person.disabled || person.display_name.trim() !== input.name.trim()) {
    throw new DomainError('NOT_FOUND', { zh: '未找到该自然人账号：请核对身份证号码与姓名，经办人须先注册或在大厅登记', en: 'No such person: check the ID number and name; the agent must have an account first' });
  }
  const problems = grantProblems({ scope: input.scope, validUntil: input.validUntil, agentId: person.id, enterpriseId: actor.userId }, today, addDays(today, MAX_GRANT_DAYS));
  if (problems.length) throw new DomainError('VALIDATION_FAILED', { zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }, problems.map((p) => ({ code: p.code, path: p.path, zh: p.zh, en: p.en })));
  const scope: AgentScope = input.scope.kind === 'all' ? { kind: 'all' } : { kind: 'listed', implIds: [...new Set(input.scope.implIds)], categories: [...new Set(input.scope.categories)] };
  const existing = await db
    .selectFrom('enterprise_agents')
    .select('id')
    .where('enterprise_id', '=', actor.userId)
    .where('agent_id', '=', person.id)
    .where('revoked_at', 'is', null)
    .where('valid_until', '>=', today)
    .executeTakeFirst();
  if (existing) throw new DomainError('CONFLICT', { zh: '该经办人已有有效授权；如需更改范围或期限，请先撤销原授权', en: 'This agent already has a grant in force; revoke it first to change scope or term' });
  const row = await inTransaction(db, async (tx) => {
    const made = await tx
      .insertInto('enterprise_agents')
      .values({ enterprise_id: actor.userId, agent_id: person.id, scope: JSON.stringify(scope), valid_from: today, valid_until: input.validUntil, created_at: now })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    // A power to act for the enterprise is a security fact: in the audit log (no ID number, the account id).
    await recordAudit(tx, { kind: 'agent_registered', userId: actor.userId, at: now, objectType: 'enterprise_agent', objectId: made.id, detail: { agentId: person.id, scope, validUntil: input.validUntil } });
    return made;
  });
  const views = await listAgents(db, actor, now);
  const made = views.find((v) => v.id === row.id);
  if (!made) throw new DomainError('CONFLICT');
  return made;
}

/** Revocation by the enterprise: at once (the agent's next request carries no grant in force). */
export async function revokeAgent(db: Db, actor: Actor, grantId: string, now: Date): Promise<AgentGrantView> {
  requireEnterprise(actor);
  const row = await db.selectFrom('enterprise_agents').select(['id', 'enterprise_id', 'revoked_at']).where('id', '=', grantId).executeTakeFirst();
  // Another enterprise's grant does not exist as far as this one is concerned.
  if (!row || row.enterprise_id !== actor.userId) throw new DomainError('NOT_FOUND', { zh: '经办人授权不存在', en: 'No such agent grant' });
  if (!row.revoked_at) {
    await inTransaction(db, async (tx) => {
      await tx.updateTable('enterprise_agents').set({ revoked_at: now }).where('id', '=', grantId).where('revoked_at', 'is', null).execute();
      await recordAudit(tx, { kind: 'agent_revoked', userId: actor.userId, at: now, objectType: 'enterprise_agent', objectId: grantId });
    });
  }
  const made = (await listAgents(db, actor, now)).find((v) => v.id === grantId);
  if (!made) throw new DomainError('NOT_FOUND');
  return made;
}

/** The enterprises a natural person acts for, from the session's grants (the newest per enterprise). */
export function myAgencies(actor: Actor, now: Date) {
  const today = isoDateInChina(now);
  return (actor.agentFor ?? []).map((g) => ({ grantId: g.grantId, enterpriseId: g.enterpriseId, enterpriseName: g.enterpriseName, scope: g.scope, validFrom: g.validFrom, validUntil: g.validUntil, status: agentGrantStatus(g, today) }));
}

/** The enterprise's cases within the agent's scope (none while no grant is in force: a 403 saying why). */
export async function agencyCases(db: Db, actor: Actor, enterpriseId: string, now: Date) {
  const active = activeGrants(actor, enterpriseId, now);
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'impl_id', 'case_no', 'title', 'state', 'due_date', 'submitted_at', 'snapshot', 'applicant_id', 'org_path'])
    .where('applicant_id', '=', enterpriseId)
    .where('state', '<>', 'draft')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .filter((r) => active.some((g) => scopeCovers(g.scope, { implId: r.impl_id, category: caseFactsOf(r).category })))
    .map((r) => ({ id: r.id, caseNo: r.case_no, title: r.title, state: r.state, stateZh: STATE_LABELS[r.state]?.zh, stateEn: STATE_LABELS[r.state]?.en, dueDate: r.due_date, submittedAt: r.submitted_at }));
}

/** The agent's grants in force for the enterprise, or a 403 saying why there is none (expired, revoked, no grant). */
function activeGrants(actor: Actor, enterpriseId: string, now: Date) {
  const today = isoDateInChina(now);
  const grants = (actor.agentFor ?? []).filter((g) => g.enterpriseId === enterpriseId);
  const active = grants.filter((g) => agentGrantStatus(g, today) === 'active');
  if (active.length === 0) {
    const d = agentMayAct(grants, enterpriseId, { implId: '' }, today);
    throw new DomainError('FORBIDDEN', d.ok ? undefined : { zh: d.zh, en: d.en }, d.ok ? undefined : [{ code: `AGENT_${d.reason.toUpperCase()}`, zh: d.zh, en: d.en }]);
  }
  return active;
}

/**
 * What an agent filing for the enterprise reuses (ADR 0041): the enterprise's 办事资料 (legal-person
 * fields), its 我的材料 library and its licences — what the enterprise itself is offered on the apply page.
 * Only while a grant is in force; the filing then checks the grant's scope for the item.
 */
export async function agencyReuse(db: Db, actor: Actor, enterpriseId: string, now: Date) {
  activeGrants(actor, enterpriseId, now);
  const [profile, materials, licences] = await Promise.all([loadProfile(db, enterpriseId), listLibrary(db, enterpriseId, now), holderLicences(db, enterpriseId, now)]);
  return { enterpriseId, profile, materials, licences };
}
