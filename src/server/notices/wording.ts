import type { ItemType, LegalBasis } from '../../core/catalogue/types.js';
import { clause, correctionLine } from '../../core/cases/wording.js';

export { clause, correctionLine };

/**
 * The wording of a case's notices by 事项类型 (issue 9 item 3). A 行政许可 cites the 行政许可法; every
 * other type cites the item's own 设定依据 (e.g. 临时救助 → 《社会救助暂行办法》) and has its own titles:
 * no "不予行政许可决定书" for a benefit. Pure: notices.ts gathers the facts, render.ts draws the PDF.
 */
export type NoticeFamily = 'licensing' | 'payment' | 'confirmation' | 'ruling' | 'public_service' | 'other';

export function noticeFamily(t: ItemType): NoticeFamily {
  switch (t) {
    case 'administrative_licensing':
      return 'licensing';
    case 'administrative_payment':
      return 'payment';
    case 'administrative_confirmation':
      return 'confirmation';
    case 'administrative_ruling':
      return 'ruling';
    case 'public_service':
      return 'public_service';
    case 'administrative_levy':
    case 'administrative_reward':
    case 'other_administrative_power':
      return 'other';
  }
}

export interface NoticeFacts {
  itemType: ItemType;
  /** The case title (item name, with the sub-item). */
  itemTitle: string;
  /** The item's 设定依据. */
  basis: LegalBasis[];
  /** Dates already written in Chinese (2026年3月2日); empty when not reached. */
  submittedOn: string;
  acceptedOn: string;
  dueDate: string;
  certificateDue: string;
  promisedLimitDays: number;
  /**
   * 暂定 (ADR 0016): the years without a loaded holiday arrangement that the working-day walk to the due
   * date / the certificate date crossed; absent or empty when the date is final.
   */
  dueDateUnloadedYears?: readonly number[];
  certificateDueUnloadedYears?: readonly number[];
  resultName: string;
  /** 办理地点, where corrected materials can be handed in. */
  place: string;
  complaintPhone: string;
}

export type NoticeEvent =
  | { kind: 'acceptance'; received: string[]; owed: { name: string; dueDate: string }[]; promised: string[]; /** 第32条: not handled within 5 working days. */ deemed?: boolean }
  | { kind: 'correction'; missing: { name: string; reason: string }[] }
  | { kind: 'refusal'; reason: string; remedies: string }
  | { kind: 'special_procedure'; procedure: string; reason: string; resumed: { pausedDays: number; dueDate: string } | null }
  | { kind: 'approval'; reason: string }
  | { kind: 'denial'; reason: string }
  | { kind: 'delivery_receipt'; document: string; method: string }
  | { kind: 'revocation'; findings: string; reason: string; decidedOn: string };

export type NoticeKind = NoticeEvent['kind'];

export interface NoticeText {
  title: string;
  paragraphs: string[];
  list?: { heading: string; items: string[] };
  closing?: string[];
}

const LICENSING_LAW = '《中华人民共和国行政许可法》';

/** The sentence after a provisional date: which years are not announced yet, and that the date will be recomputed. */
export function provisionalDateNote(years: readonly number[] | undefined): string {
  if (!years?.length) return '';
  return `上述日期为暂定日期：${years.map((y) => `${y}年`).join('、')}节假日安排尚未公布，暂按周末和固定日期的节日推算，以节假日安排公布后重新计算的日期为准。`;
}
/** 行政复议法 第二十条 (60 days), 行政诉讼法 第四十六条 (6 months). */
const REMEDIES = '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';
const REMEDIES_REFUSAL = '如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

interface FamilyWords {
  /** What the decision grants, e.g. 准予行政许可 / 予以给付. */
  grant: string;
  refuse: string;
  approvalTitle: string;
  denialTitle: string;
  revocationTitle: string;
  /** The applicant's remedies after a denial or revocation. */
  remedies: (f: NoticeFacts) => string;
}

