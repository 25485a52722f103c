import { Descriptions, Space, Tag, Timeline, Typography } from 'antd';
import { useI18n } from './i18n.js';
import type { CaseView } from './types.js';
import { formatDateTime } from './time.js';
import { formatFenAsYuan } from '../../core/catalogue/fees.js';

export const TIME_STATUS: Record<CaseView['timeStatus'], { zh: string; en: string; color: string }> = {
  normal: { zh: '正常', en: 'On time', color: 'green' },
  near_due: { zh: '临近超期', en: 'Near due', color: 'gold' },
  overdue: { zh: '已超期', en: 'Overdue', color: 'red' },
  paused: { zh: '暂停计时', en: 'Clock paused', color: 'purple' },
  closed: { zh: '已结束', en: 'Closed', color: 'default' },
  not_started: { zh: '未计时', en: 'Not started', color: 'default' },
};

export function TimeTag({ status }: { status: CaseView['timeStatus'] }) {
  const { pick } = useI18n();
  const s = TIME_STATUS[status];
  return <Tag color={s.color}>{pick(s.zh, s.en)}</Tag>;
}

/** 暂定: the due date was computed over a year whose holiday arrangement is not loaded (issue 9, calendar). */
export function ProvisionalTag({ provisional }: { provisional?: boolean }) {
  const { pick } = useI18n();
  if (!provisional) return null;
  return (
    <Tag color="orange" title={pick('该年度放假安排尚未录入，日期只排除了周末和固定日期节日，录入后将重新计算', 'The year’s holiday arrangement is not entered yet: only weekends and fixed-date holidays were skipped; the date is recomputed when it is entered')}>
      {pick('暂定', 'provisional')}
    </Tag>
  );
}

/** 帮办代办 / 经办人 (ADR 0037): who the actor acted for, as the event records it. */
function ActingFor({ e }: { e: CaseView['timeline'][number] }) {
  return <ActingForTag o={e.data?.onBehalfOf as OnBehalfOf | undefined} />;
}

/** Whom an event's actor acted for (a case's or a 一件事 bundle's timeline; ADR 0037, ADR 0041). */
export interface OnBehalfOf {
  kind?: string;
  name?: string;
  authorisation?: string;
  file?: { id: string; name: string };
}

export function ActingForTag({ o }: { o: OnBehalfOf | undefined }) {
  const { pick } = useI18n();
  if (!o?.name) return null;
  if (o.kind === 'assist') {
    const how = o.authorisation === 'letter' ? pick('委托书', 'signed letter') : pick('短信确认', 'SMS confirmation');
    return <Tag color="blue">{pick(`帮办：代 ${o.name}（${how}）`, `Assisted: for ${o.name} (${how})`)}</Tag>;
  }
  return <Tag color="geekblue">{pick(`经办人：代 ${o.name}`, `Agent: for ${o.name}`)}</Tag>;
}

