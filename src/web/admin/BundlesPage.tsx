import { Alert, Button, Card, List, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, type ApiErrorBody } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { STATUS } from '../shared/labels.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useApi } from '../shared/use-api.js';
import { useSession } from '../shared/session.js';
import { canSee } from '../shared/access.js';
import type { VersionStatus } from '../../core/catalogue/types.js';

/** One row of GET /api/admin/bundles. */
interface BundleRow {
  bundleId: string;
  code: string;
  name: string;
  owner: string;
  latestVersionNo: number;
  latestStatus: VersionStatus;
  published: boolean;
}

interface Problem {
  rule: string;
  path: string;
  severity: 'error' | 'warning';
  zh: string;
  en: string;
}

/** POST /api/admin/bundles/import (src/server/bundles/transfer.ts). */
interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  bundles: {
    bundleId: string;
    code: string;
    fileCode: string | null;
    name: string;
    outcome: 'created' | 'draft_created' | 'draft_updated' | 'unchanged';
    versionNo: number;
    status: VersionStatus;
    changes: { path: string; element: string; kind: string; labelZh: string; labelEn: string }[];
    problems: Problem[];
  }[];
}

const OUTCOME: Record<ImportResult['bundles'][number]['outcome'], { zh: string; en: string; color: string }> = {
  created: { zh: '新建一件事（草稿）', en: 'New bundle (draft)', color: 'blue' },
  draft_created: { zh: '新建草稿版本', en: 'New draft version', color: 'blue' },
  draft_updated: { zh: '更新草稿', en: 'Draft updated', color: 'cyan' },
  unchanged: { zh: '无变化', en: 'Unchanged', color: 'default' },
};

/** Sends the chosen file as the import route expects it (multipart field "file"). */
async function importFile(file: File): Promise<ImportResult> {
  const me = (await fetch('/api/auth/me').then((r) => r.json())) as { csrfToken: string };
  const fd = new FormData();
  fd.append('file', file);
  const res = await fetch('/api/admin/bundles/import', { method: 'POST', body: fd, headers: { 'x-csrf-token': me.csrfToken } });
  const body = (await res.json()) as ImportResult | ApiErrorBody;
  if (!res.ok) throw new ApiError(res.status, body as ApiErrorBody);
  return body as ImportResult;
}

/** 一件事目录: the bundles in scope, their export, and the import with each imported draft's rule check. */
export function BundlesPage() {
  const { pick } = useI18n();
  const { session } = useSession();
  const canImport = canSee(session, 'admin.catalogue.import');
  const { data, loading, reload } = useApi<{ bundles: BundleRow[] }>('/api/admin/bundles');
  const [result, setResult] = useState<ImportResult>();
  const [failure, setFailure] = useState<ApiErrorBody>();
  const [busy, setBusy] = useState(false);
  const run = async (file: File) => {
    setBusy(true);
    setResult(undefined);
    setFailure(undefined);
    try {
      setResult(await importFile(file));
      reload();
    } catch (e) {
      setFailure(e instanceof ApiError ? e.body : { ok: false, error: 'NETWORK', message: '导入失败', messageEn: 'The import failed', details: [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={pick('一件事目录', 'Life-event bundles')}
        extra={
          <Space wrap>
            <a href="/api/admin/bundles/export.xlsx">
              <Button>{pick('导出 Excel', 'Export Excel')}</Button>
            </a>
            <a href="/api/admin/bundles/export.json">
              <Button>{pick('导出 JSON', 'Export JSON')}</Button>
            </a>
            {canImport && (
              <Upload accept=".json,.xlsx" showUploadList={false} beforeUpload={(f) => (void run(f), false)}>
                <Button type="primary" loading={busy}>{pick('导入一件事（JSON 或 Excel）', 'Import bundles (JSON or Excel)')}</Button>
              </Upload>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          {pick(
            '导入导出的 JSON 或 Excel 文件：已有的一件事（按一件事编码）生成新的草稿版本，新的一件事建为草稿；导入不会发布，草稿须经规则检查、提交审核，并由另一名管理员发布（四眼原则）。',
            'Import the exported JSON or Excel file: a known bundle (by its code) gets a new draft version, a new one is created as a draft. Nothing is published: each draft passes the rule check, is submitted for review and published by a second administrator (four eyes).',
          )}
        </Typography.Paragraph>
        <ResponsiveTable<BundleRow>
          rowKey="bundleId"
          loading={loading}
          dataSource={data?.bundles ?? []}
          size="middle"
          scroll={{ x: 720 }}
          pagination={false}
          columns={[
            { title: pick('一件事编码', 'Code'), dataIndex: 'code', width: 150 },
            { title: pick('名称', 'Name'), dataIndex: 'name' },
            { title: pick('所属政务服务中心', 'Owning hall'), dataIndex: 'owner', width: 200 },
            { title: pick('最新版本', 'Latest'), width: 90, render: (_v: unknown, r: BundleRow) => `v${r.latestVersionNo}` },
            { title: pick('状态', 'Status'), width: 100, render: (_v: unknown, r: BundleRow) => <Tag color={STATUS[r.latestStatus].color}>{pick(STATUS[r.latestStatus].zh, STATUS[r.latestStatus].en)}</Tag> },
          ]}
        />
      </Card>
      {failure && (
        <Alert
          type="error"
          showIcon
          message={pick(failure.message, failure.messageEn)}
          description={failure.details.length > 0 && <ul style={{ margin: 0, paddingLeft: 20 }}>{failure.details.slice(0, 20).map((d, i) => <li key={i}>{d.path ? `${d.path} ` : ''}{pick(d.zh, d.en)}</li>)}</ul>}
        />
      )}
      {result && <ImportResultCard result={result} />}
    </Space>
  );
}

function ImportResultCard({ result }: { result: ImportResult }) {
  const { pick } = useI18n();
  return (
    <Card title={pick('导入结果与规则检查', 'Import result and rule check')}>
      <Alert
        type="success"
        showIcon
        style={{ marginBottom: 12 }}
        message={pick(`导入完成：新建 ${result.created} 个，更新 ${result.updated} 个，无变化 ${result.unchanged} 个`, `Imported: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`)}
      />
      <List
        dataSource={result.bundles}
        renderItem={(b) => {
          const errors = b.problems.filter((p) => p.severity === 'error');
          return (
            <List.Item>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{b.name}</Typography.Text>
                  <Typography.Text type="secondary">{b.code} v{b.versionNo}</Typography.Text>
                  <Tag color={OUTCOME[b.outcome].color}>{pick(OUTCOME[b.outcome].zh, OUTCOME[b.outcome].en)}</Tag>
                  {b.fileCode && <Tag>{pick(`文件中编码 ${b.fileCode}`, `code in file ${b.fileCode}`)}</Tag>}
                  {errors.length > 0 ? <Tag color="red">{pick(`规则检查：${errors.length} 处错误，不能提交`, `Rule check: ${errors.length} error(s), cannot be submitted`)}</Tag> : <Tag color="green">{pick('规则检查通过', 'Rule check passed')}</Tag>}
                </Space>
                {b.changes.length > 0 && (
                  <Typography.Text type="secondary">
                    {pick('变更：', 'Changes: ')}
                    {b.changes.map((c) => pick(c.labelZh, c.labelEn) + (c.element ? `（${c.element}）` : '')).join(pick('、', ', '))}
                  </Typography.Text>
                )}
                {b.problems.map((p, i) => (
                  <Alert key={i} type={p.severity === 'error' ? 'error' : 'warning'} showIcon message={pick(p.zh, p.en)} />
                ))}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