const FAMILIES: Record<NoticeFamily, FamilyWords> = {
  licensing: { grant: '准予行政许可', refuse: '不予行政许可', approvalTitle: '准予行政许可决定书', denialTitle: '不予行政许可决定书', revocationTitle: '撤销行政许可决定书', remedies: () => REMEDIES },
  payment: { grant: '予以给付', refuse: '不予给付', approvalTitle: '给付决定书', denialTitle: '不予给付决定书', revocationTitle: '撤销给付决定书', remedies: () => REMEDIES },
  confirmation: { grant: '予以确认', refuse: '不予确认', approvalTitle: '确认决定书', denialTitle: '不予确认决定书', revocationTitle: '撤销确认决定书', remedies: () => REMEDIES },
  ruling: { grant: '予以裁决', refuse: '驳回裁决申请', approvalTitle: '行政裁决书', denialTitle: '驳回裁决申请决定书', revocationTitle: '撤销行政裁决决定书', remedies: () => REMEDIES },
  public_service: {
    grant: '予以办理',
    refuse: '不予办理',
    approvalTitle: '办理结果告知书',
    denialTitle: '不予办理告知书',
    revocationTitle: '撤销办理结果告知书',
    remedies: (f) => `如对本告知有异议，可以向本机关提出，或者拨打监督投诉电话${f.complaintPhone}反映。`,
  },
  other: { grant: '予以办理', refuse: '不予办理', approvalTitle: '准予办理决定书', denialTitle: '不予办理决定书', revocationTitle: '撤销决定书', remedies: () => REMEDIES },
};

/** The item's legal basis as cited in a sentence: 《社会救助暂行办法》第四十七条. */
export function citeBasis(basis: readonly LegalBasis[]): string {
  const cited = basis.slice(0, 2).map((b) => {
    const law = b.law.startsWith('《') ? b.law : `《${b.law}》`;
    return `${law}${b.article ?? ''}`;
  });
  return cited.length ? cited.join('、') : '有关法律、法规';
}

