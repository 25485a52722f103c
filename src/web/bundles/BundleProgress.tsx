import { Card, Table, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';
import { formatDateTime } from '../shared/time.js';
import { BUNDLE_STATE_COLOR, PHASE_COLOR } from './BundleCaseParts.js';
import type { BundleMemberView } from './types.js';

/** The public look-up's answer for a 一件事 number (YJS…): states and dates, no names or personal data. */
export interface BundleProgress {
  caseNo: string;
  title: string;
  state: string;
  stateZh: string;
  stateEn: string;
  dueDate: string;
  members: { key: string; name?: string; phase: BundleMemberView['phase']; phaseZh: string; phaseEn: string }[];
  timeline: { at: string; action: string; member: string | null }[];
}

export const isBundleNumber = (caseNo: string) => /^YJS/i.test(caseNo.trim());

const EVENT: Record<string, [string, string]> = {
  submit: ['提交申请', 'Submitted'],
  library_use: ['选用已有材料', 'Material reused'],
  member_started: ['事项开始办理', 'Member started'],
  member_blocked: ['事项不再办理', 'Member will not proceed'],
  member_start_failed: ['事项未能启动', 'Member could not start'],
  correction_item_added: ['部门提出补正', 'Correction asked'],
  correction_sent: ['一次性告知补正', 'Correction notice sent'],
  correction_answered: ['申请人补正', 'Correction answered'],
  withdraw: ['申请人撤回', 'Withdrawn'],
  deliver: ['统一出件', 'Delivered together'],
  state_in_progress: ['联办中', 'In progress'],
  state_correction_requested: ['待补正', 'Awaiting correction'],
  state_completed: ['全部办结', 'All completed'],
  state_delivered: ['已统一出件', 'Delivered'],
  state_partially_completed: ['部分办结', 'Partially completed'],
  state_stopped: ['终止办理', 'Stopped'],
  state_withdrawn: ['已撤回', 'Withdrawn'],
};

export function BundleProgressCard({ p }: { p: BundleProgress }) {
  const { pick } = useI18n();
  const nameOf = (key: string | null) => (key ? (p.members.find((m) => m.key === key)?.name ?? key) : '');
  return (
    <Card title={pick(`${p.title}“一件事”`, `${p.title} (life-event bundle)`)} extra={<Tag color={BUNDLE_STATE_COLOR[p.state]}>{pick(p.stateZh, p.stateEn)}</Tag>} styles={{ header: { flexWrap: 'wrap' } }}>
      <p>
        {pick('一件事办结期限', 'Bundle due date')}：{p.dueDate}
      </p>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={p.members}
        style={{ marginBottom: 16 }}
        columns={[
          { title: pick('联办事项', 'Member item'), render: (_v, m: BundleProgress['members'][number]) => m.name ?? m.key },
          { title: pick('状态', 'Status'), render: (_v, m: BundleProgress['members'][number]) => <Tag color={PHASE_COLOR[m.phase]}>{pick(m.phaseZh, m.phaseEn)}</Tag> },
        ]}
      />
      <Timeline
        items={p.timeline.map((e) => {
          const l = EVENT[e.action] ?? [e.action, e.action];
          return {
            children: (
              <>
                <Typography.Text strong>
                  {pick(...l)}
                  {e.member ? `：${nameOf(e.member)}` : ''}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              </>
            ),
          };
        })}
      />
    </Card>
  );
}
