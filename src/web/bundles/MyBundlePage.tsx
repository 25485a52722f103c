import { Alert, App, Button, Card, Col, Input, Modal, Result, Row, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, post } from '../shared/api.js';
import { formatDateTime } from '../shared/time.js';
import { uploadFile } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useApi } from '../shared/use-api.js';
import { BUNDLE_STATE_COLOR, BundleDelivery, BundleMembersTable, BundleSummary, BundleTimeline } from './BundleCaseParts.js';
import type { BundleCaseView } from './types.js';
import { BundleRatingCard } from '../ratings/CaseRatingCard.js';

interface BundleRow {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  stateZh: string;
  submittedOn: string;
  due: { dueDate: string; status: string };
}

/** 我的一件事: the applicant's bundles, on the 我的办件 page. */
export function MyBundlesCard() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ bundles: BundleRow[] }>('/api/bundle-cases');
  if (!loading && !data?.bundles.length) return null;
  return (
    <Card title={pick('我的一件事', 'My life-event bundles')}>
      <ResponsiveTable<BundleRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.bundles ?? []}
        pagination={false}
        columns={[
          { title: pick('一件事', 'Bundle'), render: (_v, r: BundleRow) => <Link to={`/my/bundles/${r.id}`}>{r.title}</Link> },
          { title: pick('一件事编号', 'Bundle number'), dataIndex: 'caseNo', render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
          { title: pick('状态', 'Status'), width: 140, render: (_v, r: BundleRow) => <Tag color={BUNDLE_STATE_COLOR[r.state]}>{r.stateZh}</Tag> },
          { title: pick('办结期限', 'Due'), width: 120, render: (_v, r: BundleRow) => r.due.dueDate },
        ]}
      />
    </Card>
  );
}

type DraftRow = { id: string; bundleId: string; title: string; updatedAt: string; versionRetired: boolean };

/** 我的一件事草稿 (ADR 0044): continue a saved bundle application, or delete it. */
export function MyBundleDraftsCard() {
  const { pick } = useI18n();
  const { message, modal } = App.useApp();
  const { data, loading, reload } = useApi<{ drafts: DraftRow[] }>('/api/bundle-drafts');
  if (!loading && !data?.drafts.length) return null;
  const remove = (d: DraftRow) =>
    modal.confirm({
      title: pick(`删除“${d.title}”一件事草稿？`, `Delete the draft of ${d.title}?`),
      okText: pick('删除', 'Delete'),
      cancelText: pick('取消', 'Cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api('DELETE', `/api/bundle-drafts/${d.id}`);
          message.success(pick('草稿已删除', 'Draft deleted'));
          reload();
        } catch (e) {
          message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
        }
      },
    });
  return (
    <Card title={pick('我的一件事草稿', 'My bundle drafts')}>
      <ResponsiveTable<DraftRow>
        rowKey="id"
        loading={loading}
        dataSource={data?.drafts ?? []}
        pagination={false}
        columns={[
          { title: pick('一件事', 'Bundle'), render: (_v, d: DraftRow) => <Link to={`/bundles/${d.bundleId}/apply?draft=${d.id}`}>{`${d.title}（${pick('草稿，继续填写', 'draft — continue')}）`}</Link> },
          { title: pick('保存时间', 'Saved'), width: 180, render: (_v, d: DraftRow) => formatDateTime(d.updatedAt) },
          { title: pick('说明', 'Note'), render: (_v, d: DraftRow) => (d.versionRetired ? <Tag color="orange">{pick('版本已更新，请核对后重新保存', 'The bundle changed; check and save again')}</Tag> : null) },
          { title: pick('操作', 'Actions'), width: 100, render: (_v, d: DraftRow) => <Button size="small" danger onClick={() => remove(d)} aria-label={pick(`删除草稿：${d.title}`, `Delete draft: ${d.title}`)}>{pick('删除', 'Delete')}</Button> },
        ]}
      />
    </Card>
  );
}

/**
 * The applicant's bundle case: one timeline with the members' states, the gathered correction notice
 * (一次性告知) answered once with one file per material, and the single delivery (统一出件).
 */
