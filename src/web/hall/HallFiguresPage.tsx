import { Card, Empty, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { HallFigures } from '../../core/hall/figures.js';

/** One row of the figures route: the core's figures plus the unit's display name. */
type Figures = HallFigures & { label?: string };
interface Report {
  hallName: string;
  total: Figures;
  rows: Figures[];
  daily: { day: string; tickets: number; served: number; waitMinutesAvg: number | null }[];
}
type By = 'category' | 'window' | 'clerk';

const isoDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const dash = (v: number | null, unit = '') => (v === null ? '—' : `${v}${unit}`);

/** Tickets (bars) and the average wait (line) per day: a plain SVG, no chart library needed for two series. */
function DailyChart({ daily }: { daily: Report['daily'] }) {
  const { pick } = useI18n();
  if (daily.length === 0) return <Empty description={pick('该期间没有取号', 'No tickets in this period')} />;
  const w = 720;
  const h = 220;
  const pad = { l: 36, r: 36, t: 16, b: 28 };
  const maxT = Math.max(1, ...daily.map((d) => d.tickets));
  const maxW = Math.max(1, ...daily.map((d) => d.waitMinutesAvg ?? 0));
  const step = (w - pad.l - pad.r) / daily.length;
  // A few days (or one) should not turn into slabs.
  const bar = Math.min(step * 0.6, 40);
  const y = (v: number, max: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const line = daily.map((d, i) => (d.waitMinutesAvg === null ? null : `${pad.l + step * (i + 0.5)},${y(d.waitMinutesAvg, maxW)}`)).filter(Boolean);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={pick('每日取号与平均等候', 'Tickets and average wait per day')}>
      <line x1={pad.l} x2={w - pad.r} y1={h - pad.b} y2={h - pad.b} stroke="#bfbfbf" />
      <text x={4} y={pad.t + 4} fontSize={11} fill="#595959">{maxT}</text>
      <text x={w - pad.r + 4} y={pad.t + 4} fontSize={11} fill="#c8102e">{maxW}′</text>
      {daily.map((d, i) => (
        <g key={d.day}>
          <rect x={pad.l + step * (i + 0.5) - bar / 2} width={bar} y={y(d.tickets, maxT)} height={h - pad.b - y(d.tickets, maxT)} fill="#0a4fb5" opacity={0.75}>
            <title>{`${d.day}: ${d.tickets}`}</title>
          </rect>
          {(daily.length <= 14 || i % Math.ceil(daily.length / 14) === 0) && (
            <text x={pad.l + step * (i + 0.5)} y={h - 10} fontSize={11} textAnchor="middle" fill="#595959">
              {d.day.slice(5)}
            </text>
          )}
        </g>
      ))}
      {line.length > 1 && <polyline points={line.join(' ')} fill="none" stroke="#c8102e" strokeWidth={2} />}
      {line.map((p) => (
        <circle key={p} cx={Number(p?.split(',')[0])} cy={Number(p?.split(',')[1])} r={3} fill="#c8102e" />
      ))}
    </svg>
  );
}

/** 大厅运行指标: the hall administrator's figures per category, window or clerk over a period, with a daily chart. */
export function HallFiguresPage() {
  const { pick } = useI18n();
  const halls = useApi<{ halls: { id: string; name: string; nameEn: string | null }[] }>('/api/public/halls');
  const [hallId, setHallId] = useState<string>();
  const [days, setDays] = useState(7);
  const [by, setBy] = useState<By>('category');
  const hall = hallId ?? halls.data?.halls[0]?.id;
  const today = new Date();
  const from = isoDay(new Date(today.getTime() - (days - 1) * 86_400_000));
  const report = useApi<Report>(hall ? `/api/hall/admin/halls/${hall}/figures?from=${from}&to=${isoDay(today)}&by=${by}` : null);
  const t = report.data?.total;
  const head = pick({ category: '业务类别', window: '窗口', clerk: '工作人员' }[by], { category: 'Category', window: 'Window', clerk: 'Clerk' }[by]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={pick('大厅运行指标', 'Hall figures')}
        extra={
          <Space wrap>
            <Select style={{ minWidth: 200 }} aria-label={pick('大厅', 'Hall')} value={hall} onChange={setHallId} options={(halls.data?.halls ?? []).map((h) => ({ value: h.id, label: pick(h.name, h.nameEn ?? h.name) }))} />
            <Segmented<number> value={days} onChange={setDays} options={[{ value: 1, label: pick('今日', 'Today') }, { value: 7, label: pick('近7天', '7 days') }, { value: 30, label: pick('近30天', '30 days') }]} />
          </Space>
        }
        loading={report.loading && !report.data}
      >
        {report.error ? (
          <Typography.Text type="danger">{pick(report.error.body.message, report.error.body.messageEn)}</Typography.Text>
        ) : (
          t && (
            <Space wrap size={32}>
              <Statistic title={pick('取号', 'Tickets')} value={t.tickets} />
              <Statistic title={pick('平均等候', 'Average wait')} value={dash(t.waitMinutesAvg)} suffix={pick('分钟', 'min')} />
              <Statistic title={pick('等候 P90', 'Wait p90')} value={dash(t.waitMinutesP90)} suffix={pick('分钟', 'min')} />
              <Statistic title={pick('平均办理', 'Average service')} value={dash(t.serviceMinutesAvg)} suffix={pick('分钟', 'min')} />
              <Statistic title={pick('过号率', 'No-show rate')} value={t.noShowRate === null ? '—' : `${(t.noShowRate * 100).toFixed(1)}%`} />
              <Statistic title={pick('预约签到', 'Bookings used')} value={t.bookingsUsed} />
              <Statistic title={pick('每小时办理', 'Served per hour')} value={dash(t.servedPerHour)} />
            </Space>
          )
        )}
      </Card>
      <Card title={pick('每日取号（柱）与平均等候分钟（线）', 'Tickets per day (bars) and average wait in minutes (line)')}>{report.data && <DailyChart daily={report.data.daily} />}</Card>
      <Card title={pick('分组明细', 'Breakdown')} extra={<Segmented<By> value={by} onChange={setBy} options={[{ value: 'category', label: pick('按类别', 'By category') }, { value: 'window', label: pick('按窗口', 'By window') }, { value: 'clerk', label: pick('按人员', 'By clerk') }]} />}>
        <Table<Figures>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={report.data?.rows ?? []}
          columns={[
            { title: head, render: (_, r) => r.label || r.key },
            { title: pick('取号', 'Tickets'), dataIndex: 'tickets' },
            { title: pick('已办', 'Served'), dataIndex: 'served' },
            { title: pick('平均等候(分)', 'Avg wait (min)'), render: (_, r) => dash(r.waitMinutesAvg) },
            { title: pick('等候P90(分)', 'Wait p90 (min)'), render: (_, r) => dash(r.waitMinutesP90) },
            { title: pick('平均办理(分)', 'Avg service (min)'), render: (_, r) => dash(r.serviceMinutesAvg) },
            { title: pick('过号率', 'No-shows'), render: (_, r) => (r.noShowRate === null ? '—' : `${(r.noShowRate * 100).toFixed(1)}%`) },
            { title: pick('预约签到', 'Bookings'), dataIndex: 'bookingsUsed' },
            { title: pick('每小时办理', 'Per hour'), render: (_, r) => dash(r.servedPerHour) },
          ]}
        />
      </Card>
    </Space>
  );
}
