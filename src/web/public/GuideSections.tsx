import { Descriptions, List, Radio, Checkbox, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useMemo, useState } from 'react';
import type { ItemContent, Material } from '../../core/catalogue/types.js';
import { useI18n } from '../shared/i18n.js';
import { licenceExemptCount } from '../../core/licences/exemption.js';
import { applicableTo } from '../../core/catalogue/situations.js';
import type { LicenceType } from '../../core/licences/types.js';
import { useApi } from '../shared/use-api.js';
import { CASE_KIND, DEPTH, FORM, ITEM_TYPE, MATERIAL_FORM, SCOPE, SOURCE } from '../shared/labels.js';

/** The sections of a 办事指南, shared by the guide page and its print view. */
export function BasicInfo({ c, orgName }: { c: ItemContent; orgName: string }) {
  const { t, pick } = useI18n();
  const days = (n: number) => (n === 0 ? t('guide.stepNow') : t('common.workingDays', { n }));
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label={t('item.department')}>{orgName}</Descriptions.Item>
      <Descriptions.Item label={t('item.type')}>{pick(ITEM_TYPE[c.itemType].zh, ITEM_TYPE[c.itemType].en)}</Descriptions.Item>
      <Descriptions.Item label={t('item.baseCode')}>{c.baseCode}</Descriptions.Item>
      <Descriptions.Item label={t('item.implCode')}>
        <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
          {c.implCode}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('item.legal')}>{days(c.legalLimitDays)}</Descriptions.Item>
      <Descriptions.Item label={t('item.promised')}>{days(c.promisedLimitDays)}</Descriptions.Item>
      <Descriptions.Item label={t('item.caseKind')}>{pick(CASE_KIND[c.caseKind].zh, CASE_KIND[c.caseKind].en)}</Descriptions.Item>
      <Descriptions.Item label={t('item.depth')}>{pick(DEPTH[c.onlineDepth].zh, DEPTH[c.onlineDepth].en)}</Descriptions.Item>
      <Descriptions.Item label={t('item.forms')}>{c.handlingForms.map((f) => pick(FORM[f].zh, FORM[f].en)).join('、')}</Descriptions.Item>
      <Descriptions.Item label={t('item.trips')}>{c.trips === 0 ? t('item.zeroTrips') : t('item.tripsN', { n: c.trips })}</Descriptions.Item>
      <Descriptions.Item label={t('item.post')}>{c.acceptsPost ? t('guide.yes') : t('guide.no')}</Descriptions.Item>
      <Descriptions.Item label={t('item.scope')}>{pick(SCOPE[c.serviceScope].zh, SCOPE[c.serviceScope].en)}</Descriptions.Item>
      <Descriptions.Item label={t('item.place')} span={2}>
        {c.place}
      </Descriptions.Item>
      <Descriptions.Item label={t('item.hours')} span={2}>
        {c.hours}
      </Descriptions.Item>
      <Descriptions.Item label={t('item.consultPhone')}>{c.consultPhone}</Descriptions.Item>
      <Descriptions.Item label={t('item.complaintPhone')}>{c.complaintPhone}</Descriptions.Item>
      <Descriptions.Item label={t('item.result')} span={2}>
        {c.resultName}
      </Descriptions.Item>
      {c.conditions && (
        <Descriptions.Item label={t('item.conditions')} span={2}>
          {c.conditions}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** Materials that apply for the chosen situation options (a material without options always applies). */
export function applicableMaterials(materials: Material[], chosen: Set<string> | null): Material[] {
  if (!chosen) return materials;
  return applicableTo(materials, chosen);
}

export function MaterialsSection({ c, interactive = true }: { c: ItemContent; interactive?: boolean }) {
  const { t, pick } = useI18n();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const chosen = useMemo(() => {
    const all = Object.values(answers).flat();
    return all.length && interactive ? new Set(all) : null;
  }, [answers, interactive]);
  const optionLabel = new Map(c.situations.flatMap((s) => s.options.map((o) => [o.id, o.label] as const)));
  const rows = applicableMaterials(c.materials, chosen);
  // 免证办 counts licence types the catalogue has (a material naming a type nobody issues needs its upload).
  const types = useApi<{ types: LicenceType[] }>('/api/licence-types');
  const typeNames = useMemo(() => new Set((types.data?.types ?? []).flatMap((x) => [x.code, x.name])), [types.data]);
  const exempt = types.data ? licenceExemptCount(rows, typeNames) : 0;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {exempt > 0 && <Tag color="gold">{t('guide.licenceExempt', { n: exempt })}</Tag>}
      {interactive && c.situations.length > 0 && (
        <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }}>
          <Typography.Text strong>{t('guide.situations')}</Typography.Text>
          {c.situations.map((s) => (
            <div key={s.id} style={{ marginTop: 8 }}>
              <div id={`q-${s.id}`}>{s.question}</div>
              {s.multiple ? (
                <Checkbox.Group aria-labelledby={`q-${s.id}`} options={s.options.map((o) => ({ value: o.id, label: o.label }))} onChange={(v) => setAnswers((a) => ({ ...a, [s.id]: v as string[] }))} />
              ) : (
                <Radio.Group aria-labelledby={`q-${s.id}`} options={s.options.map((o) => ({ value: o.id, label: o.label }))} onChange={(e) => setAnswers((a) => ({ ...a, [s.id]: [String(e.target.value)] }))} value={answers[s.id]?.[0]} />
              )}
            </div>
          ))}
        </div>
      )}
      <ResponsiveTable
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        columns={[
          { title: '#', width: 44, render: (_v, _m, i) => i + 1 },
          {
            title: t('guide.materialName'),
            render: (_v, m: Material) => (
              <Space direction="vertical" size={2}>
                <Typography.Text strong>{m.name}</Typography.Text>
                {m.requirements && <Typography.Text type="secondary">{m.requirements}</Typography.Text>}
                {m.basis && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('guide.basis')}：{m.basis.law}
                    {m.basis.article ?? ''}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('guide.materialForm'), width: 110, render: (_v, m: Material) => pick(MATERIAL_FORM[m.form].zh, MATERIAL_FORM[m.form].en) },
          { title: t('guide.copies'), width: 64, dataIndex: 'copies' },
          { title: t('guide.required'), width: 84, render: (_v, m: Material) => (m.required ? <Tag color="red">{t('guide.requiredYes')}</Tag> : <Tag>{t('guide.requiredNo')}</Tag>) },
          { title: t('guide.source'), width: 120, render: (_v, m: Material) => pick(SOURCE[m.source].zh, SOURCE[m.source].en) },
          {
            title: t('guide.replacedBy'),
            width: 200,
            render: (_v, m: Material) => (
              <Space size={[4, 4]} wrap>
                {m.licenceType && <Tag color="gold">{t('guide.licence', { x: m.licenceType })}</Tag>}
                {m.sharedDataSource && <Tag color="cyan">{t('guide.shared', { x: m.sharedDataSource })}</Tag>}
                {m.gapAllowed && <Tag color="purple">{t('guide.gap')}</Tag>}
                {m.commitmentAllowed && <Tag color="geekblue">{t('guide.commitment')}</Tag>}
                {m.situationOptionIds?.length ? <Tag>{`${t('guide.appliesWhen')}：${m.situationOptionIds.map((o) => optionLabel.get(o) ?? o).join('/')}`}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

export function FeesSection({ c }: { c: ItemContent }) {
  const { t } = useI18n();
  if (c.fees.length === 0) return <Tag color="green">{t('guide.noFee')}</Tag>;
  return (
    <ResponsiveTable
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={c.fees}
      columns={[
        { title: t('guide.feeName'), dataIndex: 'name' },
        { title: t('guide.feeStandard'), dataIndex: 'standard' },
        { title: t('guide.basis'), render: (_v, f: ItemContent['fees'][number]) => `${f.basis.law}${f.basis.article ?? ''}` },
        { title: t('guide.onlinePay'), render: (_v, f: ItemContent['fees'][number]) => (f.onlinePayment ? t('guide.yes') : t('guide.no')) },
      ]}
    />
  );
}

export function BasisSection({ c }: { c: ItemContent }) {
  return (
    <List
      size="small"
      dataSource={c.basis}
      renderItem={(b) => (
        <List.Item>
          {b.law}
          {b.article ?? ''}
          {b.text ? `：${b.text}` : ''}
        </List.Item>
      )}
    />
  );
}

export function SpecialSection({ c }: { c: ItemContent }) {
  const { t } = useI18n();
  if (c.specialProcedures.length === 0) return <Typography.Text type="secondary">{t('guide.noSpecial')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={c.specialProcedures}
      renderItem={(s) => (
        <List.Item>
          <Space wrap>
            <Typography.Text strong>{s.name}</Typography.Text>
            <span>{s.timeNeeded}</span>
            <Tag>{s.countedInLimit ? t('guide.specialCounted') : t('guide.specialNotCounted')}</Tag>
            <Typography.Text type="secondary">
              {s.basis.law}
              {s.basis.article ?? ''}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