/** The readable progress timeline of a case. */
export function CaseTimeline({ c }: { c: Pick<CaseView, 'timeline'> }) {
  const { pick } = useI18n();
  return (
    <Timeline
      items={c.timeline.map((e) => ({
        color: e.action === 'refuse' || e.toState === 'denied' || e.toState === 'terminated' ? 'red' : e.action === 'request_correction' ? 'orange' : 'green',
        children: (
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{pick(e.labelZh, e.labelEn)}</Typography.Text>
            <Typography.Text type="secondary">
              {formatDateTime(e.at)} {e.actorName ?? ''} <ActingFor e={e} />
            </Typography.Text>
            {e.comment && <Typography.Text>{e.comment}</Typography.Text>}
            {typeof e.data?.chargedFen === 'number' && <Typography.Text>{pick(`实收金额：${formatFenAsYuan(e.data.chargedFen)}元`, `Amount charged: ${formatFenAsYuan(e.data.chargedFen)} yuan`)}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}

export function CaseSummary({ c }: { c: CaseView }) {
  const { t, pick } = useI18n();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={pick('办件编号', 'Case number')}>
        <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
          {c.caseNo}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={pick('查询码', 'Query code')}>{c.queryCode ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={pick('状态', 'Status')}>
        <Space>
          <Tag color="blue">{pick(c.stateZh, c.stateEn)}</Tag>
          <TimeTag status={c.timeStatus} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={pick('当前环节', 'Current step')}>{['accepted', 'in_review', 'suspended'].includes(c.state) ? `${c.currentStep?.name ?? '—'}${c.stepDueDate ? pick(`（环节时限 ${c.stepDueDate}）`, ` (step due ${c.stepDueDate})`) : ''}` : '—'}</Descriptions.Item>
      <Descriptions.Item label={pick('受理日期', 'Accepted on')}>{c.acceptedOn ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={pick('承诺办结日期', 'Due date')}>
        {c.dueDate ?? '—'} <ProvisionalTag provisional={c.dueDateProvisional} />
      </Descriptions.Item>
      {c.pausedDays > 0 && <Descriptions.Item label={pick('特别程序暂停', 'Paused')}>{t('common.workingDays', { n: c.pausedDays })}</Descriptions.Item>}
      {c.suspension && <Descriptions.Item label={pick('特别程序', 'Special procedure')}>{`${c.suspension.procedure}（${c.suspension.since}起）`}</Descriptions.Item>}
      {c.applicant && <Descriptions.Item label={pick('申请人', 'Applicant')}>{`${c.applicant.name} ${c.applicant.idNumber ?? c.applicant.creditCode ?? ''}`}</Descriptions.Item>}
      {c.owed.length > 0 && (
        <Descriptions.Item label={pick('容缺材料', 'Owed materials')} span={2}>
          {c.owed.map((o) => `${c.materialNames?.[o.materialId] ?? o.materialId}（${o.dueDate}前${o.supplied ? '，已补交' : ''}）`).join('；')}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

const NOTICES: { kind: string; zh: string; en: string; when: (c: CaseView) => boolean }[] = [
  { kind: 'correction', zh: '补正材料通知书', en: 'Correction notice', when: (c) => c.timeline.some((e) => e.action === 'request_correction') },
  { kind: 'acceptance', zh: '受理通知书', en: 'Acceptance notice', when: (c) => !!c.acceptedOn },
  { kind: 'refusal', zh: '不予受理通知书', en: 'Refusal notice', when: (c) => c.state === 'refused' },
  { kind: 'special_procedure', zh: '特别程序告知书', en: 'Special procedure notice', when: (c) => c.timeline.some((e) => e.action === 'suspend') },
  { kind: 'approval', zh: '准予决定书', en: 'Approval decision', when: (c) => c.decision === 'approved' },
  { kind: 'denial', zh: '不予决定书', en: 'Denial decision', when: (c) => c.decision === 'denied' },
  // The receipt stays after a later revocation: it records what was delivered.
  { kind: 'delivery_receipt', zh: '送达回证', en: 'Delivery receipt', when: (c) => !!c.delivery },
  { kind: 'revocation', zh: '撤销决定书', en: 'Revocation decision', when: (c) => c.state === 'revoked' },
];

export function NoticeLinks({ c }: { c: CaseView }) {
  const { pick } = useI18n();
  const list = NOTICES.filter((n) => n.when(c));
  if (!list.length) return null;
  return (
    <Space wrap>
      {list.map((n) => (
        <a key={n.kind} href={`/api/cases/${c.id}/notices/${n.kind}`} target="_blank" rel="noreferrer">
          <Tag color="red" style={{ padding: '4px 10px', cursor: 'pointer' }}>
            {pick(c.noticeTitles?.[n.kind] ?? n.zh, n.en)}
          </Tag>
        </a>
      ))}
    </Space>
  );
}

/** Uploads a file (multipart) and returns its content address. */
export async function uploadFile(file: File): Promise<{ id: string; name: string }> {
  const me = (await fetch('/api/auth/me').then((r) => r.json())) as { csrfToken: string };
  const fd = new FormData();
  fd.append('file', file);
  const res = await fetch('/api/files', { method: 'POST', body: fd, headers: { 'x-csrf-token': me.csrfToken } });
  const body = (await res.json()) as { id: string; name: string; message?: string; messageEn?: string };
  if (!res.ok) throw new Error(body.message ?? 'upload failed');
  return { id: body.id, name: body.name };
}
