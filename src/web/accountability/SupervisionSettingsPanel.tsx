import { App, Button, Card, Descriptions, Form, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, put } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface Thresholds {
  yellowAt: number;
  redAt: number;
  staleRedDays: number;
}
interface Limits {
  specialProcedureDays: number;
  unclaimedDays: number;
}
interface RegionSettings {
  regionCode: string;
  regionName: string;
  thresholds: Thresholds;
  limits: Limits;
  from: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  canEdit: boolean;
}
type Bounds = Record<keyof Thresholds | keyof Limits, { min: number; max: number }>;
type Values = Thresholds & Limits;

/**
 * 监察设置 on the supervisor's board (ADR 0031): the 黄牌/红牌 thresholds and rule limits in force in the
 * supervisor's region, and a form to change them (only where the server says the caller may; every
 * change is in the audit log with the values before and after).
 */
export function SupervisionSettingsPanel() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data, reload } = useApi<{ regions: RegionSettings[]; bounds: Bounds }>('/api/admin/supervision-settings');
  const [editing, setEditing] = useState<RegionSettings>();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  if (!data?.regions.length) return null;
  const open = (r: RegionSettings) => {
    form.setFieldsValue({ ...r.thresholds, ...r.limits });
    setEditing(r);
  };
  const save = (v: Values) => {
    if (!editing) return;
    setSaving(true);
    put(`/api/admin/supervision-settings/${editing.regionCode}`, { thresholds: { yellowAt: v.yellowAt, redAt: v.redAt, staleRedDays: v.staleRedDays }, limits: { specialProcedureDays: v.specialProcedureDays, unclaimedDays: v.unclaimedDays } })
      .then(() => {
        setEditing(undefined);
        message.success(pick('已保存，自下一次监察起生效', 'Saved; applies from the next check on'));
        reload();
      })
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.details[0]?.zh ?? e.body.message, e.body.details[0]?.en ?? e.body.messageEn) : String(e)))
      .finally(() => setSaving(false));
  };
  const fields: { name: keyof Values; zh: string; en: string; unit: [string, string] }[] = [
    { name: 'yellowAt', zh: '黄牌：本月红灯达到', en: 'Yellow card at red hits in a month', unit: ['次', 'hits'] },
    { name: 'redAt', zh: '红牌：本月红灯达到', en: 'Red card at red hits in a month', unit: ['次', 'hits'] },
    { name: 'staleRedDays', zh: '红牌：红灯持续超过', en: 'Red card when a red light stays on over', unit: ['个工作日', 'working days'] },
    { name: 'specialProcedureDays', zh: '特别程序最长', en: 'Special procedure at most', unit: ['个工作日', 'working days'] },
    { name: 'unclaimedDays', zh: '待办未认领最长', en: 'Unclaimed in an inbox at most', unit: ['个工作日', 'working days'] },
  ];
  return (
    <Card size="small" title={pick('监察设置（亮牌阈值与规则时限）', 'Supervision settings (card thresholds and rule limits)')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {data.regions.map((r) => (
          <Descriptions
            key={r.regionCode}
            size="small"
            column={{ xs: 1, md: 3 }}
            title={
              <Space wrap>
                <span>{r.regionName}</span>
                <Tag>{r.from === r.regionCode ? pick('本级设置', 'Own settings') : r.from ? pick(`沿用上级（${r.from}）`, `From ${r.from}`) : pick('默认值', 'Defaults')}</Tag>
                {r.updatedBy && <Typography.Text type="secondary">{pick(`${r.updatedBy} 修改于 ${new Date(r.updatedAt ?? '').toLocaleString('zh-CN')}`, `Changed by ${r.updatedBy}, ${new Date(r.updatedAt ?? '').toLocaleString('en-GB')}`)}</Typography.Text>}
              </Space>
            }
            extra={r.canEdit && <Button size="small" onClick={() => open(r)}>{pick('修改', 'Change')}</Button>}
            items={fields.map((f) => ({ key: f.name, label: pick(f.zh, f.en), children: `${({ ...r.thresholds, ...r.limits })[f.name]} ${pick(...f.unit)}` }))}
          />
        ))}
      </Space>
      <Modal open={!!editing} title={pick(`修改监察设置：${editing?.regionName ?? ''}`, `Change the supervision settings: ${editing?.regionName ?? ''}`)} okText={pick('保存', 'Save')} confirmLoading={saving} onOk={() => form.submit()} onCancel={() => setEditing(undefined)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{pick('修改记入审计日志；下级地区未单独设置的沿用本设置。', 'The change is recorded in the audit log; regions below without their own settings follow these.')}</Typography.Paragraph>
        <Form form={form} layout="horizontal" labelCol={{ span: 12 }} onFinish={save}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={pick(f.zh, f.en)} rules={[{ required: true }]}>
              <InputNumber min={data.bounds[f.name].min} max={data.bounds[f.name].max} precision={0} addonAfter={pick(...f.unit)} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
