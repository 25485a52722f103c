import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LicenceFieldDef, LicenceType } from '../../core/licences/types.js';
import { DEMO_ITEMS } from './items/index.js';
import { issueLicence } from '../licences/service.js';
import { fieldValuesFrom } from '../../core/licences/payload.js';
import { openUser } from '../crypto/personal-data.js';

/**
 * The demo licence types (证照类型) tied to demo items, and licences already held by the demo
 * applicants (issue 11). Codes are short demo codes in the identifier's type-code position.
 */
const baseCodesOf = (...names: string[]): string[] =>
  names.map((n) => {
    const hit = DEMO_ITEMS.find((i) => i.content.mainName === n);
    if (!hit) throw new Error(`demo item ${n} missing`);
    return hit.content.baseCode;
  });

const f = (key: string, label: string, labelEn: string, source: LicenceFieldDef['source'], personal = false): LicenceFieldDef => ({ key, label, labelEn, source, ...(personal ? { personal: true } : {}) });
const form = (...keys: string[]) => ({ from: 'form' as const, keys });

export const DEMO_LICENCE_TYPES: LicenceType[] = [
  {
    code: 'YYZZ',
    name: '营业执照',
    nameEn: 'Business licence',
    issuerKind: '市场监督管理',
    validity: { kind: 'permanent' },
    issuingBaseCodes: baseCodesOf('个体工商户设立登记', '公司设立登记'),
    fields: [
      f('name', '名称', 'Name', form('tradeName', 'companyName', 'name')),
      f('operator', '经营者', 'Operator', { from: 'holder', key: 'name' }, true),
      f('premises', '经营场所', 'Premises', form('premises', 'address'), true),
      f('scope', '经营范围', 'Business scope', form('scope')),
      f('registrationNo', '登记编号', 'Registration no.', { from: 'case', key: 'resultNo' }),
    ],
  },
  {
    code: 'SPJYXK',
    name: '食品经营许可证',
    nameEn: 'Food business licence',
    issuerKind: '市场监督管理',
    validity: { kind: 'years', years: 5 },
    issuingBaseCodes: baseCodesOf('食品经营许可'),
    fields: [
      f('operatorName', '经营者名称', 'Operator', form('companyName')),
      f('creditCode', '统一社会信用代码', 'Credit code', form('creditCode')),
      f('legalRep', '法定代表人（负责人）', 'Legal representative', form('legalRep'), true),
      f('premises', '经营场所', 'Premises', form('premises'), true),
      f('kind', '主体业态', 'Business type', form('kind')),
      f('licenceNo', '许可证编号', 'Licence no.', { from: 'case', key: 'resultNo' }),
    ],
  },
  {
    code: 'CSYXZM',
    name: '出生医学证明',
    nameEn: 'Medical birth certificate',
    issuerKind: '卫生健康',
    validity: { kind: 'permanent' },
    issuingBaseCodes: baseCodesOf('出生医学证明'),
    fields: [
      f('babyName', '新生儿姓名', 'Newborn', form('babyName'), true),
      f('birthDate', '出生日期', 'Date of birth', form('birthDate')),
      f('hospital', '出生地点（医院）', 'Place of birth', form('hospital')),
      f('mother', '母亲姓名', 'Mother', { from: 'holder', key: 'name' }, true),
      f('motherId', '母亲身份证号', "Mother's ID number", { from: 'holder', key: 'idNumber' }, true),
    ],
  },
  {
    code: 'SHBZK',
    name: '社会保障卡',
    nameEn: 'Social security card',
    issuerKind: '人力资源和社会保障',
    validity: { kind: 'years', years: 10 },
    issuingBaseCodes: baseCodesOf('社会保障卡申领'),
    fields: [
      f('name', '姓名', 'Name', { from: 'holder', key: 'name' }, true),
      f('ssn', '社会保障号码', 'Social security no.', { from: 'holder', key: 'idNumber' }, true),
      f('bank', '金融服务银行', 'Bank', form('bank')),
      f('cardNo', '卡号', 'Card no.', { from: 'case', key: 'resultNo' }),
    ],
  },
  {
    code: 'CJRZ',
    name: '残疾人证',
    nameEn: 'Disability certificate',
    issuerKind: '残疾人联合会',
    validity: { kind: 'years', years: 10 },
    issuingBaseCodes: baseCodesOf('残疾人证核发'),
    fields: [
      f('name', '姓名', 'Name', { from: 'holder', key: 'name' }, true),
      f('idNumber', '公民身份号码', 'ID number', { from: 'holder', key: 'idNumber' }, true),
      f('kind', '残疾类别', 'Category', form('kind')),
    ],
  },
];

/** Licences the demo applicants already hold, issued by the demo departments. */
const DEMO_HOLDINGS: { username: string; typeCode: string; orgKey: string; form: Record<string, string> }[] = [
  { username: 'zhangsan', typeCode: 'SHBZK', orgKey: 'county-hrss', form: { bank: '浙江农商银行' } },
  { username: 'lisi', typeCode: 'SHBZK', orgKey: 'county-hrss', form: { bank: '中国农业银行' } },
  { username: 'lisi', typeCode: 'CSYXZM', orgKey: 'county-health', form: { babyName: '李小禾', birthDate: '2026-01-18', hospital: '安吉县人民医院' } },
  { username: 'baicha', typeCode: 'YYZZ', orgKey: 'county-samr', form: { companyName: '安吉白茶生态农业有限公司', premises: '浙江省湖州市安吉县溪龙乡黄杜村1号', scope: '茶叶种植、加工、销售；农业观光' } },
  {
    username: 'baicha',
    typeCode: 'SPJYXK',
    orgKey: 'county-samr',
    form: { companyName: '安吉白茶生态农业有限公司', creditCode: '', legalRep: '王建国', premises: '浙江省湖州市安吉县溪龙乡黄杜村1号', kind: '食品销售经营者' },
  },
];

export async function seedDemoLicences(db: Kysely<Database>, now = new Date()): Promise<void> {
  for (const t of DEMO_LICENCE_TYPES) {
    await db
      .insertInto('licence_types')
      .values({ code: t.code, name: t.name, name_en: t.nameEn, issuer_kind: t.issuerKind, fields: JSON.stringify(t.fields), validity: JSON.stringify(t.validity), issuing_base_codes: JSON.stringify(t.issuingBaseCodes) })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  let n = 0;
  for (const h of DEMO_HOLDINGS) {
    const user = await db.selectFrom('users').select(['id', 'kind', 'display_name', 'id_number', 'credit_code', 'legal_representative']).where('username', '=', h.username).executeTakeFirst();
    const org = await db.selectFrom('orgs').select('id').where('key', '=', h.orgKey).executeTakeFirst();
    const type = DEMO_LICENCE_TYPES.find((t) => t.code === h.typeCode);
    if (!user || !org || !type || user.kind === 'staff') continue;
    const u = openUser(user);
    const holder = { kind: user.kind, name: u.display_name, idNumber: u.id_number, creditCode: u.credit_code, legalRepresentative: u.legal_representative };
    const formData = { ...h.form, ...(h.form.creditCode === '' ? { creditCode: u.credit_code ?? '' } : {}) };
    const values = fieldValuesFrom(type, { form: formData, holder, case: { resultNo: `DEMO-${type.code}-${++n}`, decisionReason: null, caseNo: null } });
    await issueLicence(db, now, { type, holderId: user.id, issuerOrgId: org.id, caseId: null, values, actor: { userId: null, username: '演示数据' } });
  }
}
