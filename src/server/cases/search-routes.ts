import { Type, type Static } from 'typebox';
import { sql, type RawBuilder } from 'kysely';
import type { CapabilityDeps } from '../capabilities.js';
import type { App } from '../http/types.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../policies/index.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { maskName } from '../../core/codes/mask.js';
import { INTAKE_COMMANDS, intakeDeadline, stepDueDate, type WorkingDays } from '../../core/cases/machine.js';
import { caseAbilities } from '../../core/cases/abilities.js';
import { timeStatus, type TimeStatus } from '../../core/cases/time.js';
import { loadCalendar } from '../calendar/service.js';
import type { Db } from '../db/transaction.js';
import { caseFactsOf, caseRelation, seesPersonalData } from '../policies/case-access.js';
import { caseScopeSql, prefixPattern } from '../policies/case-scope.js';
import { idNumberIndexes } from '../crypto/personal-data.js';
import { STATE_LABELS } from './labels.js';
import { caseParticipant } from './service.js';
import { englishTitles } from './repository.js';

/**
 * The workbench's lists (issue 9, "Finish the screens"): the inbox (待办) with its columns, search and
 * filters, and the staff case search (办件查询) over exactly the cases the access policy lets the caller
 * see (ADR 0008; the SQL condition is `caseScopeSql`). ADR 0015.
 */

const CHANNELS = ['online', 'window', 'terminal', 'mobile'] as const;
const TIME_STATUSES = ['normal', 'near_due', 'overdue', 'paused', 'closed', 'not_started'] as const;
const StateParam = Type.String({ pattern: '^[a-z_]{1,40}$' });
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
};
/** A calendar date (format `date` checks the day exists: no 2026-02-30). */
const IsoDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const InboxQuery = Type.Object(
  {
    /** Text over the case number, the item's title and the applicant's name. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(StateParam),
    channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
    due: Type.Optional(Type.Union(TIME_STATUSES.map((c) => Type.Literal(c)))),
    ...Paging,
  },
  { additionalProperties: false },
);

const SearchQuery = Type.Object(
  {
    caseNo: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    /** The applicant's name (or company name), from its start. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** A whole ID number, matched exactly through its blind index (ADR 0011): never a part of one. */
    idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    /** Words of the item's name. */
    item: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Submitted on or after / on or before (Beijing dates). */
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    state: Type.Optional(StateParam),
    ...Paging,
  },
  { additionalProperties: false },
);
export type SearchFilters = Static<typeof SearchQuery>;

function requireKnownState(state: string | undefined): void {
  if (state !== undefined && !(state in STATE_LABELS)) throw new DomainError('VALIDATION_FAILED', { zh: `未知的办件状态：${state}`, en: `Unknown case state: ${state}` });
}

/** `%text%` for ilike, with the wildcards of the text escaped. */
const containsPattern = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The start of a Beijing date as an instant. */
const beijingStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

interface ListedRow {
  id: string;
  case_no: string | null;
  title: string;
  version_id: string;
  state: string;
  channel: string;
  submitted_at: Date | null;
  due_date: string | null;
  org_path: string;
  applicant_id: string;
  snapshot: unknown;
  applicant_name: string | null;
  total?: string | number;
}

const LISTED_COLUMNS = sql`c.id, c.case_no, c.title, c.version_id, c.state, c.channel, c.submitted_at, c.due_date, c.org_path, c.applicant_id, c.snapshot, c.claimed_by, u.display_name as applicant_name`;

/**
 * The staff case search as one statement over the caller's scope: indexed by org_path (scope), the
 * case number (unique), the ID number's blind index (users) and the applicant (cases_applicant_idx).
 */
