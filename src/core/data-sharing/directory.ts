/**
 * 数据目录 (data directory): the shared data sources a department may read instead of asking the
 * applicant for paper, what each holds (data items, 数据项) and the legal purposes (用途) each item may
 * serve. Pure data and look-ups, shared by server and web (DESIGN.md §2.5, the once-only principle).
 *
 * Every source is about one person — the data subject (数据主体) — and the subject of a query is always
 * the applicant of the case it is made for (policy.ts): a case cannot be used to look up anyone else.
 */

export type SubjectKind = 'natural_person' | 'legal_person';

/** How the server reaches a source: the platform's own registers, the licence store, or a department's HTTP service. */
export type SourceTransport = 'builtin' | 'licence_store' | 'http';

export interface LegalRef {
  law: string;
  article?: string;
}

/** A legal purpose (用途) a query states; every data item lists the purposes it may serve. */
export interface DataPurpose {
  code: string;
  name: string;
  nameEn: string;
  basis: LegalRef[];
}

/** One data item (数据项, a field) of a source. */
export interface DataItem {
  key: string;
  name: string;
  nameEn: string;
  /** Purposes (codes) this item may be read for; asking for it with another purpose is refused. */
  purposes: readonly string[];
}

export interface DataSource {
  code: string;
  name: string;
  nameEn: string;
  /** The department that owns (and answers for) the data: a demo org key and its name. */
  owner: { orgKey: string; name: string; nameEn: string };
  transport: SourceTransport;
  /** Whose data it holds; the case's applicant must be of this kind. `any`: both. */
  subject: SubjectKind | 'any';
  items: readonly DataItem[];
  /** Names catalogue materials use for this source in `sharedDataSource` (e.g. 公安人口库). */
  aliases: readonly string[];
  /**
   * 免证办: the purpose and items a query uses when the source answers for a catalogue material
   * instead of an upload (slice 4 of issue 11).
   */
  forMaterial: { purpose: string; fields: readonly string[] };
}

// 个人信息保护法 第十三条第一款第三项 and 第三十四条: a state organ processes personal data only as its
// statutory duties need, within their scope; 政务信息资源共享管理暂行办法 (国发〔2016〕51号): shared for duties.
const PIPL: LegalRef = { law: '《中华人民共和国个人信息保护法》', article: '第十三条、第三十四条' };
const SHARING: LegalRef = { law: '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）' };

export const DATA_PURPOSES: readonly DataPurpose[] = [
  { code: 'identity_verification', name: '申请人身份核验', nameEn: 'Verifying the applicant’s identity', basis: [PIPL, SHARING, { law: '《中华人民共和国行政许可法》', article: '第三十一条' }] },
  { code: 'household_check', name: '户籍信息核验', nameEn: 'Checking household registration', basis: [PIPL, SHARING, { law: '《中华人民共和国户口登记条例》' }] },
  { code: 'social_assistance_review', name: '社会救助资格审核', nameEn: 'Social assistance eligibility review', basis: [PIPL, SHARING, { law: '《社会救助暂行办法》', article: '第十一条' }] },
  { code: 'market_entity_check', name: '市场主体资格核验', nameEn: 'Checking a market entity’s registration', basis: [SHARING, { law: '《中华人民共和国市场主体登记管理条例》', article: '第三十五条' }] },
  { code: 'licensing_review', name: '行政许可审查', nameEn: 'Review for an administrative licence', basis: [PIPL, SHARING, { law: '《中华人民共和国行政许可法》', article: '第三十四条' }] },
  { code: 'employment_benefit_review', name: '就业与社会保险待遇审核', nameEn: 'Employment and social insurance benefit review', basis: [PIPL, SHARING, { law: '《中华人民共和国社会保险法》' }] },
];

const ALL_PERSON = ['identity_verification', 'household_check', 'social_assistance_review', 'licensing_review', 'employment_benefit_review'];
const ALL_ENTITY = ['identity_verification', 'market_entity_check', 'licensing_review'];

