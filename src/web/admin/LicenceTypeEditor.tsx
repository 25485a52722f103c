import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { LicenceFieldDef, LicenceFieldSource, LicenceType } from '../../core/licences/types.js';
import { typeChangeProblems, type TypeProblem } from '../../core/licences/type-rules.js';
import { ApiError, api } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';

/** A data field as the form edits it: the source's value as one text (form keys comma-separated). */
interface FieldRow {
  key: string;
  label: string;
  labelEn: string;
  from: LicenceFieldSource['from'];
  value: string;
  personal: boolean;
}

interface Values {
  code: string;
  name: string;
  nameEn: string;
  issuerKind: string;
  validityKind: 'years' | 'permanent';
  years: number;
  issuingBaseCodes: string[];
  fields: FieldRow[];
  reason: string;
}

const sourceValue = (s: LicenceFieldSource): string => (s.from === 'form' ? s.keys.join(',') : s.from === 'fixed' ? s.value : s.key);

function sourceOf(r: Partial<FieldRow>): LicenceFieldSource {
  const value = r.value ?? '';
  switch (r.from ?? 'form') {
    case 'form':
      return { from: 'form', keys: value.split(/[,，\s]+/).filter(Boolean) };
    case 'holder':
      return { from: 'holder', key: value as 'name' };
    case 'case':
      return { from: 'case', key: value as 'resultNo' };
    case 'fixed':
      return { from: 'fixed', value };
  }
}

/** The type the form describes (while typing, parts may still be missing). */
export function typeFromValues(v: Partial<Omit<Values, 'fields'>> & { fields?: Partial<FieldRow>[] }): LicenceType {
  return {
    code: (v.code ?? '').trim(),
    name: v.name ?? '',
    nameEn: v.nameEn ?? '',
    issuerKind: v.issuerKind ?? '',
    validity: v.validityKind === 'permanent' ? { kind: 'permanent' } : { kind: 'years', years: Number(v.years) },
    issuingBaseCodes: v.issuingBaseCodes ?? [],
    fields: (v.fields ?? []).map((r): LicenceFieldDef => ({ key: (r.key ?? '').trim(), label: r.label ?? '', labelEn: r.labelEn ?? '', source: sourceOf(r), ...(r.personal ? { personal: true } : {}) })),
  };
}

const initialOf = (t: LicenceType | undefined): Partial<Values> =>
  t
    ? {
        code: t.code,
        name: t.name,
        nameEn: t.nameEn,
        issuerKind: t.issuerKind,
        validityKind: t.validity.kind,
        years: t.validity.kind === 'years' ? t.validity.years : 5,
        issuingBaseCodes: t.issuingBaseCodes,
        fields: t.fields.map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn, from: f.source.from, value: sourceValue(f.source), personal: !!f.personal })),
      }
    : { validityKind: 'years', years: 5, issuingBaseCodes: [], fields: [{ key: '', label: '', labelEn: '', from: 'form', value: '', personal: false }] };

/**
 * 证照类型 editor (ADR 0039): a new type or a change of one, sent as a proposal that a second catalogue
 * administrator applies. The core rules run as the administrator types (the server runs them again
 * with the facts it alone knows: names used by catalogue materials, licences issued meanwhile).
 */
