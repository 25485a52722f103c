import { Card, Col, Input, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { Facets, ItemSummary } from '../shared/types.js';
import { ItemList } from './ItemList.js';

/** 网上办事大厅 home: search, 个人/法人 tabs, browse by department, window category and life event. */
export function PortalHome() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const [who, setWho] = useState<'natural_person' | 'legal_person'>('natural_person');
  const facets = useApi<Facets>('/api/catalogue/facets');
  const hot = useApi<{ items: ItemSummary[] }>(`/api/catalogue/items?applicantType=${who}&pageSize=8`);
  const go = (params: Record<string, string>) => navigate(`/search?${new URLSearchParams(params).toString()}`);

  return (
    <Space direction="vertical" size={24} style={{ width: '100%' }}>
      <div style={{ background: 'linear-gradient(135deg,#c8102e,#8a0b20)', borderRadius: 12, padding: '40px 24px', textAlign: 'center' }}>
        <Typography.Title level={1} style={{ color: '#fff', marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: '#ffe7e9', fontSize: 16 }}>{t('portal.tagline')}</Typography.Paragraph>
        <Input.Search
          size="large"
          aria-label={t('common.search')}
          placeholder={t('portal.searchPlaceholder')}
          enterButton={t('common.search')}
          style={{ maxWidth: 680 }}
          onSearch={(q) => go({ q })}
        />
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={16}>
          <Card
            title={t('portal.hot')}
            extra={
              <Segmented
                value={who}
                onChange={(v) => setWho(v as typeof who)}
                options={[
                  { value: 'natural_person', label: t('portal.personal') },
                  { value: 'legal_person', label: t('portal.business') },
                ]}
              />
            }
          >
            <ItemList items={hot.data?.items ?? []} loading={hot.loading} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={pick('晒排名 · 成绩单', 'Public rankings')} extra={<Link to="/rankings">{pick('查看排名', 'See the rankings')}</Link>}>
              <Typography.Text type="secondary">{pick('各部门、各乡镇办件按时办结率、提速率、好评率等公开排名', 'How departments and townships rank on time, speed and satisfaction')}</Typography.Text>
            </Card>
            <Card title={t('portal.byTopic')} size="small" extra={<Link to="/bundles">{pick('一件事一次办', 'Life-event bundles')}</Link>}>
              <Space size={[8, 8]} wrap>
                {facets.data?.topics.map((f) => (
                  <Tag key={f.name} color="red" style={{ cursor: 'pointer', padding: '2px 10px' }}>
                    <Link to={`/search?topic=${encodeURIComponent(f.name)}`}>
                      {f.name} ({f.count})
                    </Link>
                  </Tag>
                ))}
              </Space>
            </Card>
            <Card title={t('portal.byDepartment')} size="small">
              <Space size={[8, 8]} wrap>
                {facets.data?.departments.map((d) => (
                  <Link key={d.orgId} to={`/search?orgId=${d.orgId}`}>
                    <Tag style={{ padding: '2px 10px' }}>
                      {pick(d.name, d.nameEn ?? d.name)} ({d.count})
                    </Tag>
                  </Link>
                ))}
              </Space>
            </Card>
            <Card title={t('portal.byCategory')} size="small">
              <Space size={[8, 8]} wrap>
                {facets.data?.categories.map((f) => (
                  <Link key={f.name} to={`/search?category=${encodeURIComponent(f.name)}`}>
                    <Tag color="blue" style={{ padding: '2px 10px' }}>
                      {f.name} ({f.count})
                    </Tag>
                  </Link>
                ))}
              </Space>
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