export function searchSql(actor: Actor, f: SearchFilters, paging: { page: number; pageSize: number }): RawBuilder<ListedRow> {
  const scope = caseScopeSql(actor);
  if (!scope) throw new DomainError('FORBIDDEN', { zh: '您的角色不办理办件，无可查询的办件', en: 'Your roles handle no cases; there is nothing to search' });
  const where: RawBuilder<unknown>[] = [scope];
  if (f.caseNo) where.push(sql`c.case_no = ${f.caseNo.trim()}`);
  if (f.name) where.push(sql`u.display_name like ${prefixPattern(f.name.trim())}`);
  if (f.idNumber) where.push(sql`u.id_number_bidx in (${sql.join(idNumberIndexes(f.idNumber))})`);
  if (f.item) where.push(sql`c.title ilike ${containsPattern(f.item)}`);
  if (f.from) where.push(sql`c.submitted_at >= ${beijingStart(f.from)}::timestamptz`);
  if (f.to) where.push(sql`c.submitted_at < ${new Date(beijingStart(f.to).getTime() + 86_400_000)}::timestamptz`);
  if (f.state) where.push(sql`c.state = ${f.state}`);
  return sql<ListedRow>`
    select ${LISTED_COLUMNS}, count(*) over () as total
    from cases c join users u on u.id = c.applicant_id
    where ${sql.join(where, sql` and `)}
    order by c.submitted_at desc nulls last, c.id
    limit ${paging.pageSize} offset ${(paging.page - 1) * paging.pageSize}`;
}

/** Running cases under some scopes in some states, with the applicant's name, filtered as asked (the inbox's candidates). */
async function inboxCandidates(db: Db, scopePaths: string[], states: string[], f: Static<typeof InboxQuery>): Promise<ListedRow[]> {
  if (scopePaths.length === 0) return [];
  const wanted = f.state ? states.filter((s) => s === f.state) : states;
  if (wanted.length === 0) return [];
  const where: RawBuilder<unknown>[] = [
    sql`(${sql.join(scopePaths.map((p) => sql`c.org_path like ${prefixPattern(p)}`), sql` or `)})`,
    sql`c.state in (${sql.join(wanted)})`,
  ];
  if (f.channel) where.push(sql`c.channel = ${f.channel}`);
  if (f.q?.trim()) {
    const p = containsPattern(f.q);
    where.push(sql`(c.case_no ilike ${p} or c.title ilike ${p} or u.display_name ilike ${p})`);
  }
  const r = await sql<ListedRow>`
    select ${LISTED_COLUMNS} from cases c join users u on u.id = c.applicant_id
    where ${sql.join(where, sql` and `)}
    order by c.due_date nulls last, c.submitted_at
    limit 500`.execute(db);
  return r.rows;
}

