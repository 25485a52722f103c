import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface TimeLimits {
  today: string;
  departments: { department: string; nearDue: number; overdue: number }[];
  cases: { id: string; caseNo: string; title: string; department: string; dueDate: string; status: 'near_due' | 'overdue' }[];
}

/** 电子监察: near-due (黄牌) and overdue (红牌) running cases by department. */
export function SupervisionCard() {
  const { pick } = useI18n();
  const { data } = useApi<TimeLimits>('/api/supervision/time-limits');
  const total = (k: 'nearDue' | 'overdue') => (data?.departments ?? []).reduce((a, d) => a + d[k], 0);
  return (
    <Card title={pick('时限监察', 'Time-limit supervision')}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={12}><Statistic title={pick('临近超期（黄牌）', 'Near due (yellow)')} value={total('nearDue')} valueStyle={{ color: '#d48806' }} /></Col>
        <Col span={12}><Statistic title={pick('已超期（红牌）', 'Overdue (red)')} value={total('overdue')} valueStyle={{ color: '#c8102e' }} /></Col>
      </Row>
      <Table
        rowKey="department"
        size="small"
        pagination={false}
        dataSource={data?.departments ?? []}
        locale={{ emptyText: pick('没有临近超期或超期的办件', 'No near-due or overdue cases') }}
        columns={[
          { title: pick('部门', 'Department'), dataIndex: 'department' },
          { title: pick('临近超期', 'Near due'), dataIndex: 'nearDue', width: 100 },
          { title: pick('已超期', 'Overdue'), dataIndex: 'overdue', width: 100 },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        style={{ marginTop: 16 }}
        pagination={{ pageSize: 10 }}
        dataSource={data?.cases ?? []}
        columns={[
          { title: pick('事项', 'Service'), render: (_v, c: TimeLimits['cases'][number]) => <Link to={`/workbench/cases/${c.id}`}>{c.title}</Link> },
          { title: pick('部门', 'Department'), dataIndex: 'department' },
          { title: pick('期限', 'Due'), dataIndex: 'dueDate', width: 110 },
          { title: '', width: 90, render: (_v, c: TimeLimits['cases'][number]) => <Tag color={c.status === 'overdue' ? 'red' : 'gold'}>{c.status === 'overdue' ? pick('超期', 'Overdue') : pick('临期', 'Near due')}</Tag> },
        ]}
      />
    </Card>
  );
}
