import { App, Button, Card, Form, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { formatDateTime } from '../shared/time.js';

interface PendingReset {
  id: string;
  username: string;
  displayName: string;
  requestedBy: string;
  requestedAt: string;
}

/**
 * 重置动态验证码 (for account administrators): one administrator asks for a staff member's second factor
 * to be removed (lost phone), and a different one approves; the server enforces both.
 */
export function SecondFactorResets() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const staff = useApi<{ staff: { id: string; username: string; displayName: string }[] }>('/api/staff');
  const pending = useApi<{ items: PendingReset[] }>('/api/second-factor-resets');
  const [userId, setUserId] = useState<string>();
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  return (
    <Card title={pick('重置工作人员的动态验证码', 'Reset a staff member’s authenticator')}>
      <Typography.Paragraph type="secondary">
        {pick('工作人员手机丢失时：由一名管理员申请，另一名管理员批准后生效；该人员下次登录时重新绑定。', 'When a staff member loses their phone: one administrator requests, a different one approves; the person enrols again at the next login.')}
      </Typography.Paragraph>
      <Form layout="inline" onFinish={() => userId && void post('/api/second-factor-resets', { userId }).then(() => { message.success(pick('已提交，待另一名管理员批准', 'Requested; another administrator must approve')); pending.reload(); }, fail)}>
        <Form.Item label={pick('工作人员', 'Staff member')}>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 240 }}
            value={userId}
            onChange={setUserId}
            options={(staff.data?.staff ?? []).map((s) => ({ value: s.id, label: `${s.displayName}（${s.username}）` }))}
          />
        </Form.Item>
        <Button htmlType="submit" disabled={!userId}>{pick('申请重置', 'Request reset')}</Button>
      </Form>
      <Table<PendingReset>
        style={{ marginTop: 16 }}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pending.data?.items ?? []}
        locale={{ emptyText: pick('没有待批准的申请', 'No requests awaiting approval') }}
        columns={[
          { title: pick('工作人员', 'Staff member'), render: (_v, r) => `${r.displayName}（${r.username}）` },
          { title: pick('申请人', 'Requested by'), dataIndex: 'requestedBy' },
          { title: pick('申请时间', 'Requested at'), render: (_v, r) => formatDateTime(r.requestedAt) },
          {
            title: pick('操作', 'Action'),
            render: (_v, r) => (
              <Space>
                <Button size="small" type="primary" onClick={() => void post(`/api/second-factor-resets/${r.id}/approve`).then(() => { message.success(pick('已重置', 'Reset')); pending.reload(); }, fail)}>
                  {pick('批准', 'Approve')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