export function caseSearchRoutes(app: App, deps: CapabilityDeps): void {
  const today = () => isoDateInChina(deps.now());

  /** One listed case as the workbench shows it; the applicant's name masked as the case view masks it. */
  const present = (actor: Actor, r: ListedRow, status: TimeStatus, calendar: WorkingDays, titlesEn: Map<string, string | null>) => {
    const relation = caseRelation(actor, caseFactsOf(r));
    const s = r.snapshot as CaseSnapshot;
    return {
      id: r.id,
      caseNo: r.case_no,
      title: r.title,
      titleEn: titlesEn.get(r.version_id) ?? null,
      state: r.state,
      stateZh: STATE_LABELS[r.state]?.zh ?? r.state,
      stateEn: STATE_LABELS[r.state]?.en ?? r.state,
      channel: r.channel,
      applicantName: r.applicant_name === null ? null : seesPersonalData(relation) ? r.applicant_name : maskName(r.applicant_name),
      step: s.item.steps[s.stepIndex]?.name ?? null,
      stepDueDate: stepDueDate(s, calendar),
      /** 受理期限: the 5-working-day intake deadline of a case awaiting intake (what its colour is measured against). */
      intakeDueDate: r.state === 'submitted' && s.submittedOn ? intakeDeadline(s.submittedOn, calendar) : null,
      claimedByMe: s.claimedBy === actor.userId,
      submittedAt: r.submitted_at,
      dueDate: r.due_date,
      /** 暂定: computed over a year whose holiday arrangement is not loaded (provisional-due.test.ts). */
      dueDateProvisional: s.dueDateProvisional ?? false,
      timeStatus: status,
    };
  };

  app.get(
    '/api/workbench/inbox',
    {
      schema: { tags: ['workbench'], summary: '待办 Cases waiting for the caller (intake, or the current back-office step), with search and filters', querystring: InboxQuery },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      const f = req.query;
      requireKnownState(f.state);
      const calendar = await loadCalendar(app.db);
      const t = today();
      const clerkScopes = [...new Set(actor.roles.filter((g) => g.role === 'window_clerk').map((g) => g.scopePath))];
      const approverScopes = [...new Set(actor.roles.filter((g) => g.role.startsWith('approver_')).map((g) => g.scopePath))];
      const [intake, review] = await Promise.all([
        inboxCandidates(app.db, clerkScopes, ['submitted', 'completed'], f),
        inboxCandidates(app.db, approverScopes, ['submitted', 'accepted', 'in_review', 'suspended', 'approved', 'denied'], f),
      ]);
      // A case is in the caller's inbox when the core offers them something to do on it (受理 at their
      // intake desk — ADR 0020 —, 签收 of their step, the step they hold, 办结, 送达 …): not a step another
      // person must take (职责分离). A submitted case is listed for taking it in, not for 不予受理 alone.
      const offered = (r: ListedRow) => {
        const types = caseAbilities(r.snapshot as CaseSnapshot, caseParticipant(actor, r), t, calendar).map((a) => a.type);
        return r.state === 'submitted' ? types.some((x) => INTAKE_COMMANDS.includes(x)) : types.length > 0;
      };
      const seen = new Set<string>();
      const all = [...intake, ...review]
        .filter(offered)
        .filter((r) => !seen.has(r.id) && seen.add(r.id))
        .map((r) => ({ r, status: timeStatus(r.snapshot as CaseSnapshot, t, calendar) }))
        .filter((x) => !f.due || x.status === f.due);
      const page = f.page ?? 1;
      const pageSize = f.pageSize ?? 50;
      const slice = all.slice((page - 1) * pageSize, page * pageSize);
      const titlesEn = await englishTitles(app.db, slice.map((x) => x.r.version_id));
      return { cases: slice.map((x) => present(actor, x.r, x.status, calendar, titlesEn)), total: all.length, page, pageSize };
    },
  );

  app.get(
    '/api/workbench/cases',
    {
      schema: {
        tags: ['workbench'],
        summary: '办件查询 Search the cases the caller may see (ADR 0008): case number, applicant name or ID number (exact), item, submitted dates, state; paginated',
        querystring: SearchQuery,
      },
      config: { permission: 'staff' },
    },
    async (req) => {
      const actor = req.actor as Actor;
      const { page = 1, pageSize = 20, ...f } = req.query;
      requireKnownState(f.state);
      if (f.idNumber && !isValidIdNumber(f.idNumber.toUpperCase())) throw new DomainError('VALIDATION_FAILED', { zh: '身份证号码校验位或出生日期错误', en: 'The ID number is not valid' });
      if (f.from && f.to && f.from > f.to) throw new DomainError('VALIDATION_FAILED', { zh: '起始日期晚于截止日期', en: 'The start date is after the end date' });
      const rows = (await searchSql(actor, f, { page, pageSize }).execute(app.db)).rows;
      const calendar = await loadCalendar(app.db);
      const t = today();
      // Defence in depth: every row must have a relation (the SQL scope is caseRelation; a test holds them equal).
      const visible = rows.filter((r) => caseRelation(actor, caseFactsOf(r)) !== null);
      const titlesEn = await englishTitles(app.db, visible.map((r) => r.version_id));
      return {
        cases: visible.map((r) => present(actor, r, timeStatus(r.snapshot as CaseSnapshot, t, calendar), calendar, titlesEn)),
        total: Number(rows[0]?.total ?? 0),
        page,
        pageSize,
      };
    },
  );
}
