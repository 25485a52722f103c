import { Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { CASE_KIND, DEPTH, LEVEL } from '../shared/labels.js';
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

/**
 * The hall's own level first: the county portal shows the county's implementation of a base item and
 * links the province, city or township ones beside it, instead of listing the same item three times.
 */
const LEVEL_PREFERENCE = ['county', 'township', 'city', 'province'];

export interface ItemGroup {
  primary: ItemSummary;
  others: ItemSummary[];
}

/** One entry per base item (基本目录), in the order the first of each appeared (search rank). */
export function groupByBaseItem(items: readonly ItemSummary[]): ItemGroup[] {
  const groups = new Map<string, ItemSummary[]>();
  for (const i of items) groups.set(i.baseCode, [...(groups.get(i.baseCode) ?? []), i]);
  return [...groups.values()].map((list) => {
    const rank = (i: ItemSummary) => {
      const r = LEVEL_PREFERENCE.indexOf(i.level);
      return r < 0 ? LEVEL_PREFERENCE.length : r;
    };
    const sorted = [...list].sort((a, b) => rank(a) - rank(b));
    return { primary: sorted[0]!, others: sorted.slice(1) };
  });
}

export function ItemList({ items, loading }: { items: ItemSummary[]; loading?: boolean }) {
  const { t, pick } = useI18n();
  return (
    <List
      loading={loading}
      dataSource={groupByBaseItem(items)}
      locale={{ emptyText: <Empty description={t('portal.noResults')} /> }}
      renderItem={({ primary: item, others }) => (
        <List.Item key={item.implId}>
          <List.Item.Meta
            title={
              <Link to={`/items/${item.implId}`} style={{ fontSize: 16 }}>
                {pick(item.name, item.nameEn ?? item.name)}
              </Link>
            }
            description={
              <Space direction="vertical" size={4}>
                <Typography.Text type="secondary">
                  {pick(item.orgName, item.orgNameEn ?? item.orgName)} · {item.category}
                </Typography.Text>
                <ItemTags item={item} />
                {others.length > 0 && (
                  <Typography.Text type="secondary">
                    {pick('其他层级实施：', 'Also implemented by: ')}
                    {others.map((o, i) => (
                      <span key={o.implId}>
                        {i > 0 && ' · '}
                        <Link to={`/items/${o.implId}`}>{`${pick(LEVEL[o.level]?.zh ?? o.level, LEVEL[o.level]?.en ?? o.level)} ${o.orgName}`}</Link>
                      </span>
                    ))}
                  </Typography.Text>
                )}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
