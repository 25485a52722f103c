import { Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { BundleFiguresView } from './BundleFiguresView.js';
import type { BundleSummary } from './types.js';

/** 一件事一次办: the published bundles of the county with their figures. */
export function BundleList() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ bundles: BundleSummary[] }>('/api/public/bundles');
  if (loading && !data) return <Skeleton active />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {pick('一件事一次办', 'One life event, one application')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{pick('一次告知、一表申请、一窗受理、并联审批、统一出件', 'One list, one form, one window, parallel approval, one delivery')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {data?.bundles.map((b) => (
          <Col xs={24} key={b.bundleId}>
            <Card title={<Link to={`/bundles/${b.bundleId}`}>{b.name}</Link>} extra={<Tag color="red">{b.topic}</Tag>}>
              <Space direction="vertical" size={12} style={{ width: '100%' }}>
                <Typography.Text>{b.description}</Typography.Text>
                <Space size={[4, 4]} wrap>
                  {b.departments.map((d) => (
                    <Tag key={d}>{d}</Tag>
                  ))}
                  <Tag color="blue">{pick(`${b.memberCount}个事项`, `${b.memberCount} items`)}</Tag>
                  <Tag color="gold">{pick(`办理时限${b.limitDays}个工作日`, `${b.limitDays} working days`)}</Tag>
                </Space>
                <BundleFiguresView f={b} />
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
