import { App, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { PROFILE_LABELS } from '../../core/profile/profile.js';
import { ApiError, put } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import type { LibraryEntry } from '../shared/MaterialPicker.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useApi } from '../shared/use-api.js';

const FORM_LABELS: Record<string, [string, string]> = { original: ['原件', 'Original'], copy: ['复印件', 'Copy'], electronic: ['电子件', 'Electronic'], original_and_copy: ['原件和复印件', 'Original and copy'] };

/** 我的材料 (issue 10): every material accepted on one of my cases, reusable while valid; and my 办事资料. */
export function MyMaterialsPage() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ materials: LibraryEntry[] }>('/api/me/materials');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('我的材料', 'My materials')}>
        <Typography.Paragraph type="secondary">
          {pick('办件受理后，您提交的材料会保存在这里。下次申请需要同一材料时，可直接“从我的材料中选用”，无需重复上传；过期的材料不再提供选用。', 'Materials of your accepted cases are kept here. When a later application needs the same material, choose it instead of uploading again; expired materials are not offered.')}
        </Typography.Paragraph>
        <ResponsiveTable<LibraryEntry>
          rowKey="id"
          loading={loading}
          dataSource={data?.materials ?? []}
          locale={{ emptyText: pick('暂无材料：办件受理后，其材料会保存到这里', 'Nothing yet: materials are kept here once a case is accepted') }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: pick('材料', 'Material'),
              render: (_v: unknown, e: LibraryEntry) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{e.name}</Typography.Text>
                  <Space size={4} wrap>
                    <Tag>{e.code.includes(':') && !e.code.startsWith('licence:') ? pick('本事项材料', 'Item material') : e.code}</Tag>
                    {e.form && FORM_LABELS[e.form] && <Tag color="default">{pick(...(FORM_LABELS[e.form] as [string, string]))}</Tag>}
                  </Space>
                </Space>
              ),
            },
            { title: pick('文件', 'File'), render: (_v: unknown, e: LibraryEntry) => <a href={`/api/files/${e.fileId}`} target="_blank" rel="noreferrer">{e.fileName}</a> },
            { title: pick('来源办件', 'From case'), render: (_v: unknown, e: LibraryEntry) => <Link to={`/my/cases/${e.sourceCaseId}`}><Space direction="vertical" size={0}><span>{e.sourceTitle}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.sourceCaseNo}</Typography.Text></Space></Link> },
            { title: pick('受理日期', 'Accepted'), width: 110, dataIndex: 'acceptedOn' },
            { title: pick('有效期至', 'Valid until'), width: 110, render: (_v: unknown, e: LibraryEntry) => e.validUntil ?? pick('长期', 'No limit') },
            { title: pick('状态', 'Status'), width: 100, render: (_v: unknown, e: LibraryEntry) => (e.usable ? <Tag color="green">{pick('可选用', 'Usable')}</Tag> : <Tag>{pick('已过期', 'Expired')}</Tag>) },
          ]}
        />
      </Card>
      <ProfileCard />
    </Space>
  );
}

interface ProfileView {
  kind: 'natural_person' | 'legal_person';
  identity: Record<string, string>;
  fields: Record<string, string>;
  values: Record<string, string>;
  keys: string[];
}

/** 办事资料: what fills my application forms (identity from the verified account; the rest is mine to keep). */
function ProfileCard() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data, reload } = useApi<ProfileView>('/api/me/profile');
  const [form] = Form.useForm<Record<string, string>>();
  useEffect(() => {
    if (data) form.setFieldsValue(Object.fromEntries(data.keys.map((k) => [k, data.fields[k] ?? ''])));
  }, [data, form]);
  if (!data) return <Card loading />;
  const label = (k: string) => pick(PROFILE_LABELS[k]?.zh ?? k, PROFILE_LABELS[k]?.en ?? k);
  const save = async (v: Record<string, string>) => {
    try {
      await put('/api/me/profile', { fields: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x ?? ''])) });
      message.success(pick('办事资料已保存', 'Profile saved'));
      reload();
    } catch (e) {
      if (e instanceof ApiError) {
        message.error(pick(e.body.message, e.body.messageEn));
        form.setFields(e.body.details.map((d) => ({ name: (d.path ?? '').replace('/fields/', ''), errors: [pick(d.zh, d.en)] })));
      }
    }
  };
  return (
    <Card title={pick('我的办事资料', 'My profile')}>
      <Typography.Paragraph type="secondary">{pick('申请时按字段自动填入表单；实名信息来自账户，不可在此修改。', 'Fills application forms by field; identity comes from your verified account.')}</Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ flex: '160px' }} style={{ maxWidth: 640 }} onFinish={(v) => void save(v)}>
        {Object.entries(data.identity).map(([k, v]) => (
          <Form.Item key={k} label={label(k)}>
            <Typography.Text>{v}</Typography.Text> <Tag>{pick('实名账户', 'Verified account')}</Tag>
          </Form.Item>
        ))}
        {data.keys.map((k) => (
          <Form.Item key={k} name={k} label={label(k)}>
            <Input placeholder={k === 'phone' || k === 'address' ? data.values[k] : undefined} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit">{pick('保存', 'Save')}</Button>
      </Form>
    </Card>
  );
}
