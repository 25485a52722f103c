import { Alert, App, Button, Card, Col, Input, Modal, Row, Space, Tag, Typography, Upload } from 'antd';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { CaseSummary, CaseTimeline, NoticeLinks, uploadFile } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';
import { correctionLine } from '../../core/cases/wording.js';
import { CaseRatingCard } from '../ratings/CaseRatingCard.js';
import { MyBundleDraftsCard, MyBundlesCard } from '../bundles/MyBundlePage.js';
import { AgenciesCard } from '../agents/AgentsPage.js';

type Note = { id: number; caseId: string | null; title: string; createdAt: string };

interface CaseRow {
  id: string;
  implId?: string;
  state: string;
  caseNo: string;
  title: string;
  titleEn?: string | null;
  stateZh: string;
  stateEn: string;
  dueDate: string | null;
  submittedAt: string;
}

/** 我的办件 */
export function MyCases() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ cases: CaseRow[] }>('/api/my/cases');
  const notes = useApi<{ notifications: Note[] }>('/api/my/notifications');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
    <MyBundleDraftsCard />
    <MyBundlesCard />
    <AgenciesCard />
    <Card title={pick('我的办件', 'My cases')}>
      <ResponsiveTable
        rowKey="id"
        loading={loading}
        dataSource={data?.cases ?? []}
        scroll={{ x: 700 }}
        columns={[
          { title: pick('事项', 'Service'), render: (_v, r: CaseRow) => (r.state === 'draft' && r.implId ? <Link to={`/apply/${r.implId}?draft=${r.id}`}>{`${pick(r.title, r.titleEn ?? r.title)}（${pick('草稿，继续填写', 'draft — continue')}）`}</Link> : <Link to={`/my/cases/${r.id}`}>{pick(r.title, r.titleEn ?? r.title)}</Link>) },
          { title: pick('办件编号', 'Case number'), dataIndex: 'caseNo', render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
          { title: pick('状态', 'Status'), width: 110, render: (_v, r: CaseRow) => <Tag color="blue">{pick(r.stateZh, r.stateEn)}</Tag> },
          { title: pick('承诺办结日期', 'Due'), dataIndex: 'dueDate', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
    <Card title={pick('消息通知', 'Notifications')}>
      <ResponsiveTable<Note>
        rowKey="id"
        size="small"
        pagination={{ pageSize: 8 }}
        dataSource={notes.data?.notifications ?? []}
        locale={{ emptyText: pick('暂无消息', 'No notifications') }}
        columns={[
          { title: pick('时间', 'Time'), width: 180, render: (_v: unknown, n: Note) => formatDateTime(n.createdAt) },
          { title: pick('内容', 'Message'), render: (_v: unknown, n: Note) => (n.caseId ? <Link to={`/my/cases/${n.caseId}`}>{n.title}</Link> : n.title) },
        ]}
      />
    </Card>
    </Space>
  );
}

/** One of my cases: progress timeline, notices, answer a correction notice, supply owed material, withdraw. */
export function MyCaseDetail() {
  const { caseId } = useParams();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data: c, reload } = useApi<CaseView>(`/api/cases/${caseId ?? ''}`);
  const [files, setFiles] = useState<{ materialId: string; id: string; name: string }[]>([]);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  if (!c) return <Card loading />;
  const act = (body: Record<string, unknown>) =>
    post(`/api/cases/${c.id}/actions`, body)
      .then(() => {
        message.success(pick('操作成功', 'Done'));
        reload();
      })
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  const notice = [...c.timeline].reverse().find((e) => e.action === 'request_correction');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card title={pick(c.title, c.titleEn ?? c.title)} extra={<NoticeLinks c={c} />}>
          <CaseSummary c={c} />
          <CaseRatingCard caseId={c.id} state={c.state} />
          {c.state === 'correction_requested' && (
            <Card type="inner" title={pick('补正材料（一次性告知）', 'Answer the correction notice')} style={{ marginTop: 16 }}>
              {notice?.comment && <Alert type="warning" showIcon message={notice.comment} style={{ marginBottom: 12 }} />}
              <Space direction="vertical">
                {((notice?.data?.missing as { materialId: string; reason: string }[] | undefined) ?? [{ materialId: 'other', reason: pick('补正材料', 'Corrected material') }]).map((m) => (
                  <Space key={m.materialId} wrap>
                    {/* The material's name, then the reason (a reason that already names it is shown alone). */}
                    <Typography.Text>{correctionLine(m.materialId === '_other' ? pick('其他', 'Other') : (c.materialNames?.[m.materialId] ?? ''), m.reason)}</Typography.Text>
                    {m.materialId !== '_other' && (
                      <Upload
                        accept=".pdf,.png,.jpg,.jpeg"
                        showUploadList={false}
                        beforeUpload={(file) => {
                          uploadFile(file)
                            .then((f) => setFiles((x) => [...x.filter((y) => y.materialId !== m.materialId), { materialId: m.materialId, ...f }]))
                            .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)));
                          return false;
                        }}
                      >
                        <Button>{pick('上传补正材料', 'Upload corrected material')}</Button>
                      </Upload>
                    )}
                    {files.filter((f) => f.materialId === m.materialId).map((f) => (
                      <Typography.Text key={f.id}>✓ {f.name}</Typography.Text>
                    ))}
                  </Space>
                ))}
                <Button type="primary" onClick={() => void act({ type: 'submit', materials: files.map((f) => ({ materialId: f.materialId, fileId: f.id, fileName: f.name })) })}>
                  {pick('提交补正', 'Resubmit')}
                </Button>
              </Space>
            </Card>
          )}
          {c.owed.some((o) => !o.supplied) && (
            <Card type="inner" title={pick('补交容缺材料', 'Supply owed material')} style={{ marginTop: 16 }}>
              {c.owed
                .filter((o) => !o.supplied)
                .map((o) => (
                  <Upload
                    key={o.materialId}
                    accept=".pdf,.png,.jpg,.jpeg"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      uploadFile(file)
                        .then((f) => act({ type: 'supply_owed', materialId: o.materialId, fileId: f.id, fileName: f.name }))
                        .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)));
                      return false;
                    }}
                  >
                    <Button>{`${pick('上传', 'Upload')} ${c.materialNames?.[o.materialId] ?? o.materialId}（${o.dueDate}）`}</Button>
                  </Upload>
                ))}
            </Card>
          )}
          {c.actions.includes('withdraw') && (
            <Button danger style={{ marginTop: 16 }} onClick={() => setWithdrawing(true)}>
              {pick('撤回申请', 'Withdraw')}
            </Button>
          )}
          <Modal open={withdrawing} title={pick('撤回申请', 'Withdraw')} onCancel={() => setWithdrawing(false)} onOk={() => void act({ type: 'withdraw', reason: reason || '申请人主动撤回' }).then(() => setWithdrawing(false))}>
            <Input.TextArea aria-label={pick('撤回理由', 'Reason')} placeholder={pick('撤回理由', 'Reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Modal>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={pick('办理进度', 'Progress')}>
          <CaseTimeline c={c} />
        </Card>
      </Col>
    </Row>
  );
}
