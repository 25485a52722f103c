import type { FlowStep, FormField, ItemContent, ItemType, LegalBasis, Material, Situation } from '../../../core/catalogue/types.js';
import { composeBaseCode } from '../../../core/codes/base-code.js';
import { composeImplCode } from '../../../core/codes/impl-code.js';
import { DEMO_DEPARTMENTS } from '../org.js';

/** Small builders so each demo item reads like its public 办事指南 and not like boilerplate. */
export const law = (name: string, article?: string): LegalBasis => (article ? { law: name, article } : { law: name });

export const LICENSING_LAW = law('《中华人民共和国行政许可法》', '第三十一条');

type MaterialSpec = Partial<Material> & { id: string; name: string; basis: LegalBasis };

export function material(spec: MaterialSpec): Material {
  return { source: 'applicant', form: 'original', copies: 1, required: true, key: false, gapAllowed: false, ...spec };
}

/** 申请人身份证明: replaced by the 居民身份证 e-licence. */
export const idCard = (basis: LegalBasis, name = '申请人有效身份证件'): Material =>
  material({ id: 'm-id-card', name, basis, key: true, form: 'original', licenceType: '居民身份证', sharedDataSource: '公安人口库', requirements: '核验原件，可通过电子证照调取' });

export const FIELDS = {
  name: { type: 'string', title: '申请人姓名', format: 'personName', 'x-prefill': 'profile.name', maxLength: 50 },
  idNumber: { type: 'string', title: '公民身份号码', format: 'idNumber', 'x-prefill': 'profile.idNumber', maxLength: 18 },
  phone: { type: 'string', title: '联系电话', format: 'phone', 'x-prefill': 'profile.phone', maxLength: 20 },
  address: { type: 'string', title: '联系地址', 'x-personal': true, 'x-prefill': 'profile.address', maxLength: 200 },
  companyName: { type: 'string', title: '单位名称', 'x-prefill': 'profile.companyName', maxLength: 100 },
  creditCode: { type: 'string', title: '统一社会信用代码', format: 'creditCode', 'x-prefill': 'profile.creditCode', maxLength: 18 },
  legalRep: { type: 'string', title: '法定代表人', format: 'personName', 'x-prefill': 'profile.legalRepresentative', maxLength: 50 },
  /** Another person named on the form (a spouse, a partner): personal data, not the applicant's identity. */
  otherName: (title: string): FormField => ({ type: 'string', title, format: 'personName', maxLength: 50 }),
  otherIdNumber: (title: string): FormField => ({ type: 'string', title, format: 'idNumber', maxLength: 18 }),
  amount: (title: string): FormField => ({ type: 'number', title, format: 'amount', minimum: 0 }),
} satisfies Record<string, FormField | ((title: string) => FormField)>;

export function form(title: string, fields: Record<string, FormField>, required: string[], extra: Pick<ItemContent['form'], 'allOf' | 'x-conditions'> = {}): ItemContent['form'] {
  return { type: 'object', title, required, properties: fields, ...extra };
}


/** 结果送达方式 offered by an item that accepts post: 邮寄送达 needs a mailing address (issue 9; ADR 0015). */
export const DELIVERY_BY_POST = '邮寄送达';
export const DELIVERY_FIELDS = {
  delivery: { type: 'string', title: '结果送达方式', enum: ['窗口领取', DELIVERY_BY_POST] },
  mailAddress: { type: 'string', title: '邮寄地址', description: '选择邮寄送达时必填，请写明省市县、街道门牌和收件人', 'x-personal': true, maxLength: 200 },
} satisfies Record<string, FormField>;

/**
 * An item that accepts post asks how the result is delivered, and for the mailing address when it is
 * posted: a plain JSON Schema condition, so the wizard asks for it and the server's form validation
 * (src/core/forms) refuses 邮寄送达 without an address; the address is stored, sealed, with the form data.
 * Items whose form already asks (e.g. 居民身份证 with its own 是否邮寄送达) are left as they are.
 */
function withPostalDelivery(f: ItemContent['form'], acceptsPost: boolean): ItemContent['form'] {
  if (!acceptsPost || 'mailAddress' in f.properties || 'delivery' in f.properties) return f;
  const condition = { if: { properties: { delivery: { const: DELIVERY_BY_POST } }, required: ['delivery'] }, then: { required: ['mailAddress'] } };
  return { ...f, properties: { ...f.properties, ...DELIVERY_FIELDS }, allOf: [...(f.allOf ?? []), condition] };
}

/**
 * The usual flow: 受理 (window) → 审查 (handle) → [审核 (review)] → 决定 (sign-off) → 办结送达.
 * Day limits are split from the promised limit; on-the-spot items get 0 everywhere.
 */
