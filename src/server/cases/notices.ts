import type { CaseEventRow, CaseRow } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { renderNotice, type NoticeSpec } from '../notices/render.js';
import { sealDocument } from '../seals/service.js';
import { noticeText, type NoticeEvent, type NoticeFacts, type NoticeKind } from '../notices/wording.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import * as repo from './repository.js';
import { loadCalendar } from '../calendar/service.js';
import { CERTIFICATE_WORKING_DAYS } from '../../core/cases/machine.js';

export type { NoticeKind } from '../notices/wording.js';

/** The notices of a case, rendered as PDF with the department's seal and a verification QR code. */
export const NOTICE_KINDS = ['acceptance', 'correction', 'refusal', 'special_procedure', 'approval', 'denial', 'delivery_receipt', 'revocation'] as const satisfies readonly NoticeKind[];

const DOC_LETTER: Record<NoticeKind, string> = { acceptance: '受', correction: '补', refusal: '不受', special_procedure: '特', approval: '准', denial: '不准', delivery_receipt: '送', revocation: '撤' };

const cn = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : '');
const dayOf = (at: Date | string) => isoDateInChina(new Date(at));

const notYet = () => new DomainError('NOT_FOUND', { zh: '该办件尚无此文书', en: 'This case has no such notice yet' });

/** The event a notice records and the day it was made (the notice is dated that day). */
function noticeEvent(kind: NoticeKind, s: CaseSnapshot, row: CaseRow, events: CaseEventRow[], content: ItemContent): { event: NoticeEvent; on: string } {
  const last = (action: string) => [...events].reverse().find((e) => e.action === action);
  const data = (e: CaseEventRow | undefined) => (e?.data ?? {}) as Record<string, unknown>;
  const name = (id: string) => (id === '_other' ? '其他' : (s.item.materials?.find((m) => m.id === id)?.name ?? content.materials.find((m) => m.id === id)?.name ?? id));
  switch (kind) {
    case 'acceptance': {
      const e = [...events].reverse().find((x) => ['accept', 'accept_with_gaps', 'deem_accepted'].includes(x.action));
      if (!row.accepted_on || !e) throw notYet();
      const received = ((data(e).received ?? []) as { materialId: string; originalSeen: boolean }[]).map((m) => `${name(m.materialId)}${m.originalSeen ? '（已核验原件）' : ''}`);
      return { event: { kind, received, owed: s.owed.map((o) => ({ name: name(o.materialId), dueDate: cn(o.dueDate) })), promised: (s.commitments ?? []).map(name), deemed: e.action === 'deem_accepted' }, on: dayOf(e.at) };
    }
    case 'correction': {
      const e = last('request_correction');
      if (!e) throw notYet();
      const missing = ((data(e).missing ?? []) as { materialId: string; reason: string }[]).map((m) => ({ name: name(m.materialId), reason: m.reason }));
      return { event: { kind, missing }, on: dayOf(e.at) };
    }
    case 'refusal': {
      const e = last('refuse');
      if (!e) throw notYet();
      return { event: { kind, reason: String(data(e).reason ?? ''), remedies: String(data(e).remedies ?? '') }, on: dayOf(e.at) };
    }
    case 'special_procedure': {
      const e = last('suspend');
      if (!e) throw notYet();
      const resumed = [...events].reverse().find((x) => x.action === 'resume' && x.seq > e.seq);
      return {
        event: { kind, procedure: String(data(e).procedure ?? ''), reason: String(data(e).reason ?? ''), resumed: resumed ? { pausedDays: s.pausedDays, dueDate: cn(row.due_date) } : null },
        on: dayOf((resumed ?? e).at),
      };
    }
    case 'approval':
    case 'denial': {
      const e = last('decide');
      if (!e || s.decision !== (kind === 'approval' ? 'approved' : 'denied')) throw notYet();
      return { event: { kind, reason: String(data(e).reason ?? '') }, on: dayOf(e.at) };
    }
    case 'delivery_receipt': {
      // Kept after a later revocation: the receipt records what was delivered and how.
      const e = last('deliver');
      if (!s.delivery || !e) throw notYet();
      const method = s.delivery.method === 'express' ? `邮政快递（运单号 ${s.delivery.trackingNo ?? ''}）` : s.delivery.method === 'electronic' ? '电子送达' : '窗口领取（统一窗口出件）';
      return { event: { kind, document: `${content.resultName}（${s.resultNo ?? ''}）`, method }, on: dayOf(e.at) };
    }
    case 'revocation': {
      const e = last('revoke');
      if (!e) throw notYet();
      return { event: { kind, findings: String(data(e).findings ?? ''), reason: String(data(e).reason ?? ''), decidedOn: cn(s.decidedOn) }, on: dayOf(e.at) };
    }
  }
}

