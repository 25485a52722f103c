import type { CaseRow } from '../db/schema.js';
import type { Db } from '../db/transaction.js';
import { DomainError } from '../errors.js';
import { renderNotice, type NoticeSpec } from '../notices/render.js';
import type { CaseSnapshot } from '../../core/cases/types.js';
import type { ItemContent } from '../../core/catalogue/types.js';
import * as repo from './repository.js';

/** The notices of a case (行政许可法 第32、38、44条 and 送达), rendered as PDF with a verification QR code. */
export const NOTICE_KINDS = ['acceptance', 'correction', 'refusal', 'special_procedure', 'approval', 'denial', 'delivery_receipt'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const TITLES: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  correction: '补正材料通知书（一次性告知书）',
  refusal: '不予受理通知书',
  special_procedure: '特别程序告知书',
  approval: '准予行政许可决定书',
  denial: '不予行政许可决定书',
  delivery_receipt: '送达回证',
};
const DOC_LETTER: Record<NoticeKind, string> = { acceptance: '受', correction: '补', refusal: '不受', special_procedure: '特', approval: '准', denial: '不准', delivery_receipt: '送' };
const REMEDIES = '如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

const cn = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

export async function renderCaseNotice(db: Db, row: CaseRow, kind: NoticeKind, baseUrl: string): Promise<Buffer> {
  const s = row.snapshot as unknown as CaseSnapshot;
  const events = await repo.listEvents(db, row.id);
  const version = await db.selectFrom('item_versions').select('content').where('id', '=', row.version_id).executeTakeFirstOrThrow();
  const content = version.content as ItemContent;
  const org = await db.selectFrom('orgs').select(['name', 'short_name']).where('id', '=', row.org_id).executeTakeFirstOrThrow();
  const applicant = await db.selectFrom('users').select('display_name').where('id', '=', row.applicant_id).executeTakeFirstOrThrow();
  const last = (action: string) => [...events].reverse().find((e) => e.action === action);
  const submittedOn = row.submitted_at ? cn(new Date(row.submitted_at).toISOString().slice(0, 10)) : '';
  const seq = (row.case_no ?? '').slice(-6);
  const year = (row.case_no ?? '').slice(31, 35) || new Date().getFullYear().toString();
  const base: Omit<NoticeSpec, 'paragraphs' | 'title'> = {
    docNo: `${org.short_name.replace(/县|局/g, '')}${DOC_LETTER[kind]}字〔${year}〕第${seq}号`,
    addressee: applicant.display_name,
    agency: org.name,
    date: cn(new Date().toISOString().slice(0, 10)),
    verifyUrl: `${baseUrl}/progress?caseNo=${encodeURIComponent(row.case_no ?? '')}&code=${row.query_code ?? ''}`,
    verifyCaption: `办件编号 ${row.case_no ?? ''}\u3000查询码 ${row.query_code ?? ''}\u3000扫码查询办理进度`,
  };
  const need = (ok: boolean) => {
    if (!ok) throw new DomainError('NOT_FOUND', { zh: '该办件尚无此文书', en: 'This case has no such notice yet' });
  };
  let spec: NoticeSpec;
  switch (kind) {
    case 'acceptance':
      need(!!row.accepted_on);
      spec = {
        ...base,
        title: TITLES.acceptance,
        paragraphs: [
          `你（单位）于${submittedOn}提出的${row.title}申请，经审查，申请事项属于本机关职权范围，${s.owed.length ? '除下列容缺材料外申请材料齐全' : '申请材料齐全、符合法定形式'}，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`,
          `本机关将于${row.due_date ? cn(row.due_date) : ''}前（${content.promisedLimitDays}个工作日内，依法需要听证、检验、检测、鉴定、专家评审的时间不计算在内）作出决定。`,
        ],
        ...(s.owed.length ? { list: { heading: '容缺受理需补交的材料', items: s.owed.map((o) => `${content.materials.find((m) => m.id === o.materialId)?.name ?? o.materialId}（请于${cn(o.dueDate)}前补交，逾期未补交的终止办理）`) } } : {}),
      };
      break;
    case 'correction': {
      const e = last('request_correction');
      need(!!e);
      const missing = ((e?.data as { missing?: { materialId: string; reason: string }[] }).missing ?? []).map((m) => `${content.materials.find((x) => x.id === m.materialId)?.name ?? m.materialId}：${m.reason}`);
      spec = {
        ...base,
        title: TITLES.correction,
        paragraphs: [`你（单位）于${submittedOn}提出的${row.title}申请，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，现一次性告知需要补正的全部内容如下：`],
        list: { heading: '需补正的材料', items: missing },
        closing: ['请补正后通过网上办事大厅在线提交，或到安吉县政务服务中心综合窗口提交。补正材料齐全后，本机关将依法予以受理。'],
      };
      break;
    }
    case 'refusal': {
      const e = last('refuse');
      need(!!e);
      const d = e?.data as { reason?: string; remedies?: string };
      spec = { ...base, title: TITLES.refusal, paragraphs: [`你（单位）于${submittedOn}提出的${row.title}申请，经审查，${d.reason ?? ''}。根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。`], closing: [d.remedies || REMEDIES] };
      break;
    }
    case 'special_procedure': {
      // 行政许可法 第45条: the applicant is told in writing how long the special procedure takes.
      const e = last('suspend');
      need(!!e);
      const d = e?.data as { procedure?: string; reason?: string };
      const resumed = [...events].reverse().find((x) => x.action === 'resume' && x.seq > (e?.seq ?? 0));
      spec = {
        ...base,
        title: TITLES.special_procedure,
        paragraphs: [
          `你（单位）申请的${row.title}（已于${row.accepted_on ? cn(row.accepted_on) : ''}受理），因${d.reason ?? ''}，需要进行${d.procedure ?? ''}。根据《中华人民共和国行政许可法》第四十五条的规定，${d.procedure ?? ''}所需时间不计算在办理期限内。`,
          resumed ? `${d.procedure ?? ''}已结束，暂停计时共${s.pausedDays}个工作日，办理期限相应顺延至${row.due_date ? cn(row.due_date) : ''}。` : `${d.procedure ?? ''}期间暂停计时，结束后本机关将书面告知顺延后的办结日期。`,
        ],
      };
      break;
    }
    case 'approval':
    case 'denial': {
      const e = last('decide');
      need(!!e && s.decision === (kind === 'approval' ? 'approved' : 'denied'));
      const reason = (e?.data as { reason?: string }).reason ?? '';
      spec =
        kind === 'approval'
          ? { ...base, title: TITLES.approval, paragraphs: [`你（单位）于${submittedOn}提出的${row.title}申请，本机关已于${row.accepted_on ? cn(row.accepted_on) : ''}依法受理。经审查，${reason}，符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。`, `本机关将于${s.certificateDue ? cn(s.certificateDue) : ''}前向你（单位）颁发、送达“${content.resultName}”（《中华人民共和国行政许可法》第四十四条）。`] }
          : { ...base, title: TITLES.denial, paragraphs: [`你（单位）于${submittedOn}提出的${row.title}申请，本机关已于${row.accepted_on ? cn(row.accepted_on) : ''}依法受理。经审查，${reason}，根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。`], closing: [REMEDIES] };
      break;
    }
    case 'delivery_receipt': {
      need(row.state === 'delivered');
      const method = s.delivery?.method === 'express' ? `邮政快递（运单号 ${s.delivery.trackingNo ?? ''}）` : s.delivery?.method === 'electronic' ? '电子送达' : '窗口领取（统一窗口出件）';
      spec = { ...base, title: TITLES.delivery_receipt, paragraphs: [`送达文书：${content.resultName}（${s.resultNo ?? ''}）`, `送达方式：${method}`, '受送达人签名：____________\u3000\u3000送达人签名：____________'] };
      break;
    }
  }
  return renderNotice(spec);
}
