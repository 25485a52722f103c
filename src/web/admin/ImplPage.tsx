import { App, Button, Card, Col, Empty, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { LEVEL, STATUS } from '../shared/labels.js';
import { useApi } from '../shared/use-api.js';
import type { ContentChange, ImplDetail } from '../shared/types.js';
import { DiffView } from './DiffView.js';
import { CATALOGUE_ACTIONS } from './catalogue-actions.js';

const fmt = formatDateTime;


function actionWords(action: string, pick: (zh: string, en: string) => string): string {
  const a = CATALOGUE_ACTIONS[action];
  return a ? pick(a.zh, a.en) : action;
}

/** One implementation: version history, change log, new version, compare versions. */
export function ImplPage() {
  const { implId } = useParams();
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, reload } = useApi<ImplDetail>(`/api/admin/catalogue/impls/${implId ?? ''}`);
  const [diff, setDiff] = useState<{ versionNo: number; changes: ContentChange[]; from: number | null } | null>(null);
  if (!data) return <Card loading />;
  const open = data.versions.find((v) => v.status === 'draft' || v.status === 'in_review');
  const newVersion = () =>
    post<{ versionId: string }>(`/api/admin/catalogue/impls/${data.implId}/drafts`)
      .then((r) => navigate(`/admin/versions/${r.versionId}`))
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  const compare = async (id: string, versionNo: number) => {
    const r = await fetch(`/api/admin/catalogue/versions/${id}/diff`).then((x) => x.json() as Promise<{ from: number | null; changes: ContentChange[] }>);
    setDiff({ versionNo, changes: r.changes, from: r.from });
    reload();
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{data.name || data.implCode}</span>
            <Typography.Text type="secondary">{data.orgName}</Typography.Text>
            <Tag>{pick(LEVEL[data.level]?.zh ?? data.level, LEVEL[data.level]?.en ?? data.level)}</Tag>
          </Space>
        }
        extra={
          data.abilities['catalogue.edit'] &&
          (open ? (
            <Link to={`/admin/versions/${open.id}`}>
              <Button type="primary">
                {t('admin.edit')} v{open.versionNo}
              </Button>
            </Link>
          ) : (
            <Button type="primary" onClick={() => void newVersion()}>
              {t('admin.newVersion')}
            </Button>
          ))
        }
      >
        <Typography.Paragraph>
          {t('item.implCode')}：<Typography.Text code>{data.implCode}</Typography.Text> {t('item.baseCode')}：<Typography.Text code>{data.baseCode}</Typography.Text>
          {data.publishedVersionId && (
            <>
              {' '}
              <Link to={`/items/${data.implId}`}>{pick('查看办事指南', 'View public guide')}</Link>
            </>
          )}
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('admin.history')}</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.versions}
          columns={[
            { title: t('item.version'), width: 80, render: (_v, r: ImplDetail['versions'][number]) => `v${r.versionNo}` },
            { title: t('admin.status'), width: 100, render: (_v, r: ImplDetail['versions'][number]) => <Tag color={STATUS[r.status].color}>{pick(STATUS[r.status].zh, STATUS[r.status].en)}</Tag> },
            { title: pick('创建', 'Created'), render: (_v, r: ImplDetail['versions'][number]) => `${fmt(r.createdAt)} ${r.createdBy ?? ''}` },
            { title: pick('发布', 'Published'), render: (_v, r: ImplDetail['versions'][number]) => fmt(r.publishedAt) },
            { title: pick('停用', 'Retired'), render: (_v, r: ImplDetail['versions'][number]) => fmt(r.retiredAt) },
            {
              title: '',
              width: 220,
              render: (_v, r: ImplDetail['versions'][number]) => (
                <Space>
                  <Link to={`/admin/versions/${r.id}`}>{t('admin.open')}</Link>
                  {r.versionNo > 1 && (
                    <Button size="small" onClick={() => void compare(r.id, r.versionNo)}>
                      {t('admin.compareWith')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={diff ? `${t('admin.diff')}：v${diff.from ?? '-'} → v${diff.versionNo}` : t('admin.diff')}>
            {diff ? <DiffView changes={diff.changes} /> : <Empty description={t('admin.compareWith')} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('admin.events')}>
            <Timeline
              items={data.events.map((e) => ({
                children: (
                  <span>
                    {fmt(e.at)} · v{e.versionNo} · {actionWords(e.action, pick)} · {e.actor ?? pick('系统', 'system')}
                    {e.comment ? `（${e.comment}）` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
