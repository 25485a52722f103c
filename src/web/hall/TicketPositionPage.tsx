import { Card, Result, Statistic } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface Position {
  number: string;
  category: string;
  hallId: string;
  hallName: string;
  state: 'waiting' | 'called' | 'done' | 'no_show';
  ahead: number;
  estimatedWaitMinutes: number;
  windowNumber: string | null;
}

/** The applicant's phone (the QR on the ticket): the live place in the queue. */
export function TicketPositionPage() {
  const { token } = useParams();
  const { pick } = useI18n();
  const pos = useApi<Position>(`/api/public/tickets/${token ?? ''}`);
  const hallId = pos.data?.hallId;
  const reload = pos.reload;
  useEffect(() => {
    if (!hallId) return;
    const es = new EventSource(`/api/public/halls/${hallId}/stream`);
    const refresh = () => reload();
    // A snapshot comes on every (re)connect and after the server missed events: read the position again.
    es.addEventListener('snapshot', refresh);
    es.addEventListener('call', refresh);
    es.addEventListener('waiting', refresh);
    return () => es.close();
  }, [hallId, reload]);
  const p = pos.data;
  if (!p) return <Card loading={pos.loading}>{pos.error ? pick(pos.error.body.message, pos.error.body.messageEn) : null}</Card>;
  return (
    <div style={{ padding: 16, maxWidth: 480, margin: '0 auto' }}>
      <Card title={`${p.hallName} · ${p.category}`}>
        <div data-testid="my-number" style={{ fontSize: 56, fontWeight: 700, textAlign: 'center' }}>{p.number}</div>
        {p.state === 'waiting' && (
          <>
            <Statistic title={pick('前面等候', 'Ahead of you')} value={p.ahead} suffix={pick('人', '')} />
            <Statistic title={pick('预计等待', 'Estimated wait')} value={p.estimatedWaitMinutes} suffix={pick('分钟', 'min')} />
          </>
        )}
        {p.state === 'called' && <Result status="warning" title={pick(`请到 ${p.windowNumber ?? ''} 号窗口办理`, `Please go to window ${p.windowNumber ?? ''}`)} />}
        {p.state === 'done' && <Result status="success" title={pick('已办理', 'Served')} />}
        {p.state === 'no_show' && <Result status="info" title={pick('已过号，请重新取号', 'Missed; please take a new number')} />}
      </Card>
    </div>
  );
}
