import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, put } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { beijingToday } from '../shared/time.js';
import { useApi } from '../shared/use-api.js';

interface YearRow {
  year: number;
  builtIn: boolean;
  source: string;
  holidays: { date: string; name: string }[];
  workdays: { date: string; name: string }[];
}
interface Day {
  date: string;
  working: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup_workday';
  name?: string;
  yearLoaded: boolean;
}

const parseLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date = '', ...rest] = l.split(/\s+/);
      return { date, name: rest.join(' ') };
    });

function MonthGrid({ days }: { days: Day[] }) {
  const { pick } = useI18n();
  const byMonth = new Map<number, Day[]>();
  for (const d of days) byMonth.set(Number(d.date.slice(5, 7)), [...(byMonth.get(Number(d.date.slice(5, 7))) ?? []), d]);
  const bg = { workday: '#fff', weekend: '#f5f5f5', holiday: '#fff1f0', makeup_workday: '#e6f4ff' } as const;
  return (
    <Row gutter={[12, 12]}>
      {[...byMonth.entries()].map(([m, ds]) => {
        const lead = (new Date(`${ds[0]?.date ?? ''}T00:00:00Z`).getUTCDay() + 6) % 7;
        return (
          <Col key={m} xs={24} sm={12} lg={8} xl={6}>
            <div style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 8 }}>
              <Typography.Text strong>{pick(`${m}月`, new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en', { month: 'long' }))}</Typography.Text>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 6 }}>
                {Array.from({ length: lead }, (_, i) => (
                  <span key={`x${i}`} />
                ))}
                {ds.map((d) => (
                  <Tooltip key={d.date} title={d.name}>
                    <span style={{ textAlign: 'center', fontSize: 12, padding: '2px 0', borderRadius: 4, background: bg[d.kind], color: d.kind === 'holiday' ? '#c8102e' : d.kind === 'makeup_workday' ? '#0958d9' : undefined, fontWeight: d.kind === 'holiday' || d.kind === 'makeup_workday' ? 600 : 400 }}>
                      {Number(d.date.slice(8))}
                    </span>
                  </Tooltip>
                ))}
              </div>
            </div>
          </Col>
        );
      })}
    </Row>
  );
}

/**
 * The reminder to enter a year's holiday arrangement (issue 9, calendar): shown on the admin pages to
 * whoever manages the calendar when running cases have provisional (暂定) due dates, or from 1 December
 * when next year's arrangement is missing.
 */
export function CalendarReminderBanner() {
  const { pick } = useI18n();
  const r = useApi<{ provisionalCases: number; missingYears: number[] }>('/api/admin/calendar/reminder');
  const d = r.data;
  if (!d || (d.missingYears.length === 0 && d.provisionalCases === 0)) return null;
  const years = d.missingYears.join(pick('、', ', '));
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-reminder"
      style={{ marginBottom: 12 }}
      message={pick(`请录入${years}年的放假安排`, `Enter the holiday arrangement for ${years}`)}
      description={
        d.provisionalCases > 0
          ? pick(`${d.provisionalCases}件在办办件的承诺办结日期为暂定（未计入春节等农历节日）；录入后系统将重新计算并记入办件过程。`, `${d.provisionalCases} running case(s) have provisional due dates (lunar holidays not counted); entering the year recomputes them and records it on each case.`)
          : pick('国务院办公厅发布通知后请及时录入，否则跨年的期限只排除周末和固定日期节日。', 'Enter it once the State Council notice is published; until then, limits crossing the year skip only weekends and fixed-date holidays.')
      }
      action={<Link to="/admin/calendar">{pick('去录入', 'Enter it')}</Link>}
    />
  );
}

/** 工作日历: built-in and administrator-entered holiday arrangements, a year view, and entry of later years. */
export function CalendarPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const years = useApi<{ years: YearRow[] }>('/api/calendar/years');
  const [year, setYear] = useState(Number(beijingToday().slice(0, 4)));
  const days = useApi<{ days: Day[] }>(`/api/calendar/days?from=${year}-01-01&to=${year}-12-31`);
  const [problems, setProblems] = useState<string[]>([]);
  const unloaded = days.data?.days[0] && !days.data.days[0].yearLoaded;
  const submit = async (v: { year: number; source: string; holidays: string; workdays: string }) => {
    try {
      const saved = await put<{ recomputed: number }>(`/api/admin/calendar/years/${v.year}`, { source: v.source, holidays: parseLines(v.holidays), workdays: parseLines(v.workdays ?? '') });
      setProblems([]);
      message.success(`${t('admin.saved')}${saved.recomputed ? pick(`，已重新计算${saved.recomputed}件办件的承诺办结日期`, `; due dates of ${saved.recomputed} case(s) recomputed`) : ''}`);
      years.reload();
      days.reload();
    } catch (e) {
      if (e instanceof ApiError) {
        setProblems(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
      }
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('admin.calendar')} extra={<Select aria-label={t('admin.year')} value={year} onChange={setYear} options={[2024, 2025, 2026, 2027, 2028].map((y) => ({ value: y, label: y }))} />}>
        {unloaded && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={pick(`${year}年的放假安排尚未发布或录入：仅按周末和固定日期节日计算，春节等农历节日未计入。`, `No official arrangement for ${year} is loaded: only weekends and fixed-date holidays are known.`)} />}
        <Space style={{ marginBottom: 12 }} wrap>
          <Tag color="red">{pick('法定节假日', 'Holiday')}</Tag>
          <Tag color="blue">{pick('调休上班', 'Make-up working day')}</Tag>
          <Tag>{pick('周末', 'Weekend')}</Tag>
        </Space>
        <MonthGrid days={days.data?.days ?? []} />
      </Card>
      <Card title={t('admin.year')}>
        <ResponsiveTable
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={years.data?.years ?? []}
          columns={[
            { title: t('admin.year'), dataIndex: 'year', width: 80 },
            { title: '', width: 200, render: (_v, r: YearRow) => <Tag color={r.builtIn ? 'blue' : 'green'}>{r.builtIn ? t('admin.builtIn') : t('admin.entered')}</Tag> },
            { title: t('admin.holidays'), render: (_v, r: YearRow) => r.holidays.length },
            { title: t('admin.workdays'), render: (_v, r: YearRow) => r.workdays.map((w) => w.date).join('、') },
            { title: t('admin.source'), dataIndex: 'source' },
          ]}
        />
      </Card>
      <Card title={t('admin.addYear')}>
        <Form layout="vertical" onFinish={(v) => void submit(v as { year: number; source: string; holidays: string; workdays: string })} initialValues={{ year: 2027 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}><Form.Item name="year" label={t('admin.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2999} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={24} md={18}><Form.Item name="source" label={t('admin.source')} rules={[{ required: true }]}><Input placeholder={pick('国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）', 'State Council notice')} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="holidays" label={t('admin.holidays')} extra={t('admin.datesHint')} rules={[{ required: true }]}><Input.TextArea rows={8} /></Form.Item></Col>
            <Col xs={24} md={12}><Form.Item name="workdays" label={t('admin.workdays')} extra={t('admin.datesHint')}><Input.TextArea rows={8} /></Form.Item></Col>
          </Row>
          {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />}
          <Button type="primary" htmlType="submit">{t('common.save')}</Button>
        </Form>
      </Card>
    </Space>
  );
}
