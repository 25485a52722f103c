import { Card, Col, DatePicker, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isoDateInChina } from '../../core/calendar/index.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { AppealsTable } from './RectificationsPage.js';
import { SupervisionSettingsPanel } from './SupervisionSettingsPanel.js';

export interface CardUnit {
  id: string;
  name: string;
  red: number;
  yellow: number;
  card: 'yellow' | 'red' | null;
  /** The thresholds of the unit's region that gave the card (stored per region, ADR 0031). */
  thresholds: { yellowAt: number; redAt: number; staleRedDays: number };
}
export interface Cards {
  month: string;
  departments: CardUnit[];
  staff: CardUnit[];
}
export interface Hit {
  id: string;
  rule: string;
  ruleZh: string;
  ruleEn: string;
  objectType: 'case' | 'rectification' | 'complaint';
  objectId: string;
  severity: 'yellow' | 'red';
  detectedOn: string;
  department: { id: string; name: string };
  staff: string | null;
  caseNo: string | null;
  title: string | null;
}

export function CardTag({ card }: { card: 'yellow' | 'red' | null }) {
  const { pick } = useI18n();
  if (!card) return null;
  return card === 'red' ? <Tag color="#c8102e">{pick('红牌', 'Red card')}</Tag> : <Tag color="#d48806">{pick('黄牌', 'Yellow card')}</Tag>;
}

/** How a unit's card is decided, in words (the thresholds of its region). */
export function thresholdsText(pick: (zh: string, en: string) => string, t: CardUnit['thresholds']): string {
  return pick(`本月红灯${t.yellowAt}次黄牌、${t.redAt}次红牌；红灯持续超过${t.staleRedDays}个工作日红牌`, `${t.yellowAt} red hit(s) in a month: yellow card; ${t.redAt}: red card; a red light on for more than ${t.staleRedDays} working days: red card`);
}

/** 电子监察 board: a month's rule hits, the 黄牌/红牌 of departments and people, the settings, and the appeals to decide. */
export function SupervisionBoardPage() {
  const { pick } = useI18n();
  const [month, setMonth] = useState(() => isoDateInChina(new Date()).slice(0, 7));
  const cards = useApi<Cards>(`/api/supervision/cards?month=${month}`);
  const hits = useApi<{ hits: Hit[] }>(`/api/supervision/hits?month=${month}`);
  const all = hits.data?.hits ?? [];
  const unitColumns = (who: string) => [
    { title: who, dataIndex: 'name' },
    { title: pick('红灯', 'Red hits'), dataIndex: 'red', width: 80 },
    { title: pick('黄灯', 'Yellow hits'), dataIndex: 'yellow', width: 80 },
    { title: pick('亮牌', 'Card'), width: 90, render: (_v: unknown, u: CardUnit) => <span title={thresholdsText(pick, u.thresholds)}><CardTag card={u.card} /></span> },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {pick('电子监察', 'Electronic supervision')}
          </Typography.Title>
          <Space>
            <DatePicker picker="month" aria-label={pick('月份', 'Month')} allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
            <Link to="/workbench/scorecards">{pick('工作成绩单', 'Scorecards')}</Link>
            <Link to="/workbench/rectifications">{pick('差评整改', 'Rectification')}</Link>
          </Space>
        </Space>
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col xs={12} md={6}><Statistic title={pick('监察命中', 'Rule hits')} value={all.length} /></Col>
          <Col xs={12} md={6}><Statistic title={pick('红灯', 'Red')} value={all.filter((h) => h.severity === 'red').length} valueStyle={{ color: '#c8102e' }} /></Col>
          <Col xs={12} md={6}><Statistic title={pick('红牌', 'Red cards')} value={[...(cards.data?.departments ?? []), ...(cards.data?.staff ?? [])].filter((u) => u.card === 'red').length} valueStyle={{ color: '#c8102e' }} /></Col>
          <Col xs={12} md={6}><Statistic title={pick('黄牌', 'Yellow cards')} value={[...(cards.data?.departments ?? []), ...(cards.data?.staff ?? [])].filter((u) => u.card === 'yellow').length} valueStyle={{ color: '#d48806' }} /></Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={pick('部门亮牌', 'Cards of departments')}>
            <Table<CardUnit> rowKey="id" size="small" pagination={false} dataSource={cards.data?.departments ?? []} locale={{ emptyText: pick('本月无亮牌', 'No cards this month') }} columns={unitColumns(pick('部门', 'Department'))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={pick('个人亮牌', 'Cards of staff')}>
            <Table<CardUnit> rowKey="id" size="small" pagination={false} dataSource={cards.data?.staff ?? []} locale={{ emptyText: pick('本月无亮牌', 'No cards this month') }} columns={unitColumns(pick('人员', 'Staff'))} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={pick('监察命中', 'Rule hits')}>
        <Table<Hit>
          rowKey="id"
          size="small"
          loading={hits.loading}
          dataSource={all}
          pagination={{ pageSize: 10 }}
          locale={{ emptyText: pick('本月无监察命中', 'No hits this month') }}
          columns={[
            { title: pick('日期', 'Date'), dataIndex: 'detectedOn', width: 110 },
            { title: pick('规则', 'Rule'), render: (_v: unknown, h: Hit) => pick(h.ruleZh, h.ruleEn) },
            { title: pick('对象', 'Object'), render: (_v: unknown, h: Hit) => (h.objectType === 'case' && h.title ? <Link to={`/workbench/cases/${h.objectId}`}>{h.title}</Link> : h.objectType === 'rectification' ? <Link to="/workbench/rectifications">{h.title ? `${h.title}（${pick('差评整改', 'rectification')}）` : pick('差评整改任务', 'Rectification task')}</Link> : pick('投诉', 'Complaint')) },
            { title: pick('部门', 'Department'), render: (_v: unknown, h: Hit) => h.department.name },
            { title: pick('人员', 'Staff'), dataIndex: 'staff', render: (v: string | null) => v ?? '—' },
            { title: '', width: 70, render: (_v: unknown, h: Hit) => <Tag color={h.severity === 'red' ? 'red' : 'gold'}>{h.severity === 'red' ? pick('红灯', 'Red') : pick('黄灯', 'Yellow')}</Tag> },
          ]}
        />
      </Card>
      <SupervisionSettingsPanel />
      <Card size="small" title={pick('差评申诉裁定', 'Appeals to decide')}>
        <AppealsTable />
      </Card>
    </Space>
  );
}
