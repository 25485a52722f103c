import { Card, Col, Drawer, Empty, Row, Select, Space, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isPublicFigure, PUBLIC_FIGURES, type PublicFigure } from '../../core/scorecards/index.js';
import { periodFromParams, periodParams, previousPeriod } from '../../core/scorecards/periods.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { EChart } from '../scorecards/EChart.js';
import { FIGURE_LABELS, formatFigure } from '../scorecards/figures.js';
import { PeriodPicker, type PeriodChoice } from '../scorecards/PeriodPicker.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { PublicRatingsView } from '../ratings/PublicRatings.js';

type RankRow = { id: string; name: string; nameEn: string | null; rank: number | null } & Record<PublicFigure, number | null>;
interface Rankings {
  from: string;
  to: string;
  by: PublicFigure;
  departments: RankRow[];
  townships: RankRow[];
}

/** 晒排名: departments and townships ranked by a public figure, with a chart and the table of every public figure. */
export function RankingsPage() {
  const { pick } = useI18n();
  // The period, figure and tab live in the address: a link to "December's ranking" opens December (ADR 0042).
  const [params, setParams] = useSearchParams();
  const period: PeriodChoice = periodFromParams((k) => params.get(k)) ?? { kind: 'month', ...previousPeriod('month', isoDateInChina(new Date())) };
  const byParam = params.get('by') ?? '';
  const by: PublicFigure = isPublicFigure(byParam) ? byParam : 'onTimeRate';
  const tab: 'departments' | 'townships' = params.get('tab') === 'townships' ? 'townships' : 'departments';
  const write = (next: { period?: PeriodChoice; by?: PublicFigure; tab?: typeof tab }) => setParams({ ...periodParams(next.period ?? period), by: next.by ?? by, tab: next.tab ?? tab }, { replace: true });
  const setPeriod = (p: PeriodChoice) => write({ period: p });
  const setBy = (k: PublicFigure) => write({ by: k });
  const setTab = (t: typeof tab) => write({ tab: t });
  const [ratingsOf, setRatingsOf] = useState<RankRow>();
  const { data, loading, error } = useApi<Rankings>(`/api/public/rankings?from=${period.from}&to=${period.to}&by=${by}`);
  const rows = data?.[tab] ?? [];
  const label = (r: RankRow) => pick(r.name, r.nameEn ?? r.name);
  const share = FIGURE_LABELS[by].kind === 'share' || FIGURE_LABELS[by].kind === 'signed';
  const option = useMemo(() => {
    const shown = rows.filter((r) => r[by] !== null).slice(0, 15).reverse();
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: FIGURE_LABELS[by].kind === 'count' ? 1 : undefined, axisLabel: { formatter: share ? (v: number) => `${Math.round(v * 100)}%` : undefined } },
      yAxis: { type: 'category', data: shown.map((r) => pick(r.name, r.nameEn ?? r.name)) },
      series: [{ type: 'bar', data: shown.map((r) => r[by]), itemStyle: { color: '#c8102e' }, label: { show: true, position: 'right', formatter: (p: { value: number }) => formatFigure(by, p.value) } }],
    };
  }, [rows, by, share, pick]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {pick('晒排名 · 政务服务成绩单', 'Public rankings of service')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {pick('按统计期间对各部门、各乡镇（街道）的政务服务公开指标排名；指标口径见成绩单说明，空白表示该期间无可计算的基数。', 'Departments and townships ranked by the public service figures of a period; a dash means there was nothing to compute the figure from.')}
        </Typography.Paragraph>
        <Space wrap size={16}>
          <PeriodPicker value={period} onChange={setPeriod} />
          <Select<PublicFigure>
            aria-label={pick('排名指标', 'Rank by')}
            style={{ width: 200 }}
            virtual={false}
            listHeight={400}
            value={by}
            onChange={setBy}
            options={PUBLIC_FIGURES.map((k) => ({ value: k, label: pick(FIGURE_LABELS[k].zh, FIGURE_LABELS[k].en) }))}
          />
        </Space>
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          { key: 'departments', label: pick('部门排名', 'Departments') },
          { key: 'townships', label: pick('乡镇（街道）排名', 'Townships') },
        ]}
      />
      {error && <Typography.Text type="danger">{pick(error.body.message, error.body.messageEn)}</Typography.Text>}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={`${pick(FIGURE_LABELS[by].zh, FIGURE_LABELS[by].en)} · ${period.from} — ${period.to}`} size="small">
            {rows.some((r) => r[by] !== null) ? <EChart option={option} height={Math.max(200, rows.length * 36)} label={pick('排名图', 'Ranking chart')} /> : <Empty description={pick('该期间暂无数据', 'No figures for this period')} />}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Table<RankRow>
              rowKey="id"
              size="small"
              loading={loading}
              pagination={false}
              scroll={{ x: 900 }}
              dataSource={rows}
              locale={{ emptyText: pick('该期间暂无数据', 'No figures for this period') }}
              columns={[
                { title: pick('名次', 'Rank'), dataIndex: 'rank', width: 64, fixed: 'left', render: (v: number | null) => v ?? '—' },
                {
                  title: tab === 'departments' ? pick('部门', 'Department') : pick('乡镇（街道）', 'Township'),
                  fixed: 'left',
                  width: 180,
                  render: (_v: unknown, r: RankRow) => (tab === 'departments' ? <Typography.Link onClick={() => setRatingsOf(r)}>{label(r)}</Typography.Link> : label(r)),
                },
                ...PUBLIC_FIGURES.map((k) => ({
                  title: pick(FIGURE_LABELS[k].zh, FIGURE_LABELS[k].en),
                  key: k,
                  width: 110,
                  render: (_v: unknown, r: RankRow) => (k === by ? <strong>{formatFigure(k, r[k])}</strong> : formatFigure(k, r[k])),
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Drawer open={!!ratingsOf} width={520} title={ratingsOf ? `${pick('评价公开', 'Ratings')} · ${label(ratingsOf)}` : ''} onClose={() => setRatingsOf(undefined)} destroyOnHidden>
        {ratingsOf && <PublicRatingsView query={`orgId=${ratingsOf.id}&from=${period.from}&to=${period.to}`} />}
      </Drawer>
    </Space>
  );
}
