import type { ItemContent } from '../../core/catalogue/types.js';

/**
 * English names of the demo catalogue's items and departments (issue 9: English mode shows them where the
 * catalogue has them). Keyed by the Chinese name, as a county translation table would be; an item or
 * department missing here keeps only its Chinese name and English mode shows that.
 */
const ITEM_NAMES_EN: Record<string, string> = {
  个体工商户设立登记: 'Registration of an individual business',
  公司设立登记: 'Company registration',
  营业执照变更登记: 'Change of business licence details',
  食品经营许可: 'Food business licence',
  药品零售企业许可: 'Retail pharmacy licence',
  道路运输经营许可: 'Road transport business licence',
  公共场所卫生许可: 'Public place hygiene licence',
  发票领用: 'Obtaining invoices',
  出生医学证明: 'Medical birth certificate',
  生育登记: 'Birth registration (family planning)',
  医师执业注册: 'Physician practice registration',
  民办学校设立: 'Founding a private school',
  教师资格认定: 'Teacher qualification certification',
  建筑工程施工许可证核发: 'Construction permit',
  商品房预售许可: 'Pre-sale permit for commercial housing',
  建设工程规划许可证核发: 'Construction project planning permit',
  建设项目用地预审与选址意见书核发: 'Land-use pre-review and site selection opinion',
  不动产登记: 'Real estate registration',
  户口迁移: 'Household registration transfer',
  居民身份证申领: 'Resident identity card application',
  居住证申领: 'Residence permit application',
  最低生活保障审批: 'Minimum living allowance (dibao)',
  特困人员认定: 'Recognition as a person in extreme poverty',
  临时救助: 'Temporary assistance',
  内地居民结婚登记: 'Marriage registration',
  内地居民离婚登记: 'Divorce registration',
  残疾人证核发: 'Disability certificate',
  社会保障卡申领: 'Social security card application',
  失业保险金申领: 'Unemployment insurance benefit',
  城乡居民基本养老保险参保登记: 'Enrolment in basic pension insurance for urban and rural residents',
  城乡居民基本医疗保险参保登记: 'Enrolment in basic medical insurance for urban and rural residents',
  职工基本医疗保险个人参保登记: 'Individual enrolment in employee basic medical insurance',
  困难残疾人生活补贴和重度残疾人护理补贴: 'Living allowance for disabled people in need and care allowance for the severely disabled',
  残疾人城乡居民基本养老保险缴费资助: 'Pension contribution support for disabled residents',
  出生登记: 'Registration of a newborn’s household record',
  小餐饮店登记: 'Registration of a small eatery',
  户外招牌设置审批: 'Approval of an outdoor signboard',
  城镇污水排入排水管网许可: 'Permit to discharge sewage into the urban drainage network',
};

const SUB_NAMES_EN: Record<string, string> = {
  有限责任公司: 'Limited liability company',
  新办: 'New application',
  筹建及验收: 'Preparation and acceptance inspection',
  道路普通货物运输: 'General road freight',
  首次签发: 'First issue',
  民办幼儿园: 'Private kindergarten',
  国有建设用地使用权及房屋所有权转移登记: 'Transfer of state-owned construction land use rights and building ownership',
  市外迁入: 'Moving in from another city',
  '首次申领、换领、补领': 'First application, renewal or replacement',
};

/** English names of the demo departments and governments, by their Chinese name. */
const ORG_NAMES_EN: Record<string, string> = {
  浙江省人民政府: 'Zhejiang Provincial People’s Government',
  湖州市人民政府: 'Huzhou Municipal People’s Government',
  安吉县人民政府: 'Anji County People’s Government',
  安吉县政务服务中心: 'Anji County Government Service Centre',
  安吉县市场监督管理局: 'Anji County Administration for Market Regulation',
  安吉县人力资源和社会保障局: 'Anji County Human Resources and Social Security Bureau',
  安吉县民政局: 'Anji County Civil Affairs Bureau',
  安吉县卫生健康局: 'Anji County Health Commission',
  安吉县住房和城乡建设局: 'Anji County Housing and Urban-Rural Development Bureau',
  安吉县自然资源和规划局: 'Anji County Natural Resources and Planning Bureau',
  安吉县公安局: 'Anji County Public Security Bureau',
  国家税务总局安吉县税务局: 'Anji County Tax Service, State Taxation Administration',
  安吉县医疗保障局: 'Anji County Healthcare Security Bureau',
  安吉县教育局: 'Anji County Education Bureau',
  安吉县交通运输局: 'Anji County Transport Bureau',
  安吉县残疾人联合会: 'Anji County Disabled Persons’ Federation',
  湖州市市场监督管理局: 'Huzhou Administration for Market Regulation',
  浙江省市场监督管理局: 'Zhejiang Administration for Market Regulation',
};

/** The item's content with its English names from the table (names already given are kept). */
export function withEnglishNames(c: ItemContent): ItemContent {
  const main = c.mainNameEn ?? ITEM_NAMES_EN[c.mainName];
  const sub = c.subNameEn ?? (c.subName ? SUB_NAMES_EN[c.subName] : undefined);
  return { ...c, ...(main ? { mainNameEn: main } : {}), ...(sub ? { subNameEn: sub } : {}) };
}

/** A demo organisation's English name, or null. */
export const orgNameEn = (name: string): string | null => ORG_NAMES_EN[name] ?? null;
