import { Card, List, Progress, Result, Segmented, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { RATING_LEVEL_NAMES, RATING_LEVELS } from '../../core/ratings/levels.js';
import { formatFigure } from '../scorecards/figures.js';
import { PeriodPicker } from '../scorecards/PeriodPicker.js';
import { periodFromParams, periodParams, previousPeriod, type PeriodChoice } from '../../core/scorecards/periods.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface LevelCount {
  level: number;
  zh: string;
  en: string;
  count: number;
}
interface Named {
  id: string;
  name: string;
  nameEn: string | null;
}
interface Summary {
  total: number;
  goodRate: number | null;
  counts: LevelCount[];
}
export interface PublicRatings extends Summary {
  period: { from: string; to: string } | null;
  unit: Named & { kind: 'department' | 'item'; department?: Named };
  items: (Named & Summary)[];
  /** A hall's 一件事 by name (ADR 0043). */
  bundles?: (Named & Summary)[];
  recent: { level: number; levelZh: string; levelEn: string; tags: string[]; comment: string | null; ratedOn: string; rater: string; item: string | null; removed: boolean }[];
}

const LEVEL_COLOURS: Record<number, string> = { 5: 'green', 4: 'cyan', 3: 'blue', 2: 'orange', 1: 'red' };

/** The five levels as bars, 差评 in red. */
function LevelBars({ s }: { s: Summary }) {
  const { pick } = useI18n();
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      {s.counts.map((c) => (
        <Space key={c.level} style={{ width: '100%' }}>
          <span style={{ display: 'inline-block', width: 96 }}>{pick(c.zh, c.en)}</span>
          {/* status normal: a full bar is not a "success" (green) when it is all 差评. */}
          <Progress style={{ width: 240, margin: 0 }} status="normal" percent={s.total ? Math.round((c.count / s.total) * 100) : 0} format={() => String(c.count)} strokeColor={c.level <= 2 ? '#c8102e' : undefined} />
        </Space>
      ))}
    </Space>
  );
}