export function noticeText(f: NoticeFacts, e: NoticeEvent): NoticeText {
  const family = noticeFamily(f.itemType);
  const w = FAMILIES[family];
  const licensing = family === 'licensing';
  const basis = citeBasis(f.basis);
  const applied = `你（单位）于${f.submittedOn}提出的${f.itemTitle}申请`;
  switch (e.kind) {
    case 'acceptance': {
      if (e.deemed) {
        // 行政许可法 第三十二条第一款第（四）项: 逾期不告知的，自收到申请材料之日起即为受理 — no claim that the materials were complete.
        const rule = licensing ? `根据${LICENSING_LAW}第三十二条第一款第（四）项的规定，` : '';
        return {
          title: '受理通知书',
          paragraphs: [`${applied}，本机关未在五个工作日内作出处理。${rule}自收到申请材料之日起即为受理。`, `本机关将于${f.dueDate}前（${f.promisedLimitDays}个工作日内）作出决定。${provisionalDateNote(f.dueDateUnloadedYears)}`],
        };
      }
      const complete = e.owed.length ? '除下列容缺材料外，申请材料齐全、符合法定形式' : '申请材料齐全、符合法定形式';
      const cite = licensing ? `根据${LICENSING_LAW}第三十二条第一款第（五）项的规定` : `根据${basis}的规定`;
      const excluded = licensing ? '（依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在内）' : '';
      const items = [...e.received, ...e.promised.map((p) => `${p}（以告知承诺代替）`)];
      return {
        title: '受理通知书',
        paragraphs: [`${applied}，经审查，申请事项属于本机关职权范围，${complete}。${cite}，决定予以受理。`, `本机关将于${f.dueDate}前（${f.promisedLimitDays}个工作日内）作出决定${excluded}。${provisionalDateNote(f.dueDateUnloadedYears)}`],
        list: { heading: '已收取的申请材料', items },
        ...(e.owed.length ? { closing: [`容缺受理需补交的材料：${e.owed.map((o) => `${o.name}（请于${o.dueDate}前补交）`).join('；')}。逾期未补交的，终止办理。`] } : {}),
      };
    }
    case 'correction':
      return {
        title: '补正材料通知书（一次性告知书）',
        paragraphs: [`${applied}，经审查，申请材料不齐全或者不符合法定形式。${licensing ? `根据${LICENSING_LAW}第三十二条第一款第（四）项的规定，` : ''}现一次性告知需要补正的全部内容如下：`],
        list: { heading: '需补正的材料', items: e.missing.map((m) => correctionLine(m.name, m.reason)) },
        closing: [`请补正后通过网上办事大厅在线提交，或者到${clause(f.place) || '本机关办理窗口'}提交。补正材料齐全后，本机关将依法予以受理。`],
      };
    case 'refusal': {
      const cite = licensing ? `根据${LICENSING_LAW}第三十二条第一款的规定` : `根据${basis}的规定`;
      const remedies = clause(e.remedies);
      return {
        title: '不予受理通知书',
        paragraphs: [`${applied}，经审查，${clause(e.reason)}。${cite}，决定不予受理。`],
        closing: [family === 'public_service' ? w.remedies(f) : remedies ? `${remedies}。` : REMEDIES_REFUSAL],
      };
    }
    case 'special_procedure': {
      const procedure = clause(e.procedure);
      const cite = licensing ? `根据${LICENSING_LAW}第四十五条的规定，` : '';
      return {
        title: '特别程序告知书',
        paragraphs: [
          `你（单位）申请的${f.itemTitle}已于${f.acceptedOn}受理。因${clause(e.reason)}，需要进行${procedure}。${cite}${procedure}所需时间不计算在办理期限内。`,
          e.resumed ? `${procedure}已结束，暂停计时共${e.resumed.pausedDays}个工作日，办理期限相应顺延至${e.resumed.dueDate}。${provisionalDateNote(f.dueDateUnloadedYears)}` : `${procedure}期间暂停计时，结束后本机关将书面告知顺延后的办结日期。`,
        ],
      };
    }
    case 'approval': {
      const cite = licensing ? `根据${LICENSING_LAW}第三十八条第一款的规定` : `根据${basis}的规定`;
      const result = licensing
        ? `本机关将于${f.certificateDue}前向你（单位）颁发、送达“${f.resultName}”（${LICENSING_LAW}第四十四条）。`
        : `本机关将于${f.certificateDue}前向你（单位）出具、送达办理结果“${f.resultName}”。`;
      return {
        title: w.approvalTitle,
        paragraphs: [`${applied}，本机关已于${f.acceptedOn}依法受理。经审查：${clause(e.reason)}。你（单位）的申请符合法定条件、标准，${cite}，决定${w.grant}。`, `${result}${provisionalDateNote(f.certificateDueUnloadedYears)}`],
      };
    }
    case 'denial': {
      const cite = licensing ? `根据${LICENSING_LAW}第三十八条第二款的规定` : `根据${basis}的规定`;
      return {
        title: w.denialTitle,
        paragraphs: [`${applied}，本机关已于${f.acceptedOn}依法受理。经审查：${clause(e.reason)}。${cite}，决定${w.refuse}。`],
        closing: [w.remedies(f)],
      };
    }
    case 'delivery_receipt':
      return { title: '送达回证', paragraphs: [`送达文书：${e.document}`, `送达方式：${e.method}`, '受送达人签名：____________\u3000\u3000送达人签名：____________'] };
    case 'revocation': {
      // 行政许可法 第六十九条第二款: a licence obtained by deception is revoked; 国办发〔2020〕42号: a false commitment revokes the decision.
      const cite = licensing ? `${LICENSING_LAW}第六十九条第二款和《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》（国办发〔2020〕42号）` : `${basis}和《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》（国办发〔2020〕42号）`;
      return {
        title: w.revocationTitle,
        paragraphs: [
          `你（单位）于${f.submittedOn}以告知承诺方式申请${f.itemTitle}，本机关已于${e.decidedOn}作出决定。经事中事后核查，发现以下事实：${clause(e.findings)}。`,
          `本机关认为：${clause(e.reason)}。根据${cite}的规定，决定撤销该决定。你（单位）的失信行为已记入信用记录，今后申请政务服务事项不再适用告知承诺和容缺受理。`,
        ],
        closing: [w.remedies(f)],
      };
    }
  }
}

/** Writing slips a proof-reader would mark: doubled or clashing punctuation, empty brackets or quotes, unfilled values. */
export function proofreadingErrors(text: string): string[] {
  const errors: string[] = [];
  const rules: [RegExp, string][] = [
    [/[。，；：、！？][。，；：、！？]/u, 'clashing or doubled punctuation'],
    [/（）|“”|《》|\(\)/u, 'empty brackets or quotes'],
    [/undefined|null|NaN|\[object/u, 'an unfilled value'],
    [/于前|于提出|已于依法|至。|至，/u, 'a missing date'],
    [/：：/u, 'doubled colon'],
  ];
  for (const [re, what] of rules) if (re.test(text)) errors.push(`${what}: ${text}`);
  return errors;
}

/** The title of every notice kind for an item type (the case page names its notices with these). */
export function noticeTitles(t: ItemType): Record<NoticeKind, string> {
  const w = FAMILIES[noticeFamily(t)];
  return {
    acceptance: '受理通知书',
    correction: '补正材料通知书（一次性告知书）',
    refusal: '不予受理通知书',
    special_procedure: '特别程序告知书',
    approval: w.approvalTitle,
    denial: w.denialTitle,
    delivery_receipt: '送达回证',
    revocation: w.revocationTitle,
  };
}