/** The built-in sources and the configured HTTP source. The licence store is answered by a provider the licence capability plugs in. */
export const DATA_SOURCES: readonly DataSource[] = [
  {
    code: 'population',
    name: '人口基础信息',
    nameEn: 'Population register',
    owner: { orgKey: 'county-police', name: '安吉县公安局', nameEn: 'Anji County Public Security Bureau' },
    transport: 'builtin',
    subject: 'natural_person',
    aliases: ['公安人口库', '人口库', '户籍信息'],
    items: [
      { key: 'name', name: '姓名', nameEn: 'Name', purposes: ALL_PERSON },
      { key: 'idNumber', name: '公民身份号码', nameEn: 'ID number', purposes: ALL_PERSON },
      { key: 'gender', name: '性别', nameEn: 'Gender', purposes: ['identity_verification', 'household_check', 'social_assistance_review'] },
      { key: 'birthDate', name: '出生日期', nameEn: 'Date of birth', purposes: ['identity_verification', 'household_check', 'social_assistance_review', 'employment_benefit_review'] },
      { key: 'householdAddress', name: '户籍地址', nameEn: 'Registered address', purposes: ['household_check', 'social_assistance_review'] },
    ],
    forMaterial: { purpose: 'household_check', fields: ['name', 'idNumber', 'gender', 'birthDate', 'householdAddress'] },
  },
  {
    code: 'legal_person',
    name: '法人基础信息',
    nameEn: 'Legal person register',
    owner: { orgKey: 'county-samr', name: '安吉县市场监督管理局', nameEn: 'Anji County Administration for Market Regulation' },
    transport: 'builtin',
    subject: 'legal_person',
    aliases: ['市场主体登记库', '法人库'],
    items: [
      { key: 'name', name: '名称', nameEn: 'Name', purposes: ALL_ENTITY },
      { key: 'creditCode', name: '统一社会信用代码', nameEn: 'Unified social credit code', purposes: ALL_ENTITY },
      { key: 'legalRepresentative', name: '法定代表人', nameEn: 'Legal representative', purposes: ['market_entity_check', 'licensing_review'] },
      { key: 'address', name: '住所', nameEn: 'Registered address', purposes: ['market_entity_check', 'licensing_review'] },
      { key: 'status', name: '登记状态', nameEn: 'Registration status', purposes: ['market_entity_check', 'licensing_review'] },
    ],
    forMaterial: { purpose: 'market_entity_check', fields: ['name', 'creditCode', 'legalRepresentative', 'address', 'status'] },
  },
  {
    code: 'licences',
    name: '电子证照库',
    nameEn: 'Electronic licence store',
    owner: { orgKey: 'county-gov', name: '安吉县人民政府（数据资源管理）', nameEn: 'Anji County Government (data resources)' },
    transport: 'licence_store',
    subject: 'any',
    aliases: ['证照库'],
    items: [{ key: 'validLicences', name: '有效证照（类型、标识、版本）', nameEn: 'Valid licences (type, identifier, version)', purposes: ['identity_verification', 'household_check', 'market_entity_check', 'licensing_review', 'social_assistance_review'] }],
    forMaterial: { purpose: 'licensing_review', fields: ['validLicences'] },
  },
  {
    code: 'social_insurance',
    name: '社会保险参保信息',
    nameEn: 'Social insurance records',
    owner: { orgKey: 'county-hrss', name: '安吉县人力资源和社会保障局', nameEn: 'Anji County Human Resources and Social Security Bureau' },
    transport: 'http',
    subject: 'natural_person',
    aliases: ['社保参保信息', '用工备案数据'],
    items: [
      { key: 'insured', name: '参保状态', nameEn: 'Insured', purposes: ['employment_benefit_review', 'social_assistance_review', 'licensing_review'] },
      { key: 'employer', name: '参保单位', nameEn: 'Employer', purposes: ['employment_benefit_review', 'licensing_review'] },
      { key: 'contributionMonths', name: '累计缴费月数', nameEn: 'Months of contributions', purposes: ['employment_benefit_review', 'social_assistance_review'] },
    ],
    forMaterial: { purpose: 'employment_benefit_review', fields: ['insured', 'employer', 'contributionMonths'] },
  },
];

export function purposeOf(code: string): DataPurpose | undefined {
  return DATA_PURPOSES.find((p) => p.code === code);
}

/** A source by its code, or by a name catalogue materials use for it (`sharedDataSource`). */
export function findSource(codeOrAlias: string, sources: readonly DataSource[] = DATA_SOURCES): DataSource | undefined {
  return sources.find((s) => s.code === codeOrAlias) ?? sources.find((s) => s.name === codeOrAlias || s.aliases.includes(codeOrAlias));
}

/** The purposes a source can serve at all: the union of its items' purposes. */
export function sourcePurposes(source: DataSource): string[] {
  return DATA_PURPOSES.map((p) => p.code).filter((code) => source.items.some((i) => i.purposes.includes(code)));
}

/** The items of a source that may be read for a purpose (what a UI offers once the purpose is chosen). */
export function itemsForPurpose(source: DataSource, purpose: string): DataItem[] {
  return source.items.filter((i) => i.purposes.includes(purpose));
}
