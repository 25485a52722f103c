import { Alert, Button, Card, Form, Input, Space, Steps, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { milestoneOf, type Milestone } from '../../core/cases/milestones.js';
import { ApiError, get } from '../shared/api.js';
import { CaseTimeline } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import type { CaseEventView } from '../shared/types.js';
import { QUERY_CODE_PATTERN } from '../../core/cases/case-number.js';
import { BundleProgressCard, isBundleNumber, type BundleProgress } from '../bundles/BundleProgress.js';

interface Progress {
  caseNo: string;
  title: string;
  state: string;
  stateZh: string;
  stateEn: string;
  dueDate: string | null;
  /** Milestones only (submitted, accepted, corrections, special procedures, decision, completed, delivered). */
  timeline: CaseEventView[];
  /** The background SM3 audit's result; null until the timeline is first checked. */
  timelineVerified: boolean | null;
  timelineCheckedAt: string | null;
  timelineCheckedEvents: number;
}

/** What the background audit of the hash-chained record says, with when it last checked (Beijing time). */
function AuditTag({ p }: { p: Progress }) {
  const { pick } = useI18n();
  const at = p.timelineCheckedAt ? formatDateTime(p.timelineCheckedAt) : '';
  if (p.timelineVerified === null) return <Tag>{pick('办理记录待校验（SM3）', 'Record not yet checked (SM3)')}</Tag>;
  if (!p.timelineVerified) return <Tag color="red">{pick('办理记录校验失败，已通知监察人员', 'Record check failed; supervisors are alerted')}</Tag>;
  return (
    <Tag color="green" style={{ whiteSpace: 'normal' }}>
      {pick(`办理记录已校验（SM3，共 ${p.timelineCheckedEvents} 条${at ? `，${at}` : ''}）`, `Record verified (SM3, ${p.timelineCheckedEvents} entries${at ? `, ${at}` : ''})`)}
    </Tag>
  );
}

/** The main path every case walks; corrections and special procedures show on the timeline below. */
const PATH: { milestones: Milestone[]; zh: string; en: string }[] = [
  { milestones: ['submitted'], zh: '提交申请', en: 'Submitted' },
  { milestones: ['accepted', 'refused'], zh: '受理', en: 'Accepted' },
  { milestones: ['decided'], zh: '审查决定', en: 'Decision' },
  { milestones: ['completed'], zh: '办结', en: 'Completed' },
  { milestones: ['delivered'], zh: '送达', en: 'Delivered' },
];

function MilestoneSteps({ p }: { p: Progress }) {
  const { pick } = useI18n();
  const reached = new Set(p.timeline.map((e) => milestoneOf(e.action)));
  let current = -1;
  PATH.forEach((step, i) => {
    if (step.milestones.some((m) => reached.has(m))) current = i;
  });
  const stopped = ['refused', 'withdrawn', 'terminated', 'revoked', 'denied'].includes(p.state);
  return (
    <Steps
      size="small"
      responsive
      current={Math.max(current, 0)}
      status={stopped ? 'error' : current === PATH.length - 1 ? 'finish' : 'process'}
      items={PATH.map((s) => ({ title: pick(s.zh, s.en) }))}
      style={{ marginBottom: 16 }}
    />
  );
}

const QUERY_CODE_RE = new RegExp(QUERY_CODE_PATTERN);

type LookupValues = { caseNo: string; code: string };

/** 办件进度查询: by case number and query code, no login; the QR code on every notice opens it and looks up at once. */
export function ProgressPage() {
  const { pick } = useI18n();
  const [params] = useSearchParams();
  const [result, setResult] = useState<Progress>();
  const [bundle, setBundle] = useState<BundleProgress>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const lookup = (v: LookupValues) => {
    setBusy(true);
    // A 一件事 number (YJS…) has its own look-up: the bundle with its members' states.
    const bundleNo = isBundleNumber(v.caseNo);
    return get<Progress | BundleProgress>(`/api/public/${bundleNo ? 'bundle-progress' : 'progress'}?caseNo=${encodeURIComponent(bundleNo ? v.caseNo.trim().toUpperCase() : v.caseNo.trim())}&code=${encodeURIComponent(v.code.trim())}`)
      .then((r) => {
        setResult(bundleNo ? undefined : (r as Progress));
        setBundle(bundleNo ? (r as BundleProgress) : undefined);
        setError(undefined);
      })
      .catch((e: unknown) => {
        setResult(undefined);
        setBundle(undefined);
        setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
      })
      .finally(() => setBusy(false));
  };
  // The QR link (/progress?caseNo=…&code=…) runs the look-up once, without a click.
  const initial = { caseNo: params.get('caseNo') ?? '', code: params.get('code') ?? '' };
  const ran = useRef(false);
  useEffect(() => {
    if (ran.current || !initial.caseNo || !QUERY_CODE_RE.test(initial.code)) return;
    ran.current = true;
    void lookup(initial);
  }, []); // once, for the address the page was opened with
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 760, margin: '0 auto', display: 'flex' }}>
      <Card title={pick('办件进度查询', 'Track a case')}>
        <Form layout="vertical" initialValues={initial} onFinish={(v) => void lookup(v as LookupValues)}>
          <Form.Item name="caseNo" label={pick('办件编号 / 一件事编号', 'Case or bundle number')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="code" label={pick('查询码（通知书上的8位字母数字，早期办件为6位数字）', 'Query code (8 letters and digits on the notice; 6 digits for older cases)')} rules={[{ required: true, pattern: QUERY_CODE_RE, message: pick('查询码为8位字母数字或6位数字', 'The query code has 8 letters and digits, or 6 digits') }]}>
            <Input maxLength={8} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {pick('查询', 'Look up')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      {bundle && <BundleProgressCard p={bundle} />}
      {result && (
        <Card title={result.title} extra={<Tag color="blue">{pick(result.stateZh, result.stateEn)}</Tag>} styles={{ header: { flexWrap: 'wrap' } }}>
          <MilestoneSteps p={result} />
          <p>
            {pick('承诺办结日期', 'Due date')}：{result.dueDate ?? '—'} <AuditTag p={result} />
          </p>
          <CaseTimeline c={result} />
        </Card>
      )}
    </Space>
  );
}