function RecentComments({ recent }: { recent: PublicRatings['recent'] }) {
  const { pick } = useI18n();
  return (
    <List
      header={<Typography.Text strong>{pick('最近评价', 'Recent comments')}</Typography.Text>}
      dataSource={recent}
      locale={{ emptyText: pick('暂无评价内容', 'No comments yet') }}
      renderItem={(r) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Tag color={LEVEL_COLOURS[r.level]}>{pick(r.levelZh, r.levelEn)}</Tag>
                <span>{r.rater}</span>
                <Typography.Text type="secondary">{r.ratedOn}</Typography.Text>
                {r.removed && <Tag>{pick('申诉成立，不计入统计', 'Appeal upheld: not counted')}</Tag>}
              </Space>
            }
            description={
              <>
                {r.item && <div>{r.item}</div>}
                <div>{[...r.tags, r.comment].filter(Boolean).join('；')}</div>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** 评价公开 in brief (the ranking's drawer): counts per level, good rate, recent comments, and the link to the full page. */
export function PublicRatingsView({ query }: { query: string }) {
  const { pick } = useI18n();
  const { data } = useApi<PublicRatings>(`/api/public/ratings?${query}`);
  if (!data) return <Card loading bordered={false} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {pick('评价总数', 'Ratings')} {data.total} · {pick('好评率', 'Good rate')} {formatFigure('goodRate', data.goodRate)}
      </Typography.Text>
      <LevelBars s={data} />
      <Link to={`/ratings?${query}`}>{pick('查看评价公开页（分事项统计）', 'Open the ratings page (per item)')}</Link>
      <RecentComments recent={data.recent} />
    </Space>
  );
}

/** 评价公开 page: `/ratings?orgId=…` (a department and its items) or `/ratings?implId=…` (an item). Public. */
export function PublicRatingsPage() {
  const { pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('orgId');
  const implId = params.get('implId');
  // All time unless the address names a period (ADR 0042): ?period=month&from=…&to=… or ?from=…&to=….
  const period = periodFromParams((k) => params.get(k));
  const unitQuery = implId ? `implId=${encodeURIComponent(implId)}` : orgId ? `orgId=${encodeURIComponent(orgId)}` : null;
  const query = unitQuery && period ? `${unitQuery}&from=${period.from}&to=${period.to}` : unitQuery;
  const { data, error } = useApi<PublicRatings>(query ? `/api/public/ratings?${query}` : null);
  const setPeriod = (p: PeriodChoice | null) => {
    const next: Record<string, string> = implId ? { implId } : orgId ? { orgId } : {};
    setParams(p ? { ...next, ...periodParams(p) } : next, { replace: true });
  };
  if (!query || error) return <Result status="404" title={error ? pick(error.body.message, error.body.messageEn) : pick('请从办事指南或晒排名进入', 'Open this page from a service guide or the rankings')} extra={<Link to="/rankings">{pick('晒排名', 'Rankings')}</Link>} />;
  if (!data) return <Skeleton active />;
  const name = (n: Named) => pick(n.name, n.nameEn ?? n.name);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {pick('评价公开', 'Ratings')} · {name(data.unit)}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {data.unit.department && (
            <>
              <Link to={`/ratings?orgId=${data.unit.department.id}`}>{name(data.unit.department)}</Link>
              {' · '}
              <Link to={`/items/${data.unit.id}`}>{pick('办事指南', 'Service guide')}</Link>
              {' · '}
            </>
          )}
          {pick('好差评结果按国办发〔2019〕51号公开：每项服务的评价等级统计与最近的评价内容，评价人姓名已隐去；申诉成立的评价不计入统计。', 'Ratings are published as the national rules require: counts per level and recent comments, raters’ names masked; ratings removed on appeal are not counted.')}
        </Typography.Paragraph>
        <Space wrap size={16} style={{ marginBottom: 16 }}>
          <Segmented
            aria-label={pick('评价期间', 'Ratings period')}
            value={period ? 'period' : 'all'}
            onChange={(v) => setPeriod(v === 'all' ? null : { kind: 'month', ...previousPeriod('month', isoDateInChina(new Date())) })}
            options={[
              { value: 'all', label: pick('全部时间', 'All time') },
              { value: 'period', label: pick('按期间', 'By period') },
            ]}
          />
          {period && <PeriodPicker value={period} onChange={setPeriod} />}
        </Space>
        <Space wrap size={48} align="start">
          <Statistic title={pick('评价总数', 'Ratings')} value={data.total} />
          <Statistic title={pick('好评率', 'Good rate')} value={formatFigure('goodRate', data.goodRate)} />
          <LevelBars s={data} />
        </Space>
      </Card>
      {data.unit.kind === 'department' && (
        <Card size="small" title={pick('分事项评价', 'Per item')}>
          <Table<PublicRatings['items'][number]>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={data.items}
            scroll={{ x: 760 }}
            locale={{ emptyText: pick('暂无评价', 'No ratings yet') }}
            columns={[
              { title: pick('事项', 'Item'), render: (_v: unknown, r: Named) => <Link to={`/ratings?implId=${r.id}${period ? `&${new URLSearchParams(periodParams(period)).toString()}` : ''}`}>{name(r)}</Link> },
              { title: pick('评价数', 'Ratings'), dataIndex: 'total', width: 90 },
              { title: pick('好评率', 'Good rate'), width: 100, render: (_v: unknown, r: Summary) => formatFigure('goodRate', r.goodRate) },
              ...RATING_LEVELS.map((level) => ({
                title: pick(RATING_LEVEL_NAMES[level].zh, RATING_LEVEL_NAMES[level].en),
                key: String(level),
                width: 96,
                render: (_v: unknown, r: Summary) => r.counts.find((c) => c.level === level)?.count ?? 0,
              })),
            ]}
          />
        </Card>
      )}
      {!!data.bundles?.length && (
        <Card size="small" title={pick('一件事评价', 'Life-event bundles')}>
          <Table<Named & Summary>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.bundles}
            columns={[
              { title: pick('一件事', 'Bundle'), render: (_v: unknown, r: Named) => name(r) },
              { title: pick('评价数', 'Ratings'), dataIndex: 'total', width: 90 },
              { title: pick('好评率', 'Good rate'), width: 100, render: (_v: unknown, r: Summary) => formatFigure('goodRate', r.goodRate) },
            ]}
          />
        </Card>
      )}
      <Card size="small">
        <RecentComments recent={data.recent} />
      </Card>
    </Space>
  );
}
