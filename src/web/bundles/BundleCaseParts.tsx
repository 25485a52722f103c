import { Descriptions, Table, Tag, Timeline, Typography, Space } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { ActingForTag } from '../shared/case-ui.js';
import type { BundleCaseView, BundleMemberView } from './types.js';

/** Pieces of a bundle case shared by the applicant's page and the workbench's. */
export const PHASE_COLOR: Record<BundleMemberView['phase'], string> = {
  waiting: 'default',
  running: 'processing',
  correcting: 'warning',
  done: 'success',
  failed: 'error',
  withdrawn: 'default',
  blocked: 'default',
};

export const BUNDLE_STATE_COLOR: Record<string, string> = {
  in_progress: 'blue',
  correction_requested: 'orange',
  completed: 'green',
  delivered: 'green',
  partially_completed: 'gold',
  stopped: 'red',
  withdrawn: 'default',
};

const DUE: Record<BundleCaseView['due']['status'], { zh: string; en: string; color: string }> = {
  on_time: { zh: '正常', en: 'On time', color: 'green' },
  near_due: { zh: '临近到期', en: 'Near due', color: 'orange' },
  overdue: { zh: '已超期', en: 'Overdue', color: 'red' },
  closed: { zh: '已办结', en: 'Closed', color: 'default' },
};

const ACTIONS: Record<string, { zh: string; en: string; color?: string }> = {
  submit: { zh: '提交一件事申请', en: 'Application submitted' },
  library_use: { zh: '从“我的材料”中选用', en: 'Taken from my materials' },
  member_started: { zh: '事项已推送部门办理', en: 'Member sent to its department' },
  member_start_failed: { zh: '事项未能启动', en: 'Member could not start', color: 'red' },
  member_blocked: { zh: '事项不再办理', en: 'Member will not proceed', color: 'red' },
  correction_item_added: { zh: '加入一次性告知', en: 'Added to the correction notice', color: 'orange' },
  correction_sent: { zh: '发出一次性告知', en: 'Correction notice sent', color: 'orange' },
  correction_answered: { zh: '申请人补正', en: 'Applicant answered the notice' },
  withdraw: { zh: '申请人撤回', en: 'Withdrawn by the applicant', color: 'red' },
  deliver: { zh: '统一出件', en: 'Results handed out together' },
};

/** The bundle's number, state, limit and due date. */
export function BundleSummary({ b }: { b: BundleCaseView }) {
  const { pick } = useI18n();
  const due = DUE[b.due.status];
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={pick('一件事编号', 'Bundle number')}>
        <Typography.Text copyable style={{ wordBreak: 'break-all' }}>{b.caseNo}</Typography.Text>
      </Descriptions.Item>
      {b.queryCode && <Descriptions.Item label={pick('查询码', 'Query code')}><Typography.Text copyable>{b.queryCode}</Typography.Text></Descriptions.Item>}
      <Descriptions.Item label={pick('状态', 'Status')}>
        <Tag color={BUNDLE_STATE_COLOR[b.state]}>{pick(b.stateZh, b.stateEn)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={pick('渠道', 'Channel')}>{b.channel === 'window' ? pick('综合窗口', 'Comprehensive window') : pick('网上申请', 'Online')}</Descriptions.Item>
      <Descriptions.Item label={pick('申请日期', 'Submitted')}>{b.submittedOn}</Descriptions.Item>
      <Descriptions.Item label={pick('一件事办结期限', 'Bundle due date')}>
        {b.due.dueDate} <Tag color={due.color}>{pick(due.zh, due.en)}</Tag> <Typography.Text type="secondary">{pick(`（${b.limitDays}个工作日）`, `(${b.limitDays} working days)`)}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={pick('成员事项未通过时', 'When a member is refused')}>{b.refusalPolicy === 'continue' ? pick('其余事项继续办理', 'the others continue') : pick('一件事终止办理', 'the bundle stops')}</Descriptions.Item>
    </Descriptions>
  );
}

