import { completeCreditCode } from '../../core/codes/credit-code.js';

/**
 * The demo jurisdiction: 浙江省 → 湖州市 → 安吉县 → two townships (乡镇/街道) and one village.
 * Region codes follow GB/T 2260 (province/city/county) and the statistical 12-digit codes below.
 * Credit codes of the agencies are well-formed (GB 32100 check character) but fictional.
 */
export interface DemoRegion {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4 | 5;
  parent?: string;
}

export const DEMO_REGIONS: DemoRegion[] = [
  { code: '330000', name: '浙江省', level: 1 },
  { code: '330500', name: '湖州市', level: 2, parent: '330000' },
  { code: '330523', name: '安吉县', level: 3, parent: '330500' },
  { code: '330523001', name: '递铺街道', level: 4, parent: '330523' },
  { code: '330523101', name: '孝丰镇', level: 4, parent: '330523' },
  { code: '330523001001', name: '递铺街道城北社区', level: 5, parent: '330523001' },
];

export interface DemoDepartment {
  /** Stable key used by demo data (catalogue items, staff) to refer to the department. */
  key: string;
  name: string;
  shortName: string;
  regionCode: string;
  creditCode: string;
}

const cc = (regionCode: string, orgCode8: string) => completeCreditCode(`11${regionCode}${orgCode8}`);

/** County departments (县级部门) plus the province and city market regulators for the 三级十同 demo. */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { key: 'county-gov', name: '安吉县人民政府', shortName: '县政府', regionCode: '330523', creditCode: cc('330523', '002580001') },
  { key: 'county-samr', name: '安吉县市场监督管理局', shortName: '县市场监管局', regionCode: '330523', creditCode: cc('330523', 'MB1957701') },
  { key: 'county-hrss', name: '安吉县人力资源和社会保障局', shortName: '县人社局', regionCode: '330523', creditCode: cc('330523', '002580102') },
  { key: 'county-mca', name: '安吉县民政局', shortName: '县民政局', regionCode: '330523', creditCode: cc('330523', '002580203') },
  { key: 'county-health', name: '安吉县卫生健康局', shortName: '县卫健局', regionCode: '330523', creditCode: cc('330523', '002580304') },
  { key: 'county-housing', name: '安吉县住房和城乡建设局', shortName: '县住建局', regionCode: '330523', creditCode: cc('330523', '002580405') },
  { key: 'county-nr', name: '安吉县自然资源和规划局', shortName: '县自然资源局', regionCode: '330523', creditCode: cc('330523', '002580506') },
  { key: 'county-police', name: '安吉县公安局', shortName: '县公安局', regionCode: '330523', creditCode: cc('330523', '002580607') },
  { key: 'county-tax', name: '国家税务总局安吉县税务局', shortName: '县税务局', regionCode: '330523', creditCode: cc('330523', 'MB1957808') },
  { key: 'county-hsa', name: '安吉县医疗保障局', shortName: '县医保局', regionCode: '330523', creditCode: cc('330523', 'MB1957909') },
  { key: 'county-edu', name: '安吉县教育局', shortName: '县教育局', regionCode: '330523', creditCode: cc('330523', '002580910') },
  { key: 'county-transport', name: '安吉县交通运输局', shortName: '县交通运输局', regionCode: '330523', creditCode: cc('330523', '002581011') },
  { key: 'county-dpf', name: '安吉县残疾人联合会', shortName: '县残联', regionCode: '330523', creditCode: cc('330523', '470581112') },
  { key: 'city-samr', name: '湖州市市场监督管理局', shortName: '市市场监管局', regionCode: '330500', creditCode: cc('330500', 'MB1937701') },
  { key: 'province-samr', name: '浙江省市场监督管理局', shortName: '省市场监管局', regionCode: '330000', creditCode: cc('330000', 'MB1917701') },
];

/** 综合窗口 categories in the county service hall (安吉县政务服务中心). */
export const DEMO_WINDOW_CATEGORIES = [
  { key: 'market', name: '市场准入', nameEn: 'Market access' },
  { key: 'construction', name: '投资建设', nameEn: 'Investment & construction' },
  { key: 'social', name: '社会事务', nameEn: 'Social affairs' },
  { key: 'realestate', name: '不动产登记', nameEn: 'Real estate registration' },
  { key: 'police', name: '公安户政', nameEn: 'Household registration' },
  { key: 'tax', name: '税费服务', nameEn: 'Tax services' },
] as const;
