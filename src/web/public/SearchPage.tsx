import { Card, Input, Space, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { ItemSummary } from '../shared/types.js';
import { ItemList } from './ItemList.js';

export function SearchPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const query = new URLSearchParams(params);
  query.set('pageSize', '100');
  const res = useApi<{ total: number; items: ItemSummary[] }>(`/api/catalogue/items?${query.toString()}`);
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
        <Typography.Text type="secondary">{t('portal.results', { n: res.data?.total ?? 0 })}</Typography.Text>
        <ItemList items={res.data?.items ?? []} loading={res.loading} />
      </Card>
    </Space>
  );
}