/** The members with their states; a case link where the viewer may open the member case (`linkTo`). */
export function BundleMembersTable({ b, linkTo }: { b: BundleCaseView; linkTo?: (caseId: string) => string }) {
  const { pick } = useI18n();
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={b.members}
      scroll={{ x: 640 }}
      columns={[
        { title: pick('事项', 'Item'), render: (_v, m: BundleMemberView) => <Space direction="vertical" size={0}><Typography.Text strong>{m.name}</Typography.Text><Typography.Text type="secondary">{m.department}</Typography.Text></Space> },
        { title: pick('状态', 'Status'), width: 140, render: (_v, m: BundleMemberView) => <Tag color={PHASE_COLOR[m.phase]}>{pick(m.phaseZh, m.phaseEn)}</Tag> },
        {
          title: pick('办件编号 / 结果', 'Case / result'),
          render: (_v, m: BundleMemberView) =>
            m.caseId ? (
              <Space direction="vertical" size={0}>
                {linkTo ? <Link to={linkTo(m.caseId)}>{m.caseNo}</Link> : <Typography.Text style={{ fontSize: 12 }}>{m.caseNo}</Typography.Text>}
                {m.resultNo && <Typography.Text type="secondary">{pick(`结果编号 ${m.resultNo}`, `Result ${m.resultNo}`)}</Typography.Text>}
              </Space>
            ) : m.phase === 'waiting' && m.dependsOn.length ? (
              <Typography.Text type="secondary">{pick(`待“${m.dependsOn.join('、')}”办结后自动启动`, `Starts after ${m.dependsOn.join(', ')}`)}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{m.note ?? '—'}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/** One timeline for the bundle: its own events and its members', in order. */
export function BundleTimeline({ b }: { b: BundleCaseView }) {
  const { pick } = useI18n();
  return (
    <Timeline
      items={b.timeline.map((e) => {
        const known = ACTIONS[e.action];
        const state = e.action.startsWith('state_') ? e.action.slice('state_'.length) : null;
        const label = known ? pick(known.zh, known.en) : state ? pick('一件事状态变更', 'Bundle state changed') : e.action;
        return {
          color: known?.color ?? (state === 'stopped' ? 'red' : state === 'correction_requested' ? 'orange' : 'green'),
          children: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {label}
                {e.member ? `：${e.member}` : ''}
              </Typography.Text>
              <Typography.Text type="secondary">
                {formatDateTime(e.at)} {e.actorName ?? ''} <ActingForTag o={e.onBehalfOf} />
              </Typography.Text>
              {e.comment && <Typography.Text>{e.comment}</Typography.Text>}
              {e.onBehalfOf?.file && (
                <a href={`/api/files/${e.onBehalfOf.file.id}`} target="_blank" rel="noreferrer">
                  {e.onBehalfOf.file.name}
                </a>
              )}
            </Space>
          ),
        };
      })}
    />
  );
}

const METHOD: Record<string, { zh: string; en: string }> = {
  window: { zh: '窗口领取', en: 'Picked up at the window' },
  express: { zh: '快递送达', en: 'Express' },
  electronic: { zh: '电子送达', en: 'Electronic' },
};

/** 统一出件: one delivery for every result. */
export function BundleDelivery({ b }: { b: BundleCaseView }) {
  const { pick } = useI18n();
  if (!b.delivery) return null;
  const m = METHOD[b.delivery.method] ?? { zh: b.delivery.method, en: b.delivery.method };
  const results = b.members.filter((x) => x.resultNo);
  return (
    <Descriptions bordered size="small" column={1} styles={{ label: { whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={pick('送达方式', 'Method')}>{pick(m.zh, m.en)}{b.delivery.trackingNo ? ` · ${b.delivery.trackingNo}` : ''}</Descriptions.Item>
      <Descriptions.Item label={pick('送达时间', 'At')}>{formatDateTime(b.delivery.at)}</Descriptions.Item>
      <Descriptions.Item label={pick('办理结果', 'Results')}>
        <Space direction="vertical" size={0}>
          {results.map((x) => (
            <Typography.Text key={x.key}>{`${x.name}：${x.resultNo ?? ''}`}</Typography.Text>
          ))}
          {results.length === 0 && '—'}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}
