/**
 * The service catalogue (事项管理) data model: base items (基本目录) and implementations (实施清单)
 * with the ten unified elements (十统一). Pure types shared by server and web.
 */

/** 事项类型 */
export const ITEM_TYPES = [
  'administrative_licensing', // 行政许可
  'administrative_payment', // 行政给付
  'administrative_confirmation', // 行政确认
  'administrative_levy', // 行政征收
  'administrative_reward', // 行政奖励
  'administrative_ruling', // 行政裁决
  'other_administrative_power', // 其他行政权力
  'public_service', // 公共服务
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** 基本编码 type letters as local standards write them (e.g. 许可 XK, 给付 JF, 确认 QR, 征收 ZS, 奖励 JL, 裁决 CJ, 其他 QT, 公共服务 GG). */
export const ITEM_TYPE_LETTERS: Record<ItemType, string> = {
  administrative_licensing: 'XK',
  administrative_payment: 'JF',
  administrative_confirmation: 'QR',
  administrative_levy: 'ZS',
  administrative_reward: 'JL',
  administrative_ruling: 'CJ',
  other_administrative_power: 'QT',
  public_service: 'GG',
};

export type GovLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** 网办深度: Ⅰ 网上咨询/公开, Ⅱ 网上预审, Ⅲ 网上受理(到现场一次), Ⅳ 全程网办 */
export type OnlineDepth = 1 | 2 | 3 | 4;

/** 办理形式 */
export type HandlingForm = 'window' | 'online' | 'post' | 'self_service_terminal' | 'mobile';

/** 通办范围 */
export type ServiceScope = 'county' | 'city' | 'province' | 'cross_province' | 'national';

/** 即办件 / 承诺件 */
export type CaseKind = 'on_the_spot' | 'promised';

export interface LegalBasis {
  /** Name of the law or regulation, e.g. 《中华人民共和国行政许可法》 */
  law: string;
  /** Article, e.g. 第三十二条 */
  article?: string;
  text?: string;
}

/** 申请材料来源 */
export type MaterialSource = 'applicant' | 'government' | 'intermediary' | 'other';
export type MaterialForm = 'original' | 'copy' | 'electronic' | 'original_and_copy';

export interface Material {
  /** Stable within the item across versions (used by cases and diffs). */
  id: string;
  /**
   * 材料编码: the same document across items (e.g. 营业执照, 居民身份证), so a 一件事 bundle asks for it
   * once and the applicant's material library (我的材料) can offer it again. Optional; without it the
   * material is specific to its item.
   */
  code?: string;
  name: string;
  source: MaterialSource;
  form: MaterialForm;
  /** 份数 */
  copies: number;
  required: boolean;
  /** Key material: can never be owed under 容缺受理. */
  key: boolean;
  /** Non-key material that may be owed under 容缺受理. */
  gapAllowed: boolean;
  /** 告知承诺: may be replaced by the applicant's written commitment. */
  commitmentAllowed?: boolean;
  basis?: LegalBasis;
  /** 填报须知 / 要求 */
  requirements?: string;
  blankFormUrl?: string;
  sampleUrl?: string;
  /** Situation option ids that make this material apply; empty/undefined = always applies. */
  situationOptionIds?: string[];
  /** An e-licence type that can replace the paper (电子证照). */
  licenceType?: string;
  /** A shared data source that can replace it (数据共享): free text for the guide, e.g. 公安人口库. */
  sharedDataSource?: string;
  /**
   * 免证办 via data: a source of the data directory (src/core/data-sharing/directory.ts) and the purpose
   * its answer is read for when the applicant chooses it instead of an upload (ADR 0030).
   */
  dataFulfilment?: { source: string; purpose: string };
  /** 我的材料: how many months a copy accepted on a case may be reused (default 6, ADR 0027). */
  validityMonths?: number;
}

/** 情形引导: a question whose answers select materials. */
export interface Situation {
  id: string;
  question: string;
  multiple: boolean;
  options: { id: string; label: string }[];
}

export interface Fee {
  /** 收费项目 */
  name: string;
  /** 收费标准, e.g. "每件80元" */
  standard: string;
  /** Amount in fen (分) when fixed; undefined when it varies. */
  amountFen?: number;
  basis: LegalBasis;
  /** 是否支持网上支付 */
  onlinePayment: boolean;
  /** Situation option ids that make this fee apply; empty/undefined = always applies (as for materials). */
  situationOptionIds?: string[];
}

export type FlowRole = 'window_clerk' | 'approver_handle' | 'approver_review' | 'approver_signoff';

export interface FlowStep {
  id: string;
  /** 环节名称, e.g. 受理 / 审查 / 决定 / 送达 */
  name: string;
  role: FlowRole;
  /** Department short name or org id doing this step; empty = the implementing department. */
  department?: string;
  /** 环节时限, working days. */
  limitDays: number;
  /** The step that decides (准予/不予). Exactly one per flow. */
  decision?: boolean;
  description?: string;
}

/** 特别程序 (行政许可法 第45条): time not counted in the limit when counted = false. */
export interface SpecialProcedure {
  name: string;
  /** 时限说明, e.g. "不超过30个工作日" */
  timeNeeded: string;
  basis: LegalBasis;
  countedInLimit: boolean;
}

/** JSON Schema (draft 2020-12 subset) for 一表申请 with a prefill hint per field. */
export interface FormSchema {
  type: 'object';
  title?: string;
  required?: string[];
  properties: Record<string, FormField>;
  /** Conditions between fields, as JSON Schema writes them: if these fields have these values, then these are required. */
  allOf?: FieldCondition[];
  /** Fields required only when the applicant chose a situation option (e.g. 字号名称 after 使用字号). */
  'x-conditions'?: SituationCondition[];
}

export interface FieldCondition {
  if: { properties: Record<string, { const: string | number | boolean }>; required: string[] };
  then: { required: string[] };
}

export interface SituationCondition {
  situationId: string;
  optionId: string;
  required: string[];
}

/**
 * Typed formats a form field may declare (validated by src/core/forms with the src/core/codes
 * validators). idNumber, phone, mobilePhone and personName also mark the field as personal data.
 */
export const FORM_FORMATS = ['idNumber', 'creditCode', 'phone', 'mobilePhone', 'regionCode', 'personName', 'amount', 'date'] as const;
export type FormFormat = (typeof FORM_FORMATS)[number];

export interface FormField {
  type: 'string' | 'number' | 'integer' | 'boolean';
  title: string;
  description?: string;
  enum?: (string | number)[];
  format?: FormFormat;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** Personal data not recognisable by its format (an address, a bank account): masked like them. */
  'x-personal'?: boolean;
  /** Prefill from the applicant's profile, e.g. "profile.name", "profile.idNumber", "profile.phone". */
  'x-prefill'?: string;
}

/** Everything versioned about one implementation (实施清单). The ten unified elements are marked 十统一. */
export interface ItemContent {
  /** 十统一: 主项名称 */
  mainName: string;
  /** 十统一: 子项名称 (empty when the item has no sub-items) */
  subName?: string;
  /** English names shown in English mode where the catalogue has them (issue 9); the Chinese name otherwise. */
  mainNameEn?: string;
  subNameEn?: string;
  /** 十统一: 事项类型 */
  itemType: ItemType;
  /** 十统一: 事项编码 (基本编码) */
  baseCode: string;
  /** 实施编码 (31 chars, starts with the implementing body's credit code) */
  implCode: string;
  /** 十统一: 设定依据 */
  basis: LegalBasis[];
  /** Implementing body (实施主体) name and credit code. */
  implementingBody: { name: string; creditCode: string; orgId?: string };
  /** 窗口类别 for 综合窗口 routing, e.g. 市场准入, 社会事务 */
  category: string;
  /** 服务对象 */
  applicantTypes: ('natural_person' | 'legal_person')[];
  /** 主题分类 / life events this item belongs to (for browsing) */
  topics?: string[];
  /** 十统一: 办理时限 */
  legalLimitDays: number;
  promisedLimitDays: number;
  caseKind: CaseKind;
  handlingForms: HandlingForm[];
  onlineDepth: OnlineDepth;
  /** 到办事现场次数 */
  trips: number;
  /** 是否支持物流快递 / 邮寄申请 */
  acceptsPost: boolean;
  serviceScope: ServiceScope;
  /** 办理地点 and 办理时间 */
  place: string;
  hours: string;
  /** 咨询电话 / 监督投诉电话 */
  consultPhone: string;
  complaintPhone: string;
  /** 办理结果名称 and sample */
  resultName: string;
  resultSampleUrl?: string;
  /** 十统一: 收费; empty = free (不收费) */
  fees: Fee[];
  /** 十统一: 申请材料 */
  materials: Material[];
  situations: Situation[];
  /** 十统一: 表单内容 */
  form: FormSchema;
  /** 十统一: 办理流程 */
  flow: FlowStep[];
  specialProcedures: SpecialProcedure[];
  /**
   * 职责分离 for this item's flow: one person acts on at most one back-office step of a case. Default
   * true; false lets a small office have one person handle and sign (stated in the item's content).
   */
  separationOfDuties?: boolean;
  /** 受理条件 */
  conditions?: string;
  /**
   * A sensitive item (最低生活保障, family matters …): the public progress look-up shows a neutral
   * title instead of the item's, so a case number and code found on paper reveal nothing private.
   */
  sensitive?: boolean;
}

export type VersionStatus = 'draft' | 'in_review' | 'published' | 'retired';
