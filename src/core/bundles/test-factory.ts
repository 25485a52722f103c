import { buildItemContent } from '../catalogue/test-factory.js';
import type { BundleContent, MemberFacts } from './types.js';

/** Member facts from a test item; override what a test breaks. */
export function memberFacts(itemId: string, overrides: Partial<MemberFacts> = {}): MemberFacts {
  const c = buildItemContent();
  return { itemId, name: itemId, department: '市场监管局', published: true, promisedLimitDays: c.promisedLimitDays, form: c.form, materials: c.materials, situations: c.situations, ...overrides };
}

/**
 * A restaurant-like bundle: 营业执照 first, then 食品经营许可 (gets the licence number), 消防 in
 * parallel, 招牌 only when the applicant needs an outdoor sign.
 */
export function buildBundle(overrides: Partial<BundleContent> = {}): BundleContent {
  return {
    name: '开办餐饮店',
    description: '开办餐饮店一件事',
    regionCode: '330523',
    topic: '开办企业',
    category: '市场准入',
    applicantTypes: ['legal_person', 'natural_person'],
    questions: [
      { id: 'q-sign', question: '是否需要设置户外招牌？', multiple: false, options: [{ id: 'o-sign', label: '需要', default: true }, { id: 'o-no-sign', label: '不需要' }] },
      { id: 'q-online', question: '是否通过网络经营？', multiple: false, options: [{ id: 'o-online', label: '是', memberSituations: { 's-online': ['o-on'] } }, { id: 'o-offline', label: '否', default: true }] },
    ],
    members: [
      { key: 'licence', itemId: 'i-licence' },
      { key: 'food', itemId: 'i-food', dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'resultNo', toField: 'licenceNo' }], providesMaterials: ['m-licence'] }] },
      { key: 'fire', itemId: 'i-fire' },
      { key: 'sign', itemId: 'i-sign', when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }] },
    ],
    refusalPolicy: 'continue',
    limitDays: 15,
    ...overrides,
  };
}