export function standardFlow(promised: number, opts: { review?: boolean } = {}): FlowStep[] {
  if (promised === 0) {
    return [
      { id: 'accept', name: '受理', role: 'window_clerk', limitDays: 0, description: '窗口收件并核验材料' },
      { id: 'decide', name: '审核办结', role: 'window_clerk', limitDays: 0, decision: true, description: '材料齐全当场办结' },
    ];
  }
  const steps: FlowStep[] = [{ id: 'accept', name: '受理', role: 'window_clerk', limitDays: 0, description: '窗口收件，材料齐全的予以受理' }];
  let left = promised;
  const review = opts.review ?? promised >= 5;
  const handleDays = Math.max(1, Math.floor(promised / 2));
  steps.push({ id: 'handle', name: '审查', role: 'approver_handle', limitDays: Math.min(handleDays, left), description: '承办人审查申请材料' });
  left -= Math.min(handleDays, left);
  if (review && left > 1) {
    steps.push({ id: 'review', name: '审核', role: 'approver_review', limitDays: 1, description: '科室负责人审核' });
    left -= 1;
  }
  steps.push({ id: 'decide', name: '决定', role: 'approver_signoff', limitDays: Math.max(0, left), decision: true, description: '分管负责人签批，作出准予或不予决定' });
  steps.push({ id: 'deliver', name: '办结送达', role: 'window_clerk', limitDays: 0, description: '统一窗口出件或邮寄送达' });
  return steps;
}

export const HOURS = '周一至周五 上午8:30-12:00，下午14:00-17:30（法定节假日除外）';
export const HALL = '安吉县政务服务中心（递铺街道昌硕西路1号）';

export interface ItemSpec {
  dept: string;
  name: string;
  subName?: string;
  type: ItemType;
  main: number;
  basis: LegalBasis[];
  category: string;
  applicants: ItemContent['applicantTypes'];
  topics: string[];
  legal: number;
  promised: number;
  depth: ItemContent['onlineDepth'];
  trips: number;
  forms?: ItemContent['handlingForms'];
  window: string;
  phone: string;
  result: string;
  materials: Material[];
  situations?: Situation[];
  fees?: ItemContent['fees'];
  fields: Record<string, FormField>;
  required: string[];
  /** Conditional fields: by field values (JSON Schema if/then) and by situation answers. */
  formRules?: Pick<ItemContent['form'], 'allOf' | 'x-conditions'>;
  /** Hide the item's title from the public progress look-up (family matters, social assistance). */
  sensitive?: boolean;
  special?: ItemContent['specialProcedures'];
  conditions?: string;
  scope?: ItemContent['serviceScope'];
  review?: boolean;
}

export function item(spec: ItemSpec): { departmentKey: string; content: ItemContent } {
  const dept = DEMO_DEPARTMENTS.find((d) => d.key === spec.dept);
  if (!dept) throw new Error(`unknown demo department ${spec.dept}`);
  const baseCode = composeBaseCode(spec.type, spec.main);
  const forms = spec.forms ?? (spec.depth === 4 ? ['online', 'window', 'mobile'] : ['window', 'online']);
  return {
    departmentKey: spec.dept,
    content: {
      mainName: spec.name,
      ...(spec.subName ? { subName: spec.subName } : {}),
      itemType: spec.type,
      baseCode,
      implCode: composeImplCode(dept.creditCode, baseCode),
      basis: spec.basis,
      implementingBody: { name: dept.name, creditCode: dept.creditCode },
      category: spec.category,
      applicantTypes: spec.applicants,
      topics: spec.topics,
      legalLimitDays: spec.legal,
      promisedLimitDays: spec.promised,
      caseKind: spec.promised === 0 ? 'on_the_spot' : 'promised',
      handlingForms: forms,
      onlineDepth: spec.depth,
      trips: spec.trips,
      acceptsPost: spec.trips === 0 || forms.includes('post'),
      serviceScope: spec.scope ?? 'county',
      place: `${HALL}${spec.window}`,
      hours: HOURS,
      consultPhone: spec.phone,
      complaintPhone: '12345',
      resultName: spec.result,
      fees: spec.fees ?? [],
      materials: spec.materials,
      situations: spec.situations ?? [],
      form: withPostalDelivery(form(`${spec.name}申请表`, spec.fields, spec.required, spec.formRules), spec.trips === 0 || forms.includes('post')),
      flow: standardFlow(spec.promised, spec.review === undefined ? {} : { review: spec.review }),
      specialProcedures: spec.special ?? [],
      ...(spec.conditions ? { conditions: spec.conditions } : {}),
      ...(spec.sensitive ? { sensitive: true } : {}),
    },
  };
}
