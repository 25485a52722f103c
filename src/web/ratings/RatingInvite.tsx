import { App, Button, Space } from 'antd';
import { FINISHED_STATES } from '../../core/ratings/rules.js';
import type { CaseState } from '../../core/cases/types.js';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';

/**
 * On the clerk's case screen: hand the window tablet over for the applicant to rate the window service
 * (opens the one-time page in the tablet's window), or send the applicant an SMS link to rate the case.
 */
export function RatingInvite({ caseId, state, atWindow }: { caseId: string; state: string; atWindow: boolean }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const tablet = () =>
    post<{ url: string }>(`/api/cases/${caseId}/rating-tokens`, { service: 'window', channel: 'tablet' })
      .then((r) => {
        window.open(r.url, 'tongban-rating-tablet');
      })
      .catch(fail);
  const sms = () =>
    post(`/api/cases/${caseId}/rating-tokens`, { service: 'case', channel: 'sms' })
      .then(() => message.success(pick('评价短信已发送', 'Rating SMS sent')))
      .catch(fail);
  const finished = FINISHED_STATES.includes(state as CaseState);
  if (!atWindow && !finished) return null;
  return (
    <Space wrap>
      {atWindow && state !== 'draft' && <Button onClick={() => void tablet()}>{pick('请申请人评价窗口服务（平板）', 'Hand the tablet over for a rating')}</Button>}
      {finished && <Button onClick={() => void sms()}>{pick('发送评价短信', 'Send a rating SMS')}</Button>}
    </Space>
  );
}
