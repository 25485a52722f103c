import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { callAnnouncement } from '../../core/hall/ticket-number.js';
import { useI18n } from '../shared/i18n.js';

interface Call {
  ticketId: string;
  number: string;
  category: string;
  windowNumber: string;
  at: string | null;
}
interface Waiting {
  category: string;
  letter: string;
  nameEn: string | null;
  waiting: number;
}

/** Speaks a call in Chinese with the browser's speech synthesis (叫号播报). */
function speak(call: Call): void {
  if (!('speechSynthesis' in window)) return;
  const u = new SpeechSynthesisUtterance(callAnnouncement(call.number, call.windowNumber));
  u.lang = 'zh-CN';
  u.rate = 0.9;
  window.speechSynthesis.speak(u);
}

/** 叫号大屏 for the hall's TV: the last calls and the queues, live over Server-Sent Events. */
export function CallScreenPage() {
  const { hallId } = useParams();
  const { pick } = useI18n();
  const [hallName, setHallName] = useState('');
  const [calls, setCalls] = useState<Call[]>([]);
  const [waiting, setWaiting] = useState<Waiting[]>([]);
  const [live, setLive] = useState(false);

  useEffect(() => {
    // EventSource reconnects by itself (the server sends retry: 2000), e.g. after a server restart,
    // and every (re)connect starts with a fresh snapshot.
    const es = new EventSource(`/api/public/halls/${hallId ?? ''}/stream`);
    es.addEventListener('open', () => setLive(true));
    es.addEventListener('error', () => setLive(false));
    es.addEventListener('snapshot', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as { hallName: string; calls: Call[]; waiting: Waiting[] };
      setHallName(s.hallName);
      setCalls(s.calls);
      setWaiting(s.waiting);
      setLive(true);
    });
    es.addEventListener('call', (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as Call;
      setCalls((prev) => [c, ...prev.filter((p) => p.ticketId !== c.ticketId)].slice(0, 10));
      speak(c);
    });
    es.addEventListener('waiting', (e) => setWaiting(JSON.parse((e as MessageEvent<string>).data) as Waiting[]));
    return () => es.close();
  }, [hallId]);

  const latest = calls[0];
  return (
    <div style={{ background: '#8c0013', minHeight: '100vh', padding: 24, color: '#fff' }}>
      <Typography.Title style={{ color: '#fff', textAlign: 'center', fontSize: 44, margin: 0 }}>
        {hallName} · {pick('叫号', 'Now calling')} <span aria-label={live ? 'live' : 'offline'} style={{ fontSize: 18, color: live ? '#b7eb8f' : '#ffccc7' }}>{live ? '●' : pick('重新连接中…', 'reconnecting…')}</span>
      </Typography.Title>
      <Row gutter={24} style={{ marginTop: 24 }}>
        <Col span={14}>
          <Card style={{ textAlign: 'center', marginBottom: 16 }}>
            <div data-testid="latest-call" style={{ fontSize: 72, fontWeight: 700, color: '#c8102e' }}>
              {latest ? pick(`请 ${latest.number} 号到 ${latest.windowNumber} 号窗口`, `${latest.number} → window ${latest.windowNumber}`) : pick('等待叫号', 'Waiting for calls')}
            </div>
          </Card>
          <Table
            size="large"
            rowKey="ticketId"
            pagination={false}
            dataSource={calls.slice(1)}
            columns={[
              { title: pick('号码', 'Number'), dataIndex: 'number', render: (v: string) => <span style={{ fontSize: 28 }}>{v}</span> },
              { title: pick('窗口', 'Window'), dataIndex: 'windowNumber', render: (v: string) => <span style={{ fontSize: 28 }}>{v}</span> },
              { title: pick('业务', 'Category'), dataIndex: 'category', render: (v: string) => <span style={{ fontSize: 22 }}>{v}</span> },
            ]}
          />
        </Col>
        <Col span={10}>
          <Row gutter={[16, 16]}>
            {waiting.map((w) => (
              <Col span={12} key={w.category}>
                <Card>
                  <Statistic title={<span style={{ fontSize: 22 }}>{w.letter} · {pick(w.category, w.nameEn ?? w.category)}</span>} value={w.waiting} suffix={pick('人等候', 'waiting')} valueStyle={{ fontSize: 40 }} />
                </Card>
              </Col>
            ))}
          </Row>
        </Col>
      </Row>
    </div>
  );
}
