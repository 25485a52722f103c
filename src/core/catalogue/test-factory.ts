import { completeCreditCode } from '../codes/credit-code.js';
import { composeImplCode } from '../codes/impl-code.js';
import type { ItemContent } from './types.js';

/** A valid item (passes every catalogue rule); tests override one thing to break one rule. */
export function buildItemContent(overrides: Partial<ItemContent> = {}): ItemContent {
  const creditCode = overrides.implementingBody?.creditCode ?? completeCreditCode('11330523MB1957701');
  const baseCode = overrides.baseCode ?? 'XK09001000';
  const law = { law: '《中华人民共和国行政许可法》', article: '第二十九条' };
  return {
    mainName: '测试许可事项',
    itemType: 'administrative_licensing',
    baseCode,
    implCode: composeImplCode(creditCode, baseCode),
    basis: [law],
    implementingBody: { name: '安吉县市场监督管理局', creditCode },
    category: '市场准入',
    applicantTypes: ['natural_person', 'legal_person'],
    topics: ['开办企业'],
    legalLimitDays: 20,
    promisedLimitDays: 5,
    caseKind: 'promised',
    handlingForms: ['window', 'online'],
    onlineDepth: 3,
    trips: 1,
    acceptsPost: false,
    serviceScope: 'county',
    place: '安吉县政务服务中心',
    hours: '周一至周五 8:30-17:30',
    consultPhone: '0572-5000000',
    complaintPhone: '12345',
    resultName: '许可证',
    fees: [],
    materials: [
      { id: 'm-id', name: '申请人身份证明', source: 'applicant', form: 'original', copies: 1, required: true, key: true, gapAllowed: false, basis: law, licenceType: '居民身份证' },
      { id: 'm-plan', name: '平面布局图', source: 'applicant', form: 'copy', copies: 1, required: true, key: false, gapAllowed: true, basis: law },
      { id: 'm-agent', name: '委托书', source: 'applicant', form: 'original', copies: 1, required: true, key: false, gapAllowed: false, basis: law, situationOptionIds: ['o-agent'] },
    ],
    situations: [{ id: 's-who', question: '由谁办理？', multiple: false, options: [{ id: 'o-self', label: '本人办理' }, { id: 'o-agent', label: '委托代理人办理' }] }],
    form: {
      type: 'object',
      required: ['name', 'idNumber'],
      properties: {
        name: { type: 'string', title: '申请人姓名', 'x-prefill': 'profile.name' },
        idNumber: { type: 'string', title: '身份证号', 'x-prefill': 'profile.idNumber' },
        address: { type: 'string', title: '经营场所' },
      },
    },
    flow: [
      { id: 'accept', name: '受理', role: 'window_clerk', limitDays: 1 },
      { id: 'review', name: '审查', role: 'approver_handle', limitDays: 2 },
      { id: 'decide', name: '决定', role: 'approver_signoff', limitDays: 1, decision: true },
      { id: 'deliver', name: '送达', role: 'window_clerk', limitDays: 1 },
    ],
    specialProcedures: [],
    ...overrides,
  };
}
