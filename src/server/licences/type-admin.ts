import { sql, type Selectable } from 'kysely';
import canonicalize from 'canonicalize';
import type { LicenceType } from '../../core/licences/types.js';
import { normalisedType, typeChangeProblems, type TypeChangeFacts, type TypeProblem } from '../../core/licences/type-rules.js';
import type { LicenceTypeChangesTable } from '../db/schema.js';
import { inTransaction, type Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { recordAudit } from '../identity/audit.js';
import { authorize, type Actor } from '../policies/index.js';
import * as repo from './type-repository.js';
import { forgetLicenceTypeNames } from './type-names.js';

/**
 * 证照类型 editing (issue 11, ADR 0039): a catalogue administrator proposes a new type or a change, a
 * second catalogue administrator applies (or rejects) it — 四眼原则, as for catalogue publication. The
 * rules (src/core/licences/type-rules.ts) run when proposed and again when applied, against the facts
 * of that moment (licences may have been issued in between). Each step is audited in its transaction.
 */
type ChangeRow = Selectable<LicenceTypeChangesTable>;

export function presentChange(r: ChangeRow) {
  return {
    changeId: r.id,
    typeCode: r.type_code,
    kind: r.before ? ('update' as const) : ('create' as const),
    before: r.before,
    after: r.after,
    reason: r.reason,
    proposedBy: r.proposed_by_name,
    proposedById: r.proposed_by,
    proposedAt: r.proposed_at,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    outcome: r.outcome,
    decisionNote: r.decision_note,
  };
}

const invalid = (problems: TypeProblem[]) =>
  new DomainError(
    'VALIDATION_FAILED',
    { zh: `证照类型不符合要求：${problems.map((x) => x.zh).join('；')}`, en: `The licence type is not valid: ${problems.map((x) => x.en).join('; ')}` },
    problems.map((x) => ({ code: x.code, path: x.path, zh: x.zh, en: x.en })),
  );

async function factsFor(db: Db, before: LicenceType | null): Promise<TypeChangeFacts> {
  const [issued, others, baseCodes, referenced] = await Promise.all([
    before ? db.selectFrom('licences').select((eb) => eb.fn.countAll<string>().as('n')).where('type_code', '=', before.code).executeTakeFirstOrThrow() : Promise.resolve({ n: '0' }),
    db.selectFrom('licence_types').select(['code', 'name']).execute(),
    db.selectFrom('base_items').select('base_code').execute(),
    before
      ? sql<{ t: string }>`select distinct m.mat->>'licenceType' as t from item_versions v cross join lateral json_array_elements(v.content->'materials') as m(mat) where v.status = 'published' and m.mat->>'licenceType' in (${before.code}, ${before.name})`.execute(db)
      : Promise.resolve({ rows: [] as { t: string }[] }),
  ]);
  return { issued: Number(issued.n), others, knownBaseCodes: new Set(baseCodes.map((b) => b.base_code)), referencedAs: referenced.rows.map((r) => r.t) };
}

const same = (a: LicenceType | null, b: LicenceType | null) => canonicalize(a) === canonicalize(b);

/** Proposes a new type (`code` undefined) or a change of the type `code`; refused with every problem, nothing written. */
export async function proposeTypeChange(db: Db, actor: Actor | undefined, now: Date, input: { code?: string; type: LicenceType; reason: string }) {
  authorize(actor, 'licence_type.manage');
  const who = actor as Actor;
  const after = normalisedType(input.type);
  return inTransaction(db, async (tx) => {
    const before = input.code ? await repo.findTypeByCode(tx, input.code, { forUpdate: true }) : null;
    if (input.code && !before) throw new DomainError('NOT_FOUND', { zh: '证照类型不存在', en: 'No such licence type' });
    const problems = typeChangeProblems(before ?? null, after, await factsFor(tx, before ?? null));
    if (problems.length) throw invalid(problems);
    if (before && same(before, after)) throw new DomainError('VALIDATION_FAILED', { zh: '没有修改任何内容', en: 'Nothing was changed' }, [{ code: 'LT_UNCHANGED', path: '/type', zh: '没有修改任何内容', en: 'Nothing was changed' }]);
    const typeCode = before?.code ?? after.code;
    const open = await tx.selectFrom('licence_type_changes').select('id').where('type_code', '=', typeCode).where('outcome', 'is', null).executeTakeFirst();
    if (open) throw new DomainError('CONFLICT', { zh: '该证照类型已有待复核的修改，请先复核或退回', en: 'This licence type already has a change awaiting review' });
    const row = await tx
      .insertInto('licence_type_changes')
      .values({ type_code: typeCode, before: before ? JSON.stringify(before) : null, after: JSON.stringify(after), reason: input.reason.trim(), proposed_by: who.userId, proposed_by_name: who.displayName, proposed_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, { kind: 'licence_type_proposed', userId: who.userId, username: who.displayName, objectType: 'licence_type', objectId: typeCode, detail: { changeId: row.id, reason: row.reason, before, after }, at: now });
    return presentChange(row);
  });
}

async function openChange(tx: Db, id: string): Promise<ChangeRow> {
  const row = await tx.selectFrom('licence_type_changes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { zh: '修改申请不存在', en: 'No such change' });
  if (row.outcome) throw new DomainError('CONFLICT', { zh: '该修改已复核', en: 'This change has been decided already' });
  return row;
}

/** A second catalogue administrator applies a proposed change (四眼原则): the rules are checked again on today's facts. */
export async function applyTypeChange(db: Db, actor: Actor | undefined, now: Date, id: string, note: string | undefined) {
  authorize(actor, 'licence_type.manage');
  const who = actor as Actor;
  return inTransaction(db, async (tx) => {
    const change = await openChange(tx, id);
    if (change.proposed_by === who.userId) {
      throw new DomainError('FORBIDDEN', { zh: '四眼原则：修改须由另一名事项管理员复核生效', en: 'Four eyes: another catalogue administrator must apply this change' }, [{ code: 'FOUR_EYES', zh: '不能复核自己提出的修改', en: 'You cannot apply your own change' }]);
    }
    const current = (await repo.findTypeByCode(tx, change.type_code, { forUpdate: true })) ?? null;
    if (!same(current, change.before)) throw new DomainError('CONFLICT', { zh: '证照类型在提出修改后已变化，请退回并重新提出', en: 'The type changed since this change was proposed; reject it and propose again' });
    const problems = typeChangeProblems(current, change.after, await factsFor(tx, current));
    if (problems.length) throw invalid(problems);
    const t = change.after;
    const values = { code: t.code, name: t.name, name_en: t.nameEn, issuer_kind: t.issuerKind, fields: JSON.stringify(t.fields), validity: JSON.stringify(t.validity), issuing_base_codes: JSON.stringify(t.issuingBaseCodes), updated_at: now };
    if (current) await tx.updateTable('licence_types').set(values).where('code', '=', current.code).execute();
    else await tx.insertInto('licence_types').values(values).execute();
    const row = await tx.updateTable('licence_type_changes').set({ outcome: 'applied', decided_by: who.userId, decided_by_name: who.displayName, decided_at: now, decision_note: note?.trim() || null }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    forgetLicenceTypeNames();
    await recordAudit(tx, { kind: 'licence_type_applied', userId: who.userId, username: who.displayName, objectType: 'licence_type', objectId: t.code, detail: { changeId: id, proposedBy: change.proposed_by, previousCode: current?.code ?? null }, at: now });
    return presentChange(row);
  });
}

/** Rejects a proposed change (the proposer may withdraw their own); the type stays as it is. */
export async function rejectTypeChange(db: Db, actor: Actor | undefined, now: Date, id: string, note: string) {
  authorize(actor, 'licence_type.manage');
  const who = actor as Actor;
  return inTransaction(db, async (tx) => {
    const change = await openChange(tx, id);
    const row = await tx.updateTable('licence_type_changes').set({ outcome: 'rejected', decided_by: who.userId, decided_by_name: who.displayName, decided_at: now, decision_note: note.trim() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, { kind: 'licence_type_rejected', userId: who.userId, username: who.displayName, objectType: 'licence_type', objectId: change.type_code, detail: { changeId: id, note: row.decision_note }, at: now });
    return presentChange(row);
  });
}

/**
 * Proposed changes, open ones first, then the latest decided (a short history for the page), and how
 * many licences of each type exist (the editor locks what those licences depend on).
 */
export async function listTypeChanges(db: Db, actor: Actor | undefined) {
  authorize(actor, 'catalogue.read_draft');
  const rows = await db.selectFrom('licence_type_changes').selectAll().orderBy(sql`outcome is null`, 'desc').orderBy('proposed_at', 'desc').limit(50).execute();
  const issued = await db.selectFrom('licences').select(['type_code', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('type_code').execute();
  return { changes: rows.map(presentChange), issued: Object.fromEntries(issued.map((r) => [r.type_code, Number(r.n)])) as Record<string, number> };
}
