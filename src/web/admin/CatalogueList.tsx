import { App, Button, Card, Input, Space, Tag, Upload } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { LEVEL, STATUS } from '../shared/labels.js';
import { useApi } from '../shared/use-api.js';
import { useSession } from '../shared/session.js';
import { canSee } from '../shared/access.js';
import type { VersionStatus } from '../../core/catalogue/types.js';

interface ImplRow {
  implId: string;
  implCode: string;
  level: string;
  orgName: string;
  name: string;
  latestVersionId: string;
  latestVersionNo: number;
  latestStatus: VersionStatus;
  published: boolean;
  updatedAt: string;
}

export function CatalogueList() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState('');
  const { session } = useSession();
  const canImport = canSee(session, 'admin.catalogue.import');
  const { data, loading, reload } = useApi<{ impls: ImplRow[] }>('/api/admin/catalogue/impls');
  const rows = (data?.impls ?? []).filter((r) => !filter || r.name.includes(filter) || r.orgName.includes(filter) || r.implCode.includes(filter));
  const importJson = async (file: File) => {
    try {
      const body = JSON.parse(await file.text()) as unknown;
      const r = await post<{ created: number; updated: number }>('/api/admin/catalogue/import', body);
      message.success(t('admin.importDone', { c: r.created, u: r.updated }));
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : t('admin.jsonInvalid'));
    }
  };
  const importXlsx = async (file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    const csrf = (await fetch('/api/auth/me').then((r) => r.json())) as { csrfToken: string };
    const res = await fetch('/api/admin/catalogue/import.xlsx', { method: 'POST', body: fd, headers: { 'x-csrf-token': csrf.csrfToken } });
    const body = (await res.json()) as { created?: number; updated?: number; message?: string; messageEn?: string };
    if (res.ok) {
      message.success(t('admin.importDone', { c: body.created ?? 0, u: body.updated ?? 0 }));
      reload();
    } else message.error(pick(body.message ?? '', body.messageEn ?? ''));
  };
  return (
    <Card
      title={t('admin.catalogue')}
      extra={
        <Space wrap>
          <a href="/api/admin/catalogue/export.xlsx">
            <Button>{t('admin.export')} Excel</Button>
          </a>
          <a href="/api/admin/catalogue/export.json">
            <Button>{t('admin.export')} JSON</Button>
          </a>
          {canImport && (
            <>
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={(f) => (void importXlsx(f), false)}>
                <Button>{t('admin.import')} Excel</Button>
              </Upload>
              <Upload accept=".json" showUploadList={false} beforeUpload={(f) => (void importJson(f), false)}>
                <Button>{t('admin.import')} JSON</Button>
              </Upload>
            </>
          )}
        </Space>
      }
    >
      <Input.Search aria-label={t('admin.filter')} placeholder={t('admin.filter')} allowClear onChange={(e) => setFilter(e.target.value)} style={{ maxWidth: 360, marginBottom: 12 }} />
      <ResponsiveTable
        rowKey="implId"
        loading={loading}
        dataSource={rows}
        size="middle"
        scroll={{ x: 800 }}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: pick('事项名称', 'Item'), dataIndex: 'name', render: (v: string, r: ImplRow) => <Link to={`/admin/catalogue/${r.implId}`}>{v}</Link> },
          { title: t('item.department'), dataIndex: 'orgName', width: 200 },
          { title: pick('层级', 'Level'), dataIndex: 'level', width: 80, render: (v: string) => pick(LEVEL[v]?.zh ?? v, LEVEL[v]?.en ?? v) },
          { title: t('admin.latest'), width: 90, render: (_v, r: ImplRow) => `v${r.latestVersionNo}` },
          { title: t('admin.status'), width: 100, render: (_v, r: ImplRow) => <Tag color={STATUS[r.latestStatus].color}>{pick(STATUS[r.latestStatus].zh, STATUS[r.latestStatus].en)}</Tag> },
        ]}
      />
    </Card>
  );
}
