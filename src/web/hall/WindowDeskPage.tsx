import { Alert, App, Button, Card, Checkbox, Descriptions, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface WindowState {
  window: { id: string; number: string; name: string; category: string; hallName: string };
  open: boolean;
  categories: string[];
  current: { id: string; number: string; category: string; priority: string | null; calls: number; hasApplicantCode: boolean; caseIds: string[] } | null;
  hallCategories: { category: string; letter: string; waiting: number }[];
  hallWindows: { id: string; number: string; name: string }[];
}

/** 叫号台: the clerk opens the window, calls, recalls, skips, transfers, finishes, and takes in from the ticket. */
export function WindowDeskPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const loaded = useApi<WindowState>('/api/hall/my-window');
  const [state, setState] = useState<WindowState>();
  const [cats, setCats] = useState<string[]>([]);
  const [target, setTarget] = useState<string>();
  useEffect(() => {
    if (loaded.data) {
      setState(loaded.data);
      setCats(loaded.data.open ? loaded.data.categories : [loaded.data.window.category]);
    }
  }, [loaded.data]);
  if (loaded.error) return <Alert type="warning" showIcon message={pick(loaded.error.body.message, loaded.error.body.messageEn)} />;
  if (!state) return <Card loading />;
  const act = (url: string, body?: unknown) =>
    post<WindowState>(url, body)
      .then(setState)
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  const w = state.window;
  const cur = state.current;
  // 好差评 at the window: the one-time rating page opens in the tablet's window (一次一评).
  const handTablet = (ticketId: string) =>
    post<{ url: string }>(`/api/hall/tickets/${ticketId}/rating-token`)
      .then((r) => {
        window.open(r.url, 'tongban-rating-tablet');
      })
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`${w.hallName} · ${w.number} ${w.name}`} extra={state.open ? <Tag color="green">{pick('已开启', 'Open')}</Tag> : <Tag>{pick('未开启', 'Closed')}</Tag>}>
        <Space wrap>
          <Checkbox.Group options={state.hallCategories.map((c) => ({ label: `${c.letter} ${c.category}（${c.waiting}）`, value: c.category }))} value={cats} onChange={(v) => setCats(v)} />
          <Button onClick={() => void act(`/api/hall/windows/${w.id}/open`, { categories: cats })} disabled={cats.length === 0}>{state.open ? pick('更新受理类别', 'Update categories') : pick('开启窗口', 'Open the window')}</Button>
          {state.open && <Button onClick={() => void act(`/api/hall/windows/${w.id}/close`)}>{pick('暂停窗口', 'Close the window')}</Button>}
        </Space>
      </Card>
      <Card title={pick('当前号', 'Current ticket')}>
        {cur ? (
          <>
            <Descriptions column={2}>
              <Descriptions.Item label={pick('号码', 'Number')}><strong data-testid="current-number" style={{ fontSize: 28 }}>{cur.number}</strong></Descriptions.Item>
              <Descriptions.Item label={pick('业务', 'Category')}>{cur.category} {cur.priority && <Tag color="red">{pick('优先', 'Priority')}</Tag>}</Descriptions.Item>
              <Descriptions.Item label={pick('呼叫次数', 'Calls')}>{cur.calls}</Descriptions.Item>
              <Descriptions.Item label={pick('已受理办件', 'Cases taken in')}>{cur.caseIds.length}</Descriptions.Item>
            </Descriptions>
            <Space wrap>
              <Link to={`/workbench/intake?ticket=${cur.id}`}>
                <Button type="primary">{pick('受理（带入取号人）', 'Take in (applicant from the ticket)')}</Button>
              </Link>
              {cur.caseIds.length > 0 && <Button onClick={() => void handTablet(cur.id)}>{pick('请申请人评价（平板）', 'Hand the tablet over for a rating')}</Button>}
              <Button onClick={() => void act(`/api/hall/tickets/${cur.id}/recall`)}>{pick('重呼', 'Call again')}</Button>
              <Button onClick={() => void act(`/api/hall/tickets/${cur.id}/finish`)}>{pick('办结', 'Finish')}</Button>
              <Button danger onClick={() => void act(`/api/hall/tickets/${cur.id}/skip`)}>{pick('过号', 'No-show')}</Button>
              <Select style={{ width: 200 }} placeholder={pick('转移到类别', 'Transfer to category')} value={target} onChange={setTarget} options={state.hallCategories.filter((c) => c.category !== cur.category).map((c) => ({ value: c.category, label: c.category }))} />
              <Button disabled={!target} onClick={() => target && void act(`/api/hall/tickets/${cur.id}/transfer`, { category: target })}>{pick('转移', 'Transfer')}</Button>
            </Space>
          </>
        ) : (
          <Button type="primary" size="large" disabled={!state.open} onClick={() => void act(`/api/hall/windows/${w.id}/call-next`)}>{pick('叫号', 'Call next')}</Button>
        )}
      </Card>
    </Space>
  );
}
