import { App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { PROFILE_LABELS, profileProblems, type ApplicantKind, type ProfileEdit } from '../../core/profile/profile.js';
import { ApiError, put } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useApi } from '../shared/use-api.js';

/** GET /api/me/profile (src/server/profile/service.ts). */
export interface ProfileView {
  kind: ApplicantKind;
  identity: Record<string, string>;
  fields: Record<string, string>;
  values: Record<string, string>;
  keys: string[];
  updatedAt: string | null;
  changes: { at: string; source: 'profile' | 'application'; edits: ProfileEdit[] }[];
}

const WIDE = new Set(['address', 'registeredAddress', 'businessScope']);

/**
 * The kept fields of the profile as a form: checked as you type with the server's own rules
 * (`profileProblems`), saved with `PUT /api/me/profile`; identity facts from the verified account are shown, never edited.
 */
export function ProfileForm({ data, onSaved }: { data: ProfileView; onSaved: () => void }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string>>();
  useEffect(() => {
    form.setFieldsValue(Object.fromEntries(data.keys.map((k) => [k, data.fields[k] ?? ''])));
  }, [data, form]);
  const label = (k: string) => pick(PROFILE_LABELS[k]?.zh ?? k, PROFILE_LABELS[k]?.en ?? k);
  const save = async (v: Record<string, string>) => {
    try {
      await put('/api/me/profile', { fields: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x ?? ''])) });
      message.success(pick('办事资料已保存', 'Profile saved'));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        message.error(pick(e.body.message, e.body.messageEn));
        form.setFields(e.body.details.map((d) => ({ name: (d.path ?? '').replace('/fields/', ''), errors: [pick(d.zh, d.en)] })));
      }
    }
  };
  return (
    <Form form={form} layout="horizontal" labelCol={{ flex: '170px' }} style={{ maxWidth: 720 }} onFinish={(v) => void save(v)}>
      {Object.entries(data.identity).map(([k, v]) => (
        <Form.Item key={k} label={label(k)}>
          <Typography.Text>{v}</Typography.Text> <Tag>{pick('实名账户', 'Verified account')}</Tag>
        </Form.Item>
      ))}
      {data.keys.map((k) => (
        <Form.Item
          key={k}
          name={k}
          label={label(k)}
          rules={[
            {
              validator: (_r, value: string | undefined) => {
                const [p] = profileProblems(data.kind, { [k]: value ?? '' });
                return p ? Promise.reject(new Error(pick(p.zh, p.en))) : Promise.resolve();
              },
            },
          ]}
        >
          {WIDE.has(k) ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} /> : <Input placeholder={k === 'phone' || k === 'address' ? data.values[k] : k === 'establishedOn' ? 'YYYY-MM-DD' : undefined} maxLength={500} />}
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit">{pick('保存', 'Save')}</Button>
    </Form>
  );
}

/** 我的资料 (issue 10): my profile on a page of its own — identity from the account, the kept fields, and every change recorded. */
export function ProfilePage() {
  const { pick } = useI18n();
  const { data, reload } = useApi<ProfileView>('/api/me/profile');
  if (!data) return <Card loading />;
  const label = (k: string) => pick(PROFILE_LABELS[k]?.zh ?? k, PROFILE_LABELS[k]?.en ?? k);
  const enterprise = data.kind === 'legal_person';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('我的资料', 'My profile')} extra={<Tag color="blue">{enterprise ? pick('法人（企业）', 'Legal person (enterprise)') : pick('自然人', 'Natural person')}</Tag>}>
        <Typography.Paragraph type="secondary">
          {pick(
            '申请事项时，表单中同名的栏目会自动填入这里的资料；在申请表中修改过的内容，也可以在提交时选择保存回这里。实名信息来自实名认证的账户，不能在此修改。',
            'When you apply, form fields with the same key are filled from here; values you change in a form can be saved back when you submit. Identity facts come from your verified account and cannot be changed here.',
          )}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} bordered style={{ maxWidth: 720, marginBottom: 16 }} title={enterprise ? pick('企业实名信息', 'Enterprise identity') : pick('实名信息', 'Identity')}>
          {Object.entries(data.identity).map(([k, v]) => (
            <Descriptions.Item key={k} label={label(k)}>{v}</Descriptions.Item>
          ))}
        </Descriptions>
        <Typography.Title level={5}>{enterprise ? pick('企业资料', 'Enterprise details') : pick('联系与工作信息', 'Contact and work')}</Typography.Title>
        <ProfileForm data={{ ...data, identity: {} }} onSaved={reload} />
      </Card>
      <Card title={pick('修改记录', 'Change record')}>
        <ResponsiveTable<ProfileView['changes'][number]>
          rowKey={(c) => c.at + c.edits.map((e) => e.key).join()}
          dataSource={data.changes}
          pagination={false}
          locale={{ emptyText: pick('尚无修改', 'No changes yet') }}
          columns={[
            { title: pick('时间', 'When'), width: 170, render: (_v: unknown, c) => new Date(c.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
            { title: pick('来源', 'Where'), width: 140, render: (_v: unknown, c) => (c.source === 'application' ? pick('申请时保存', 'Saved from an application') : pick('我的资料', 'My profile')) },
            {
              title: pick('修改内容', 'What changed'),
              render: (_v: unknown, c) => (
                <Space direction="vertical" size={0}>
                  {c.edits.map((e) => (
                    <span key={e.key}>
                      {label(e.key)}：{e.from ?? pick('（空）', '(empty)')} → {e.to ?? pick('（删除）', '(removed)')}
                    </span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
