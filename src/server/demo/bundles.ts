import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { BundleContent, BundleMember } from '../../core/bundles/types.js';
import { DEMO_ITEMS } from './items/index.js';

/**
 * The demo county's 一件事 (issue 10), built from published provincial guides: 开办餐饮店 (国办发〔2024〕3号
 * “高效办成一件事”第一批), 新生儿出生 (福建厦门、广东中山“新生儿出生一件事”: 出生医学证明、户口登记、
 * 医保参保、社保卡) and 残疾人服务 (残疾人证 with the two allowances and the pension contribution aid).
 * Members name items by their public name; the seed resolves them to implementation ids.
 */
type DemoMember = Omit<BundleMember, 'itemId'> & { item: string };
type DemoBundle = Omit<BundleContent, 'members'> & { members: DemoMember[] };

const REGION = '330523';

export const DEMO_BUNDLES: DemoBundle[] = [
  {
    name: '开办餐饮店',
    description: '开办个体餐饮店一次申请：营业执照、小餐饮店登记、排水许可和户外招牌设置一表申请、一窗受理、并联审批、统一出件。营业执照办结后，其编号自动填入小餐饮店登记。',
    regionCode: REGION,
    topic: '开办餐饮店',
    category: '市场准入',
    applicantTypes: ['natural_person'],
    basis: '《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）',
    questions: [
      { id: 'q-sign', question: '是否需要设置户外招牌？', multiple: false, options: [{ id: 'o-sign', label: '需要设置户外招牌', default: true }, { id: 'o-no-sign', label: '不设置' }] },
      { id: 'q-name', question: '是否使用字号名称？', multiple: false, options: [{ id: 'o-with-name', label: '使用字号', default: true, memberSituations: { 's-name': ['o-with-name'] } }, { id: 'o-no-name', label: '不使用字号', memberSituations: { 's-name': ['o-no-name'] } }] },
    ],
    members: [
      { key: 'licence', item: '个体工商户设立登记' },
      { key: 'catering', item: '小餐饮店登记', dependsOn: [{ memberKey: 'licence', mappings: [{ from: 'resultNo', toField: 'licenceNo' }], providesMaterials: ['m-licence'] }] },
      { key: 'drainage', item: '城镇污水排入排水管网许可' },
      { key: 'sign', item: '户外招牌设置审批', when: [{ questionId: 'q-sign', optionIds: ['o-sign'] }] },
    ],
    refusalPolicy: 'continue',
    limitDays: 8,
  },
  {
    name: '新生儿出生',
    description: '新生儿出生后一次申请：出生医学证明、出生登记（户口登记）、城乡居民医保参保登记和社会保障卡申领联办。出生医学证明编号自动填入出生登记，落户后参保和申领社保卡。',
    regionCode: REGION,
    topic: '新生儿出生',
    category: '社会事务',
    applicantTypes: ['natural_person'],
    basis: '《国务院办公厅关于依托全国一体化政务服务平台做好“新生儿出生一件事”工作的通知》及福建、广东“新生儿出生一件事”办事指南',
    questions: [
      { id: 'q-card', question: '是否同时为新生儿申领社会保障卡？', multiple: false, options: [{ id: 'o-card', label: '申领', default: true }, { id: 'o-no-card', label: '暂不申领' }] },
    ],
    members: [
      { key: 'certificate', item: '出生医学证明' },
      { key: 'hukou', item: '出生登记', dependsOn: [{ memberKey: 'certificate', mappings: [{ from: 'resultNo', toField: 'birthCertNo' }], providesMaterials: ['m-birth-cert'] }] },
      { key: 'insurance', item: '城乡居民基本医疗保险参保登记', dependsOn: [{ memberKey: 'hukou', mappings: [] }] },
      { key: 'card', item: '社会保障卡申领', when: [{ questionId: 'q-card', optionIds: ['o-card'] }], dependsOn: [{ memberKey: 'hukou', mappings: [] }] },
    ],
    refusalPolicy: 'stop',
    limitDays: 5,
  },
  {
    name: '残疾人服务',
    description: '残疾人证新办与困难残疾人生活补贴、重度残疾人护理补贴、城乡居民养老保险缴费资助一次申请；残疾人证核发后，证号自动填入补贴和资助申请。',
    regionCode: REGION,
    topic: '残疾人服务',
    category: '社会事务',
    applicantTypes: ['natural_person'],
    basis: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
    questions: [
      { id: 'q-pension', question: '是否参加城乡居民基本养老保险且需要缴费资助？', multiple: false, options: [{ id: 'o-pension', label: '需要', default: true }, { id: 'o-no-pension', label: '不需要' }] },
    ],
    members: [
      { key: 'certificate', item: '残疾人证核发' },
      { key: 'allowance', item: '困难残疾人生活补贴和重度残疾人护理补贴', dependsOn: [{ memberKey: 'certificate', mappings: [{ from: 'resultNo', toField: 'certNo' }], providesMaterials: ['m-disability-cert'] }] },
      { key: 'pension', item: '残疾人城乡居民基本养老保险缴费资助', when: [{ questionId: 'q-pension', optionIds: ['o-pension'] }], dependsOn: [{ memberKey: 'certificate', mappings: [{ from: 'resultNo', toField: 'certNo' }], providesMaterials: ['m-disability-cert'] }] },
    ],
    refusalPolicy: 'continue',
    limitDays: 20,
  },
];

/** Resolves item names to implementation ids of the county catalogue. */
export async function resolveDemoBundle(db: Kysely<Database>, b: DemoBundle): Promise<BundleContent> {
  const members: BundleMember[] = [];
  for (const { item, ...m } of b.members) {
    const demo = DEMO_ITEMS.find((i) => i.content.mainName === item);
    if (!demo) throw new Error(`demo bundle ${b.name}: no item ${item}`);
    const impl = await db.selectFrom('item_impls').select('id').where('impl_code', '=', demo.content.implCode).executeTakeFirst();
    if (!impl) throw new Error(`demo bundle ${b.name}: item ${item} not seeded`);
    members.push({ ...m, itemId: impl.id });
  }
  return { ...b, members };
}

/** Seeds the demo bundles as published version 1, owned by the county's service hall. */
export async function seedDemoBundles(db: Kysely<Database>, orgs: Map<string, { id: string; path: string }>): Promise<void> {
  const hall = orgs.get('county-hall');
  if (!hall) throw new Error('demo hall missing');
  const now = new Date();
  let n = 0;
  for (const b of DEMO_BUNDLES) {
    const content = await resolveDemoBundle(db, b);
    n += 1;
    const bundle = await db.insertInto('bundles').values({ code: `YJS${REGION}${String(n).padStart(3, '0')}`, org_id: hall.id, region_code: REGION }).returning('id').executeTakeFirstOrThrow();
    const v = await db
      .insertInto('bundle_versions')
      .values({ bundle_id: bundle.id, version_no: 1, status: 'published', content: JSON.stringify(content), submitted_at: now, published_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('bundles').set({ published_version_id: v.id }).where('id', '=', bundle.id).execute();
    await db.insertInto('bundle_version_events').values({ version_id: v.id, action: 'publish', actor_id: null, comment: 'demo seed' }).execute();
  }
}