export function LicenceTypeEditor({ type, issued, others, items, onClose, onProposed }: {
  type: LicenceType | undefined;
  issued: number;
  others: LicenceType[];
  items: { baseCode: string; name: string }[];
  onClose: () => void;
  onProposed: () => void;
}) {
  const { pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const [serverProblems, setServerProblems] = useState<TypeProblem[]>();
  const [error, setError] = useState<string>();
  const values = Form.useWatch([], form) as (Partial<Omit<Values, 'fields'>> & { fields?: Partial<FieldRow>[] }) | undefined;
  // Published items, plus the codes the type already names (an item may be unpublished; the server knows every base item).
  const knownBaseCodes = useMemo(() => new Set([...items.map((i) => i.baseCode), ...(type?.issuingBaseCodes ?? [])]), [items, type]);
  const problems = values ? typeChangeProblems(type ?? null, typeFromValues(values), { issued, others, referencedAs: [], knownBaseCodes }) : [];
  const shown = serverProblems ?? problems;
  const locked = !!type && issued > 0;
  const submit = async (v: Values) => {
    setError(undefined);
    try {
      const body = { type: typeFromValues(v), reason: v.reason };
      await api(type ? 'PUT' : 'POST', type ? `/api/admin/licence-types/${type.code}` : '/api/admin/licence-types', body);
      onProposed();
    } catch (e) {
      if (e instanceof ApiError) {
        const details = (e.body.details ?? []) as TypeProblem[];
        if (details[0]?.code.startsWith('LT_')) setServerProblems(details);
        setError(pick(e.body.message, e.body.messageEn));
      } else setError(String(e));
    }
  };
  const itemOptions = [...items.map((i) => ({ value: i.baseCode, label: `${i.name}（${i.baseCode}）` })), ...(type?.issuingBaseCodes ?? []).filter((c) => !items.some((i) => i.baseCode === c)).map((c) => ({ value: c, label: c }))];
  return (
    <Modal
      open
      width={960}
      title={type ? pick(`修改证照类型：${type.name}`, `Change licence type: ${type.nameEn}`) : pick('新增证照类型', 'New licence type')}
      okText={pick('提交复核', 'Submit for review')}
      okButtonProps={{ disabled: problems.length > 0 }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          message={pick('四眼原则：提交后须由另一名事项管理员复核生效。', 'Four eyes: another catalogue administrator applies the change.')}
          description={locked ? pick(`已签发 ${issued} 张该类证照：类型代码、已有数据项代码不可修改，个人信息数据项不可取消脱敏。`, `${issued} licences of this type exist: the code and existing field keys are fixed, personal fields stay masked.`) : undefined}
        />
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialOf(type)}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => setServerProblems(undefined)}
        >
          <Space wrap align="start">
            <Form.Item name="code" label={pick('证照类型代码', 'Type code')} rules={[{ required: true }]} tooltip={pick('标识符中的{类型代码}段：数字或大写字母', 'The {type code} of the identifier: digits or capital letters')}>
              <Input style={{ width: 140 }} disabled={locked} />
            </Form.Item>
            <Form.Item name="name" label={pick('证照名称', 'Name')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="nameEn" label={pick('英文名称', 'English name')} rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="issuerKind" label={pick('发证部门类别', 'Issuing department kind')} rules={[{ required: true }]}>
              <Input style={{ width: 180 }} placeholder={pick('如 市场监督管理', 'e.g. 市场监督管理')} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="validityKind" label={pick('有效期规则', 'Validity rule')}>
              <Select style={{ width: 140 }} options={[{ value: 'years', label: pick('自签发起N年', 'N years from issue') }, { value: 'permanent', label: pick('长期有效', 'Permanent') }]} />
            </Form.Item>
            {values?.validityKind !== 'permanent' && (
              <Form.Item name="years" label={pick('年数', 'Years')}>
                <InputNumber min={1} max={100} />
              </Form.Item>
            )}
            <Form.Item name="issuingBaseCodes" label={pick('颁证事项（办结时签发）', 'Issuing items (issued on completion)')}>
              <Select mode="multiple" style={{ minWidth: 420 }} options={itemOptions} optionFilterProp="label" aria-label={pick('颁证事项', 'Issuing items')} />
            </Form.Item>
          </Space>
          <Typography.Text strong>{pick('照面信息（数据项）', 'Licence data fields')}</Typography.Text>
          <Form.List name="fields">
            {(rows, { add, remove }) => (
              <Space direction="vertical" size={4} style={{ width: '100%', marginTop: 8 }}>
                {rows.map((r) => {
                  const existing = type?.fields.some((f) => f.key === form.getFieldValue(['fields', r.name, 'key']));
                  const from = form.getFieldValue(['fields', r.name, 'from']) as FieldRow['from'] | undefined;
                  return (
                    <Space key={r.key} wrap align="start">
                      <Form.Item name={[r.name, 'key']} noStyle>
                        <Input aria-label={pick('数据项代码', 'Field key')} placeholder={pick('代码', 'key')} style={{ width: 130 }} disabled={locked && existing} />
                      </Form.Item>
                      <Form.Item name={[r.name, 'label']} noStyle>
                        <Input aria-label={pick('数据项名称', 'Field label')} placeholder={pick('名称', 'label')} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[r.name, 'labelEn']} noStyle>
                        <Input aria-label={pick('英文名称', 'English label')} placeholder="English" style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[r.name, 'from']} noStyle>
                        <Select
                          aria-label={pick('数据来源', 'Source')}
                          style={{ width: 120 }}
                          options={[
                            { value: 'form', label: pick('申请表字段', 'Form fields') },
                            { value: 'holder', label: pick('持证主体', 'Holder') },
                            { value: 'case', label: pick('办件信息', 'Case') },
                            { value: 'fixed', label: pick('固定值', 'Fixed') },
                          ]}
                        />
                      </Form.Item>
                      <Form.Item name={[r.name, 'value']} noStyle>
                        {from === 'holder' ? (
                          <Select aria-label={pick('来源项', 'Source value')} style={{ width: 170 }} options={[{ value: 'name', label: pick('姓名/名称', 'Name') }, { value: 'idNumber', label: pick('公民身份号码', 'ID number') }, { value: 'creditCode', label: pick('统一社会信用代码', 'Credit code') }, { value: 'legalRepresentative', label: pick('法定代表人', 'Legal representative') }]} />
                        ) : from === 'case' ? (
                          <Select aria-label={pick('来源项', 'Source value')} style={{ width: 170 }} options={[{ value: 'resultNo', label: pick('结果编号', 'Result no.') }, { value: 'decisionReason', label: pick('决定理由', 'Decision reason') }, { value: 'caseNo', label: pick('办件编号', 'Case no.') }]} />
                        ) : (
                          <Input aria-label={pick('来源项', 'Source value')} style={{ width: 170 }} placeholder={from === 'form' ? pick('表单字段代码，逗号分隔', 'form keys, comma-separated') : pick('固定值', 'value')} />
                        )}
                      </Form.Item>
                      <Form.Item name={[r.name, 'personal']} valuePropName="checked" noStyle>
                        <Checkbox>{pick('个人信息（公开时脱敏）', 'Personal (masked publicly)')}</Checkbox>
                      </Form.Item>
                      <Button size="small" danger disabled={locked && existing} onClick={() => remove(r.name)}>
                        {pick('删除', 'Remove')}
                      </Button>
                    </Space>
                  );
                })}
                <Button size="small" onClick={() => add({ key: '', label: '', labelEn: '', from: 'form', value: '', personal: false })}>
                  {pick('添加数据项', 'Add a field')}
                </Button>
              </Space>
            )}
          </Form.List>
          <Form.Item name="reason" label={pick('修改理由（复核人可见，记入审计日志）', 'Reason (shown to the reviewer, audited)')} rules={[{ required: true, min: 2 }]} style={{ marginTop: 12 }}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
        {shown.length > 0 && (
          <Alert type="error" showIcon message={<ul style={{ margin: 0, paddingLeft: 18 }}>{shown.map((x) => <li key={`${x.code}${x.path}${x.zh}`}>{pick(x.zh, x.en)}</li>)}</ul>} />
        )}
        {error && !serverProblems && <Alert type="error" showIcon message={error} />}
      </Space>
    </Modal>
  );
}