export function MyBundlePage() {
  const { bundleCaseId } = useParams();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data: b, error, reload } = useApi<BundleCaseView>(`/api/bundle-cases/${bundleCaseId ?? ''}`);
  const [files, setFiles] = useState<Record<string, { id: string; name: string }>>({});
  const [busy, setBusy] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  if (error) return <Result status="404" title={pick(error.body.message, error.body.messageEn)} />;
  if (!b) return <Card loading />;
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const notice = b.correction?.status === 'sent' ? b.correction : null;
  // One line per material code: a material two members asked for is answered with one file.
  const asked = new Map<string, { code: string; name: string; reasons: string[]; members: string[] }>();
  for (const i of notice?.items ?? []) {
    const code = i.code ?? `${i.memberKey}:${i.materialId}`;
    const line = asked.get(code) ?? { code, name: i.materialName ?? i.materialId, reasons: [], members: [] };
    line.reasons.push(i.reason);
    if (i.memberName) line.members.push(i.memberName);
    asked.set(code, line);
  }
  const answer = async () => {
    setBusy(true);
    try {
      await post(`/api/bundle-cases/${b.id}/correction/answer`, { materials: Object.entries(files).map(([code, f]) => ({ code, fileId: f.id, fileName: f.name })) });
      message.success(pick('补正材料已提交，相关事项继续办理', 'Sent; the members concerned go on'));
      setFiles({});
      reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const withdraw = () =>
    post(`/api/bundle-cases/${b.id}/withdraw`, { reason: reason || '申请人主动撤回' })
      .then(() => {
        setWithdrawing(false);
        reload();
      })
      .catch(fail);
  const running = !b.withdrawn && ['in_progress', 'correction_requested'].includes(b.state);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={pick(`${b.title}“一件事”`, `${b.title} (life-event bundle)`)}>
            <BundleSummary b={b} />
            {b.state === 'completed' && !b.delivery && <Alert style={{ marginTop: 12 }} type="success" showIcon message={pick('全部事项已办结，办理结果将统一出件', 'Every item is done; the results are handed out together')} />}
            {running && (
              <Button danger style={{ marginTop: 16 }} onClick={() => setWithdrawing(true)}>
                {pick('撤回一件事', 'Withdraw the bundle')}
              </Button>
            )}
          </Card>
          {notice && (
            <Card title={pick('补正材料（一次性告知）', 'Correction notice (everything at once)')} styles={{ header: { background: '#fff7e6' } }}>
              <Typography.Paragraph>{pick('以下材料由各部门一并告知，请一次补齐；每份材料上传一次，同时用于所列事项。', 'The departments asked for these together: upload each once; it serves every item listed.')}</Typography.Paragraph>
              <Space direction="vertical" size={12} style={{ width: '100%' }}>
                {[...asked.values()].map((line) => (
                  <Space key={line.code} wrap align="start">
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>{line.name}</Typography.Text>
                      <Typography.Text type="secondary">{line.reasons.join('；')}</Typography.Text>
                      <Space size={[4, 4]} wrap>{line.members.map((m) => <Tag key={m}>{m}</Tag>)}</Space>
                    </Space>
                    <Upload
                      accept=".pdf,.png,.jpg,.jpeg"
                      showUploadList={false}
                      beforeUpload={(file) => {
                        uploadFile(file)
                          .then((f) => setFiles((x) => ({ ...x, [line.code]: f })))
                          .catch(fail);
                        return false;
                      }}
                    >
                      <Button aria-label={`${pick('上传补正材料', 'Upload')} ${line.name}`}>{files[line.code] ? `✓ ${files[line.code]?.name}` : pick('上传补正材料', 'Upload')}</Button>
                    </Upload>
                  </Space>
                ))}
                <Button type="primary" loading={busy} disabled={Object.keys(files).length === 0} onClick={() => void answer()}>
                  {pick('一次提交补正', 'Answer once')}
                </Button>
              </Space>
            </Card>
          )}
          <Card title={pick('联办事项', 'Member items')}>
            <BundleMembersTable b={b} linkTo={(id) => `/my/cases/${id}`} />
          </Card>
          {b.delivery && (
            <Card title={pick('统一出件', 'One delivery')}>
              <BundleDelivery b={b} />
            </Card>
          )}
          <BundleRatingCard bundleCaseId={b.id} state={b.state} />
        </Space>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={pick('办理进度', 'Progress')}>
          <BundleTimeline b={b} />
        </Card>
      </Col>
      <Modal open={withdrawing} title={pick('撤回一件事', 'Withdraw the bundle')} onCancel={() => setWithdrawing(false)} onOk={() => void withdraw()}>
        <Typography.Paragraph>{pick('撤回后，所有在办事项将一并撤回。', 'Every running item is withdrawn with it.')}</Typography.Paragraph>
        <Input.TextArea aria-label={pick('撤回理由', 'Reason')} placeholder={pick('撤回理由', 'Reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Row>
  );
}
