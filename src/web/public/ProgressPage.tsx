import { Alert, Button, Card, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, get } from '../shared/api.js';
import { CaseTimeline } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import type { CaseEventView } from '../shared/types.js';

interface Progress {
  caseNo: string;
  title: string;
  stateZh: string;
  stateEn: string;
  dueDate: string | null;
  timeline: CaseEventView[];
  /** The background SM3 audit's result; null until the timeline is first checked. */
  timelineVerified: boolean | null;
  timelineCheckedAt: string | null;
  timelineCheckedEvents: number;
}

/** What the background audit of the hash-chained record says, with when it last checked. */
function AuditTag({ p }: { p: Progress }) {
  const { pick } = useI18n();
  const at = p.timelineCheckedAt ? new Date(p.timelineCheckedAt).toLocaleString('zh-CN', { hour12: false }) : '';
  if (p.timelineVerified === null) return <Tag>{pick('办理记录待校验（SM3）', 'Record not yet checked (SM3)')}</Tag>;
  if (!p.timelineVerified) return <Tag color="red">{pick('办理记录校验失败，已通知监察人员', 'Record check failed; supervisors are alerted')}</Tag>;
  return (
    <Tag color="green">
      {pick(`办理记录已校验（SM3，前 ${p.timelineCheckedEvents} 条${at ? `，${at}` : ''}）`, `Record verified (SM3, first ${p.timelineCheckedEvents} entries${at ? `, ${at}` : ''})`)}
    </Tag>
  );
}

/** 办件进度查询: by case number and query code, no login (the QR code on every notice opens it). */
export function ProgressPage() {
  const { pick } = useI18n();
  const [params] = useSearchParams();
  const [result, setResult] = useState<Progress>();
  const [error, setError] = useState<string>();
  const lookup = (v: { caseNo: string; code: string }) =>
    get<Progress>(`/api/public/progress?caseNo=${encodeURIComponent(v.caseNo.trim())}&code=${encodeURIComponent(v.code.trim())}`)
      .then((r) => {
        setResult(r);
        setError(undefined);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 760, margin: '0 auto', display: 'flex' }}>
      <Card title={pick('办件进度查询', 'Track a case')}>
        <Form layout="vertical" initialValues={{ caseNo: params.get('caseNo') ?? '', code: params.get('code') ?? '' }} onFinish={(v) => void lookup(v as { caseNo: string; code: string })}>
          <Form.Item name="caseNo" label={pick('办件编号', 'Case number')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="code" label={pick('查询码（受理通知书上的6位数字）', 'Query code (6 digits on the notice)')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
            <Input maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {pick('查询', 'Look up')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      {result && (
        <Card title={result.title} extra={<Tag color="blue">{pick(result.stateZh, result.stateEn)}</Tag>}>
          <p>
            {pick('承诺办结日期', 'Due date')}：{result.dueDate ?? '—'} · 
            <AuditTag p={result} />
          </p>
          <CaseTimeline c={result} />
        </Card>
      )}
    </Space>
  );
}
