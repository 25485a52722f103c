import { Button, Card, Col, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { rankBy, SCORECARD_KEYS, type ScorecardKey } from '../../core/scorecards/index.js';
import { periodFromParams, periodParams, previousPeriod } from '../../core/scorecards/periods.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import { EChart } from './EChart.js';
import { FIGURE_LABELS, formatFigure } from './figures.js';
import { PeriodPicker, type PeriodChoice } from './PeriodPicker.js';

type Level = 'region' | 'department' | 'window' | 'staff';
type Row = { id: string; name: string } & Record<ScorecardKey, number | null>;

/** 工作成绩单: any period and level, a chart and a ranking by any figure, Excel export and the monthly 通报 PDF. */
export function ScorecardsPage() {
  const { pick } = useI18n();
  const { session } = useSession();
  const overseer = !!session?.roles.some((r) => r.role === 'supervisor' || r.role === 'system_admin');
  // The period, level and ranking figure live in the address, so a link opens the same scorecard (ADR 0042).
  const [params, setParams] = useSearchParams();
  const period: PeriodChoice = periodFromParams((k) => params.get(k)) ?? { kind: 'month', ...previousPeriod('month', isoDateInChina(new Date())) };
  const levelParam = params.get('level');
  const level: Level = levelParam === 'region' || levelParam === 'department' || levelParam === 'window' || levelParam === 'staff' ? levelParam : 'department';
  const byParam = params.get('by');
  const by: ScorecardKey = (SCORECARD_KEYS as readonly string[]).includes(byParam ?? '') ? (byParam as ScorecardKey) : 'onTimeRate';
  const write = (next: { period?: PeriodChoice; level?: Level; by?: ScorecardKey }) => setParams({ ...periodParams(next.period ?? period), level: next.level ?? level, by: next.by ?? by }, { replace: true });
  const setPeriod = (p: PeriodChoice) => write({ period: p });
  const setLevel = (l: Level) => write({ level: l });
  const setBy = (k: ScorecardKey) => write({ by: k });
  const query = `from=${period.from}&to=${period.to}&level=${level}`;
  const { data, loading, error } = useApi<{ rows: Row[] }>(`/api/scorecards?${query}`);
  const ranked = useMemo(() => rankBy(data?.rows ?? [], by), [data, by]);
  const kind = FIGURE_LABELS[by].kind;
  const option = useMemo(() => {
    const shown = ranked.filter((r) => r[by] !== null).slice(0, 20);
    return {
      // Room above the tallest bar for its label, below the legend.
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { data: [pick(FIGURE_LABELS[by].zh, FIGURE_LABELS[by].en)] },
      xAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { interval: 0, rotate: shown.length > 6 ? 30 : 0 } },
      // Counts are whole numbers: no 0.2 ticks.
      yAxis: { type: 'value', minInterval: kind === 'count' ? 1 : undefined, axisLabel: { formatter: kind === 'share' || kind === 'signed' ? (v: number) => `${Math.round(v * 100)}%` : undefined } },
      series: [{ name: pick(FIGURE_LABELS[by].zh, FIGURE_LABELS[by].en), type: 'bar', data: shown.map((r) => r[by]), itemStyle: { color: '#c8102e' }, label: { show: true, position: 'top', formatter: (p: { value: number }) => formatFigure(by, p.value) } }],
    };
  }, [ranked, by, kind, pick]);
  const levels: { value: Level; label: string }[] = [
    ...(overseer ? [{ value: 'region' as const, label: pick('区域', 'Region') }] : []),
    { value: 'department', label: pick('部门', 'Department') },
    { value: 'window', label: pick('窗口', 'Window') },
    { value: 'staff', label: pick('人员', 'Staff') },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {pick('工作成绩单', 'Scorecards')}
        </Typography.Title>
        <Space wrap size={16}>
          <PeriodPicker value={period} onChange={setPeriod} />
          <Segmented aria-label={pick('统计层级', 'Level')} value={level} onChange={(v) => setLevel(v as Level)} options={levels} />
          <Select<ScorecardKey> aria-label={pick('排名指标', 'Rank by')} style={{ width: 200 }} virtual={false} listHeight={400} value={by} onChange={setBy} options={SCORECARD_KEYS.map((k) => ({ value: k, label: pick(FIGURE_LABELS[k].zh, FIGURE_LABELS[k].en) }))} />
          <Button href={`/api/scorecards.xlsx?${query}`}>{pick('导出 Excel', 'Export to Excel')}</Button>
          <Button href={`/api/scorecards/bulletin.pdf?month=${period.from.slice(0, 7)}`} target="_blank">{pick('月度通报（PDF）', 'Monthly bulletin (PDF)')}</Button>
          <Button href={`/api/supervision/cases.csv?from=${period.from}&to=${period.to}`}>{pick('办件明细 CSV', 'Cases CSV')}</Button>
        </Space>
        {error && <Typography.Paragraph type="danger">{pick(error.body.message, error.body.messageEn)}</Typography.Paragraph>}
      </Card>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card size="small" title={`${pick(FIGURE_LABELS[by].zh, FIGURE_LABELS[by].en)} · ${period.from} — ${period.to}`}>
            <EChart option={option} height={300} label={pick('成绩单图表', 'Scorecard chart')} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small">
            <Table<(typeof ranked)[number]>
              rowKey="id"
              size="small"
              loading={loading}
              pagination={false}
              scroll={{ x: 1800 }}
              dataSource={ranked}
              locale={{ emptyText: pick('该期间暂无数据', 'No figures for this period') }}
              columns={[
                { title: pick('名次', 'Rank'), dataIndex: 'rank', width: 60, fixed: 'left', render: (v: number | null) => v ?? '—' },
                { title: pick('单位', 'Unit'), dataIndex: 'name', width: 200, fixed: 'left' },
                ...SCORECARD_KEYS.map((k) => ({
                  title: pick(FIGURE_LABELS[k].zh, FIGURE_LABELS[k].en),
                  key: k,
                  width: 100,
                  render: (_v: unknown, r: Row) => (k === by ? <strong>{formatFigure(k, r[k])}</strong> : formatFigure(k, r[k])),
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
