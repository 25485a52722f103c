import { App, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { FINISHED_BUNDLE_STATES, FINISHED_STATES } from '../../core/ratings/rules.js';
import type { CaseState } from '../../core/cases/types.js';
import type { BundleState } from '../../core/bundles/state.js';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { RatingForm, type RatingValues } from './RatingForm.js';

export interface CaseRating {
  id: string;
  service: 'case' | 'window' | 'bundle';
  level: number;
  tags: string[];
  comment: string | null;
  anonymous: boolean;
  channel: string;
  kind: 'rating' | 'follow_up' | 're_rating';
  followUpOf: string | null;
  ratedOn: string;
  removed: boolean;
  removedReason: string | null;
  rectification: { id: string; status: string } | null;
}

const LEVEL_ZH: Record<number, [string, string, string]> = { 5: ['非常满意', 'Very satisfied', 'green'], 4: ['满意', 'Satisfied', 'cyan'], 3: ['基本满意', 'Fairly satisfied', 'blue'], 2: ['不满意', 'Dissatisfied', 'orange'], 1: ['非常不满意', 'Very dissatisfied', 'red'] };
const TASK_STATUS: Record<string, [string, string]> = { open: ['待回访整改', 'Awaiting follow-up'], revisited: ['已回访，整改中', 'Contacted, rectifying'], rectified: ['已整改', 'Rectified'], withdrawn: ['已撤销（申诉成立）', 'Withdrawn (appeal upheld)'] };

export function RatingLine({ r }: { r: CaseRating }) {
  const { pick } = useI18n();
  const [zh, en, colour] = LEVEL_ZH[r.level] ?? ['', '', 'default'];
  return (
    <Space wrap>
      <Tag color={colour}>{pick(zh, en)}</Tag>
      {r.kind === 'follow_up' && <Tag>{pick('追评', 'Follow-up')}</Tag>}
      {r.kind === 're_rating' && <Tag>{pick('整改后再评价', 'Re-rating')}</Tag>}
      <span>{[...r.tags, r.comment].filter(Boolean).join('；')}</span>
      <Typography.Text type="secondary">{r.ratedOn}</Typography.Text>
      {r.anonymous && <Tag>{pick('匿名', 'Anonymous')}</Tag>}
      {r.removed && <Tag color="default">{r.removedReason ?? pick('申诉成立', 'Appeal upheld')}</Tag>}
      {r.rectification && <Tag color="volcano">{pick(...(TASK_STATUS[r.rectification.status] ?? [r.rectification.status, r.rectification.status]))}</Tag>}
    </Space>
  );
}

/** 好差评 on the applicant's case page: rate the finished case once, add one 追评, and re-rate after rectification. */
export function CaseRatingCard({ caseId, state }: { caseId: string; state: string }) {
  const { pick } = useI18n();
  const { data, reload } = useApi<{ ratings: CaseRating[]; bundleCaseId?: string | null }>(`/api/cases/${caseId}/ratings`);
  if (!FINISHED_STATES.includes(state as CaseState) || !data) return null;
  // 一事一评 (ADR 0043): a member of a 一件事 is rated with its bundle, not on its own.
  if (data.bundleCaseId) {
    return (
      <Card title={pick('好差评 · 评价本次服务', 'Rate this service')} style={{ marginTop: 16 }} type="inner">
        <Typography.Text>
          {pick('本事项属于一件事，请对一件事整体评价：', 'This item is part of a life-event bundle; rate the bundle as one service: ')}
          <Link to={`/my/bundles/${data.bundleCaseId}`}>{pick('前往一件事', 'Open the bundle')}</Link>
        </Typography.Text>
      </Card>
    );
  }
  return <RatingCard ratings={data.ratings} reload={reload} service="case" rateUrl={`/api/cases/${caseId}/ratings`} />;
}

/** 一事一评 on the applicant's bundle page (ADR 0043): the finished bundle is rated once as one service, with one 追评. */
export function BundleRatingCard({ bundleCaseId, state }: { bundleCaseId: string; state: string }) {
  const { data, reload } = useApi<{ ratings: CaseRating[] }>(`/api/bundle-cases/${bundleCaseId}/ratings`);
  if (!FINISHED_BUNDLE_STATES.includes(state as BundleState) || !data) return null;
  return <RatingCard ratings={data.ratings} reload={reload} service="bundle" rateUrl={`/api/bundle-cases/${bundleCaseId}/ratings`} />;
}

function RatingCard({ ratings, reload, service, rateUrl }: { ratings: CaseRating[]; reload: () => void; service: 'case' | 'bundle'; rateUrl: string }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'follow_up' | 're_rating'>();
  const first = ratings.find((r) => r.service === service && r.kind === 'rating');
  const children = ratings.filter((r) => r.followUpOf === first?.id);
  const windowRating = ratings.find((r) => r.service === 'window' && r.kind === 'rating');
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const rate = (v: RatingValues) =>
    post(rateUrl, service === 'case' ? { service: 'case', ...v } : v)
      .then(() => {
        message.success(pick('感谢您的评价', 'Thank you for your rating'));
        reload();
      })
      .catch(fail);
  const follow = (kind: 'follow_up' | 're_rating') => (v: RatingValues) =>
    post(`/api/ratings/${first?.id ?? ''}/follow-ups`, { kind, level: v.level, tags: v.tags, ...(v.comment ? { comment: v.comment } : {}) })
      .then(() => {
        message.success(pick('已提交', 'Submitted'));
        setMode(undefined);
        reload();
      })
      .catch(fail);
  const canFollow = first && !first.anonymous && !children.some((r) => r.kind === 'follow_up');
  const canReRate = first && first.rectification?.status === 'rectified' && !children.some((r) => r.kind === 're_rating');
  return (
    <Card title={service === 'bundle' ? pick('好差评 · 评价本次一件事服务', 'Rate this life-event bundle') : pick('好差评 · 评价本次服务', 'Rate this service')} style={{ marginTop: 16 }} type="inner">
      {!first ? (
        <RatingForm onSubmit={rate} submitText={pick('提交评价', 'Submit rating')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} items={[{ key: 'mine', label: pick('我的评价', 'My rating'), children: <RatingLine r={first} /> }, ...children.map((r) => ({ key: r.id, label: r.kind === 'follow_up' ? pick('追评', 'Follow-up') : pick('再评价', 'Re-rating'), children: <RatingLine r={r} /> }))]} />
          {windowRating && <Descriptions size="small" column={1} items={[{ key: 'w', label: pick('窗口服务评价', 'Window service'), children: <RatingLine r={windowRating} /> }]} />}
          {!mode && (
            <Space>
              {canFollow && <Typography.Link onClick={() => setMode('follow_up')}>{pick('追加评价（追评）', 'Add a follow-up')}</Typography.Link>}
              {canReRate && <Typography.Link onClick={() => setMode('re_rating')}>{pick('部门已整改，请再次评价', 'The department has rectified: rate again')}</Typography.Link>}
            </Space>
          )}
          {mode && <RatingForm key={mode} allowAnonymous={false} onSubmit={follow(mode)} submitText={mode === 'follow_up' ? pick('提交追评', 'Submit follow-up') : pick('提交再评价', 'Submit re-rating')} />}
        </Space>
      )}
    </Card>
  );
}
