import { ShopOutlined } from '@ant-design/icons';
import { Button, Card, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { RatingForm, type RatingValues } from './RatingForm.js';

/**
 * /rate/:token — the one-time rating page of a window tablet (handed over by the clerk right after
 * intake; kiosk-style, large) or of an SMS link on the applicant's phone. The token works once.
 */
export function RateByLinkPage() {
  const { token = '' } = useParams();
  const { pick, lang, setLang } = useI18n();
  const { data, error } = useApi<{
    service: 'case' | 'window';
    channel: 'tablet' | 'sms';
    title: string;
    caseNo: string | null;
    window: { hallName: string; number: string | null; name: string | null; clerkName: string; ticketNumber: string | null } | null;
  }>(`/api/public/rating-tokens/${encodeURIComponent(token)}`);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string>();
  const tablet = data?.channel === 'tablet';
  const submit = (v: RatingValues) =>
    post(`/api/public/rating-tokens/${encodeURIComponent(token)}`, v)
      .then(() => setDone(true))
      .catch((e: unknown) => setFailure(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: 'clamp(12px, 4vw, 48px)' }}>
      <Card style={{ maxWidth: 880, margin: '0 auto' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={2} style={{ color: '#c8102e', margin: 0 }}>
            {pick('政务服务好差评', 'Rate our service')}
          </Typography.Title>
          <Button type="text" onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {lang === 'zh-CN' ? 'English' : '中文'}
          </Button>
        </Space>
        {error || failure ? (
          <Result status="warning" title={failure ?? (error ? pick(error.body.message, error.body.messageEn) : '')} />
        ) : done ? (
          <Result status="success" title={pick('感谢您的评价！', 'Thank you for your rating!')} subTitle={tablet ? pick('请将平板交还窗口工作人员。', 'Please hand the tablet back to the clerk.') : pick('您的评价已提交，本链接已失效。', 'Your rating is recorded; this link no longer works.')} />
        ) : data ? (
          <>
            <Typography.Paragraph style={{ fontSize: tablet ? 20 : 16, marginTop: 16 }}>
              {data.service === 'window' ? pick('请对本次窗口服务进行评价：', 'Please rate the window service you just received:') : pick('请对办件的办理服务进行评价：', 'Please rate how your case was handled:')}
              <br />
              <strong>{data.title}</strong>
              {data.caseNo && <Typography.Text type="secondary"> （{data.caseNo}）</Typography.Text>}
            </Typography.Paragraph>
            {data.window && (
              <div data-testid="rated-window" style={{ display: 'flex', gap: 24, alignItems: 'center', background: '#fff5f5', border: '1px solid #ffccc7', borderRadius: 8, padding: '12px 20px', marginBottom: 16, fontSize: tablet ? 22 : 16 }}>
                <ShopOutlined style={{ fontSize: tablet ? 44 : 28, color: '#c8102e' }} aria-hidden />
                <span>
                  <strong>{data.window.hallName}</strong>
                  {data.window.number && <> · {pick(`${data.window.number} 号窗口`, `Window ${data.window.number}`)}{data.window.name ? `（${data.window.name}）` : ''}</>}
                  <br />
                  {pick('服务人员', 'Served by')}：{data.window.clerkName}
                  {data.window.ticketNumber && <> · {pick('号码', 'Ticket')} {data.window.ticketNumber}</>}
                </span>
              </div>
            )}
            <RatingForm large={tablet} onSubmit={submit} submitText={pick('提交评价', 'Submit rating')} />
          </>
        ) : (
          <Card loading bordered={false} />
        )}
      </Card>
    </div>
  );
}