/** Everything a notice says, from the case, its timeline and its pinned catalogue version. */
export async function caseNoticeSpec(db: Db, row: CaseRow, kind: NoticeKind, baseUrl: string): Promise<NoticeSpec> {
  const s = row.snapshot as unknown as CaseSnapshot;
  const events = await repo.listEvents(db, row.id);
  const content = (await repo.publishedContent(db, row.version_id)) as ItemContent;
  const org = await db.selectFrom('orgs').select(['name', 'short_name']).where('id', '=', row.org_id).executeTakeFirstOrThrow();
  const applicant = await db.selectFrom('users').select('display_name').where('id', '=', row.applicant_id).executeTakeFirstOrThrow();
  const { event, on } = noticeEvent(kind, s, row, events, content);
  const calendar = await loadCalendar(db);
  // 暂定 (ADR 0016): the years the walk to each printed date crossed without a loaded holiday arrangement.
  const unloaded = (from: string | null | undefined, days: number) => (from ? (calendar.addWorkingDays(from, days).unloadedYears ?? []) : []);
  const dueDateUnloadedYears = s.dueDateProvisional ? unloaded(s.acceptedOn, s.item.promisedLimitDays + s.pausedDays + s.extensionDays) : [];
  const certificateDueUnloadedYears = s.certificateDue ? unloaded(s.decidedOn, CERTIFICATE_WORKING_DAYS) : [];
  const facts: NoticeFacts = {
    itemType: content.itemType,
    itemTitle: row.title,
    basis: content.basis,
    submittedOn: row.submitted_at ? cn(dayOf(row.submitted_at)) : '',
    acceptedOn: cn(row.accepted_on),
    dueDate: cn(row.due_date),
    certificateDue: cn(s.certificateDue),
    promisedLimitDays: s.item.promisedLimitDays,
    dueDateUnloadedYears,
    certificateDueUnloadedYears,
    resultName: content.resultName,
    place: content.place,
    complaintPhone: content.complaintPhone,
  };
  const seq = (row.case_no ?? '').slice(-6);
  const year = on.slice(0, 4);
  return {
    ...noticeText(facts, event),
    docNo: `${org.short_name.replace(/县|局/g, '')}${DOC_LETTER[kind]}字〔${year}〕第${seq}号`,
    addressee: applicant.display_name,
    agency: org.name,
    date: cn(on),
    // The issuing department's seal, drawn in the PDF (the e-signature comes with 电子证照).
    seal: { name: org.name },
    verifyUrl: `${baseUrl}/progress?caseNo=${encodeURIComponent(row.case_no ?? '')}&code=${row.query_code ?? ''}`,
    verifyCaption: `办件编号 ${row.case_no ?? ''}\u3000查询码 ${row.query_code ?? ''}\u3000扫码查询办理进度\n电子印章：${org.name}以 SM2/SM3 对本文件签章，文件是否被改动可在 ${baseUrl}/documents/verify 核验`,
    createdAt: new Date(`${on}T00:00:00+08:00`),
  };
}

export async function renderCaseNotice(db: Db, row: CaseRow, kind: NoticeKind, baseUrl: string): Promise<Buffer> {
  return renderNotice(await caseNoticeSpec(db, row, kind, baseUrl));
}

/** The notice as issued: rendered, and sealed with the department's key (电子印章, ADR 0029; one seal per file). */
export async function renderSealedCaseNotice(db: Db, row: CaseRow, kind: NoticeKind, baseUrl: string, now: Date): Promise<{ pdf: Buffer; sha: string; sealId: string }> {
  const spec = await caseNoticeSpec(db, row, kind, baseUrl);
  const pdf = await renderNotice(spec);
  const seal = await sealDocument(db, { pdf, kind: 'notice', title: `${spec.title} ${row.case_no ?? ''}`, orgId: row.org_id, caseId: row.id, now });
  return { pdf, sha: seal.sha, sealId: seal.id };
}
