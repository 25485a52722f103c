import { Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { CASE_KIND, DEPTH } from '../shared/labels.js';
import type { ItemSummary } from '../shared/types.js';

export function ItemTags({ item }: { item: ItemSummary }) {
  const { t, pick } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      <Tag color={item.caseKind === 'on_the_spot' ? 'green' : 'blue'}>{pick(CASE_KIND[item.caseKind].zh, CASE_KIND[item.caseKind].en)}</Tag>
      <Tag>
        {t('item.promised')} {item.caseKind === 'on_the_spot' ? t('guide.stepNow') : t('common.workingDays', { n: item.promisedLimitDays })}
      </Tag>
      <Tag color={item.onlineDepth === 4 ? 'gold' : undefined}>{pick(DEPTH[item.onlineDepth].zh, DEPTH[item.onlineDepth].en)}</Tag>
      <Tag color={item.trips === 0 ? 'green' : undefined}>{item.trips === 0 ? t('item.zeroTrips') : t('item.tripsN', { n: item.trips })}</Tag>
    </Space>
  );
}

export function ItemList({ items, loading }: { items: ItemSummary[]; loading?: boolean }) {
  const { t } = useI18n();
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Empty description={t('portal.noResults')} /> }}
      renderItem={(item) => (
        <List.Item key={item.implId}>
          <List.Item.Meta
            title={
              <Link to={`/items/${item.implId}`} style={{ fontSize: 16 }}>
                {item.name}
              </Link>
            }
            description={
              <Space direction="vertical" size={4}>
                <Typography.Text type="secondary">
                  {item.orgName} · {item.category}
                </Typography.Text>
                <ItemTags item={item} />
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
