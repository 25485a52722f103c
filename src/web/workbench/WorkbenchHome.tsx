import { Button, Card, Segmented, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { canSee, homePath } from '../shared/access.js';
import { Forbidden, loginPathFor } from '../shared/Forbidden.js';
import { TimeTag } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { STAFF_ROLE } from '../shared/labels.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';
import { SupervisionCard } from './SupervisionCard.js';

interface InboxRow {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  stateZh: string;
  stateEn: string;
  step: string | null;
  claimedByMe: boolean;
  dueDate: string | null;
  submittedAt: string;
  timeStatus: CaseView['timeStatus'];
}

/** 工作台: the inbox (intake and back-office steps) with due-date colours and filters. */
export function WorkbenchHome() {
  const { t, pick } = useI18n();
  const { session, loading: loadingSession } = useSession();
  const [filter, setFilter] = useState<string>('all');
  const { data, loading } = useApi<{ cases: InboxRow[] }>(canSee(session, 'workbench') ? '/api/workbench/inbox' : null);
  if (loadingSession) return null;
  if (!session) return <Navigate to={loginPathFor('/workbench')} replace />;
  // Staff whose roles have no inbox (catalogue or hall administrators) go to their own start page.
  if (session.user.kind === 'staff' && !canSee(session, 'workbench')) return <Navigate to={homePath(session)} replace />;
  if (!canSee(session, 'workbench')) return <Forbidden screen="workbench" />;
  const rows = (data?.cases ?? []).filter((r) => filter === 'all' || r.timeStatus === filter || r.state === filter);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('workbench.welcome', { name: session.user.displayName })}
            </Typography.Title>
            {session.roles.map((r) => (
              <Tag key={`${r.role}-${r.scopeOrgId}`} color="red">
                {pick(STAFF_ROLE[r.role]?.zh ?? r.role, STAFF_ROLE[r.role]?.en ?? r.role)}
              </Tag>
            ))}
          </Space>
          {canSee(session, 'workbench.intake') && (
            <Link to="/workbench/intake">
              <Button type="primary" size="large">
                {pick('窗口受理', 'Window intake')}
              </Button>
            </Link>
          )}
        </Space>
      </Card>
      {canSee(session, 'supervision') && <SupervisionCard />}
      <Card
        title={pick('待办办件', 'Inbox')}
        extra={
          <Segmented
            value={filter}
            onChange={(v) => setFilter(String(v))}
            options={[
              { value: 'all', label: pick('全部', 'All') },
              { value: 'submitted', label: pick('待受理', 'Intake') },
              { value: 'near_due', label: pick('临近超期', 'Near due') },
              { value: 'overdue', label: pick('已超期', 'Overdue') },
            ]}
          />
        }
      >
        <ResponsiveTable
          rowKey="id"
          loading={loading}
          dataSource={rows}
          scroll={{ x: 800 }}
          locale={{ emptyText: pick('暂无待办办件', 'Nothing waiting for you') }}
          columns={[
            { title: pick('事项', 'Service'), render: (_v, r: InboxRow) => <Link to={`/workbench/cases/${r.id}`}>{r.title}</Link> },
            { title: pick('办件编号', 'Case number'), dataIndex: 'caseNo', render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
            { title: pick('状态 / 环节', 'Status / step'), render: (_v, r: InboxRow) => <Space><Tag color="blue">{pick(r.stateZh, r.stateEn)}</Tag>{r.step && <span>{r.step}</span>}{r.claimedByMe && <Tag>{pick('已签收', 'Claimed')}</Tag>}</Space> },
            { title: pick('期限', 'Due'), width: 190, render: (_v, r: InboxRow) => <Space>{r.dueDate ?? '—'}<TimeTag status={r.timeStatus} /></Space> },
          ]}
        />
      </Card>
    </Space>
  );
}
