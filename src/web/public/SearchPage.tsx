import { Card, Input, Space, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { ItemSummary } from '../shared/types.js';
import { ItemList, groupByBaseItem } from './ItemList.js';

export function SearchPage() {
  const { t, pick } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const query = new URLSearchParams(params);
  query.set('pageSize', '100');
  const res = useApi<{ total: number; items: ItemSummary[] }>(`/api/catalogue/items?${query.toString()}`);
  // Topic, category and department pages have a heading naming what is listed (the department's name comes with its items).
  const q = params.get('q');
  const heading = params.get('topic') ?? params.get('category') ?? (params.get('orgId') ? (pick(res.data?.items[0]?.orgName ?? '', res.data?.items[0]?.orgNameEn ?? res.data?.items[0]?.orgName ?? '')) : q ? pick(`“${q}”的检索结果`, `Results for “${q}”`) : pick('全部事项', 'All services'));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Input.Search
        size="large"
        aria-label={t('common.search')}
        defaultValue={params.get('q') ?? ''}
        placeholder={t('portal.searchPlaceholder')}
        enterButton={t('common.search')}
        onSearch={(q) => navigate(`/search?${new URLSearchParams({ q }).toString()}`)}
      />
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {heading}
        </Typography.Title>
        <Typography.Text type="secondary">{t('portal.results', { n: groupByBaseItem(res.data?.items ?? []).length })}</Typography.Text>
        <ItemList items={res.data?.items ?? []} loading={res.loading} />
      </Card>
    </Space>
  );
}
