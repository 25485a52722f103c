import { Alert, Button, Card, Result, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { NumberPad } from '../kiosk/NumberPad.js';
import { CODE_PAD, ID_NUMBER_PAD } from '../../core/kiosk/index.js';

interface Hall {
  id: string;
  name: string;
  nameEn: string | null;
  categories: { category: string; letter: string; nameEn: string | null; waiting: number }[];
}
interface Ticket {
  number: string;
  category: string;
  ahead: number;
  estimatedWaitMinutes: number;
  priority: string | null;
  viewToken: string;
  hallName: string;
}

/** Idle time after which the kiosk clears everything (自助终端 空闲超时). */
export const KIOSK_IDLE_MS = 60_000;

/** 自助取号: large touch targets, a choice instead of typing where possible, cleared after a minute idle. */
export function KioskTicketPage() {
  const { pick } = useI18n();
  const halls = useApi<{ halls: Hall[] }>('/api/public/halls');
  const [checkInCode, setCheckInCode] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [ticket, setTicket] = useState<Ticket>();
  const [qr, setQr] = useState<string>();
  const [error, setError] = useState<string>();
  /** Which field the on-screen pad types into (no keyboard at a kiosk). */
  const [typing, setTyping] = useState<'checkIn' | 'id' | null>(null);
  const idle = useRef<number | undefined>(undefined);
  const hall = halls.data?.halls[0];

  const clear = () => {
    setTicket(undefined);
    setQr(undefined);
    setCheckInCode('');
    setIdNumber('');
    setError(undefined);
    setTyping(null);
  };
  useEffect(() => {
    const reset = () => {
      window.clearTimeout(idle.current);
      idle.current = window.setTimeout(clear, KIOSK_IDLE_MS);
    };
    reset();
    for (const e of ['pointerdown', 'keydown'] as const) window.addEventListener(e, reset);
    return () => {
      window.clearTimeout(idle.current);
      for (const e of ['pointerdown', 'keydown'] as const) window.removeEventListener(e, reset);
    };
  }, []);

  const take = async (category: string) => {
    if (!hall) return;
    setError(undefined);
    try {
      const t = await post<Ticket>(`/api/public/halls/${hall.id}/tickets`, { category, ...(checkInCode ? { checkInCode } : {}), ...(idNumber ? { idNumber: idNumber.toUpperCase() } : {}) });
      setTicket(t);
      setQr(await QRCode.toDataURL(`${window.location.origin}/hall/ticket/${t.viewToken}`, { margin: 1, width: 200 }));
    } catch (e) {
      setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
    }
  };

  const big = { height: 96, fontSize: 28, width: '100%' } as const;
  if (ticket) {
    return (
      <div style={{ padding: 32 }}>
        <Result
          status="success"
          title={<span style={{ fontSize: 64 }} data-testid="ticket-number">{ticket.number}</span>}
          subTitle={
            <span style={{ fontSize: 24 }}>
              {ticket.category} · {pick(`前面还有 ${ticket.ahead} 人`, `${ticket.ahead} ahead of you`)} · {pick(`预计等待 ${ticket.estimatedWaitMinutes} 分钟`, `about ${ticket.estimatedWaitMinutes} min`)}
              {ticket.priority && <div>{pick('优先号', 'Priority ticket')}</div>}
            </span>
          }
          extra={[
            qr && <img key="qr" src={qr} alt={pick('扫码查看排队进度', 'Scan to follow your place')} width={200} height={200} />,
            <Typography.Paragraph key="hint">{pick('用手机扫码可随时查看排队进度', 'Scan with your phone to follow your place in the queue')}</Typography.Paragraph>,
            <Button key="print" style={big} onClick={() => window.print()}>{pick('打印号票', 'Print the ticket')}</Button>,
            <Button key="done" type="primary" style={{ ...big, marginTop: 16 }} onClick={clear}>{pick('完成', 'Done')}</Button>,
          ]}
        />
      </div>
    );
  }
  return (
    <div style={{ padding: 32, maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title style={{ fontSize: 40 }}>{hall ? pick(hall.name, hall.nameEn ?? hall.name) : ''} · {pick('自助取号', 'Take a number')}</Typography.Title>
      {error && <Alert type="error" showIcon message={<span style={{ fontSize: 22 }}>{error}</span>} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap style={{ width: '100%' }}>
            <Button aria-label={pick('签到码', 'Check-in code')} type={typing === 'checkIn' ? 'primary' : 'default'} ghost={typing === 'checkIn'} style={{ height: 72, fontSize: 24, minWidth: 420 }} onClick={() => setTyping(typing === 'checkIn' ? null : 'checkIn')}>
              {checkInCode ? `${pick('签到码', 'Check-in code')} ${checkInCode}` : pick('已预约？点此输入 6 位签到码（可不填）', 'Booked? Tap to enter the 6-digit check-in code (optional)')}
            </Button>
            <Button aria-label={pick('身份证号', 'ID number')} type={typing === 'id' ? 'primary' : 'default'} ghost={typing === 'id'} style={{ height: 72, fontSize: 24, minWidth: 420 }} onClick={() => setTyping(typing === 'id' ? null : 'id')}>
              {idNumber ? `${pick('身份证号', 'ID number')} ${idNumber}` : pick('点此输入身份证号（可不填，70 岁以上优先）', 'Tap to enter your ID number (optional; 70 and over are called first)')}
            </Button>
          </Space>
          {typing === 'checkIn' && <NumberPad label={pick('签到码', 'Check-in code')} value={checkInCode} onChange={setCheckInCode} spec={CODE_PAD} />}
          {typing === 'id' && <NumberPad label={pick('身份证号', 'ID number')} value={idNumber} onChange={setIdNumber} spec={ID_NUMBER_PAD} />}
        </Space>
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: 16 }}>
        {hall?.categories.map((c) => (
          <Button key={c.category} type="primary" style={{ height: 140, fontSize: 32, whiteSpace: 'normal' }} onClick={() => void take(c.category)}>
            <div>{c.letter} · {pick(c.category, c.nameEn ?? c.category)}</div>
            <div style={{ fontSize: 20 }}>{pick(`等候 ${c.waiting} 人`, `${c.waiting} waiting`)}</div>
          </Button>
        ))}
      </div>
    </div>
  );
}
