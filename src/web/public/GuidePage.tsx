import { Alert, Button, Card, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { FlowChart } from '../shared/FlowChart.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { Guide } from '../shared/types.js';
import { ItemTags } from './ItemList.js';
import { BasicInfo, BasisSection, FeesSection, MaterialsSection, SpecialSection } from './GuideSections.js';

/** 办事指南: the public guide of a published item. */
export function GuidePage() {
  const { implId } = useParams();
  const { t, pick } = useI18n();
  const { data: g, loading, error } = useApi<Guide>(`/api/catalogue/items/${implId ?? ''}`);
  if (loading && !g) return <Skeleton active />;
  if (error || !g) return <Result status="404" title={error ? pick(error.body.message, error.body.messageEn) : ''} extra={<Link to="/">{t('common.back')}</Link>} />;
  const c = g.content;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {pick(g.name, g.nameEn ?? g.name)}
          </Typography.Title>
          <Typography.Text type="secondary">
            {pick(g.orgName, g.orgNameEn ?? g.orgName)} · {t('item.version')} v{g.versionNo}
          </Typography.Text>
          <ItemTags item={g} />
          <Space wrap>
            <Link to={`/apply/${g.implId}`}>
              <Button type="primary" size="large">
                {t('item.apply')}
              </Button>
            </Link>
            <Link to={`/hall/book?implId=${g.implId}`}>
              <Button size="large">{pick('预约办理', 'Book a visit')}</Button>
            </Link>
            <Link to={`/ratings?implId=${g.implId}`}>
              <Button size="large">{pick('评价公开', 'Ratings')}</Button>
            </Link>
            <Link to={`/items/${g.implId}/print`} target="_blank">
              <Button size="large">{t('common.print')}</Button>
            </Link>
          </Space>
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'basic', label: t('guide.basic'), children: <BasicInfo c={c} orgName={pick(g.orgName, g.orgNameEn ?? g.orgName)} /> },
            { key: 'materials', label: t('guide.materials'), children: <MaterialsSection c={c} /> },
            {
              key: 'flow',
              label: t('guide.flow'),
              children: (
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <FlowChart steps={c.flow} />
                  <Typography.Title level={5}>{t('guide.special')}</Typography.Title>
                  <SpecialSection c={c} />
                </Space>
              ),
            },
            { key: 'fees', label: t('guide.fees'), children: <FeesSection c={c} /> },
            { key: 'basis', label: t('guide.basis'), children: <BasisSection c={c} /> },
          ]}
        />
      </Card>
      {c.caseKind === 'on_the_spot' && <Alert type="success" showIcon message={pick('本事项为即办件，材料齐全的当场办结。', 'This item is decided on the spot when the materials are complete.')} />}
    </Space>
  );
}
