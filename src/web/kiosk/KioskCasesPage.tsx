import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Steps, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { useKiosk } from './kiosk-context.js';

interface KioskCase {
  id: string;
  caseNo: string | null;
  title: string;
  state: string;
  stateZh: string;
  stateEn: string;
  acceptedOn: string | null;
  dueDate: string | null;
  submittedAt: string | null;
  timeline: { at: string; labelZh: string; labelEn: string }[];
  notices: { kind: string; zh: string; en: string }[];
}

const day = (iso: string) => iso.slice(0, 10);

/** The identified person's own cases: where each stands, and its notices to print (the PDF opens for the print dialog). */
export function KioskCasesPage() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const { identity, setIdentity } = useKiosk();
  const { data, error } = useApi<{ cases: KioskCase[] }>('/api/kiosk/cases');
  const me = useApi<{ name: string }>(identity ? null : '/api/kiosk/me');
  useEffect(() => {
    if (me.data && !identity) setIdentity({ name: me.data.name });
  }, [me.data, identity, setIdentity]);
  useEffect(() => {
    // No kiosk session (or it ended on the server): identify first.
    if (error && error.status === 401) navigate('/kiosk/identify', { replace: true });
  }, [error, navigate]);
  const print = (c: KioskCase, kind: string) => window.open(`/api/kiosk/cases/${c.id}/notices/${kind}`, 'tongban-kiosk-print');
  if (error && error.status !== 401) return <Alert type="error" showIcon message={pick(error.body.message, error.body.messageEn)} />;
  if (!data) return <Card loading />;
  return (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 34, margin: 0 }}>{pick('我的办件', 'My cases')}</Typography.Title>
      {data.cases.length === 0 && <Card><Empty description={<span style={{ fontSize: 24 }}>{pick('没有查到您的办件', 'No cases found for you')}</span>} /></Card>}
      {data.cases.map((c) => (
        <Card
          key={c.id}
          data-testid="kiosk-case"
          title={<span style={{ fontSize: 26 }}>{c.title}</span>}
          extra={<Tag color={['refused', 'denied', 'revoked'].includes(c.state) ? 'red' : ['delivered', 'completed', 'approved'].includes(c.state) ? 'green' : 'blue'} style={{ fontSize: 22, padding: '6px 14px' }}>{pick(c.stateZh, c.stateEn)}</Tag>}
        >
          <Space direction="vertical" size={16} style={{ width: '100%', fontSize: 22 }}>
            <Space size={32} wrap style={{ fontSize: 22 }}>
              <span>{pick('办件编号', 'Case no.')}：<strong>{c.caseNo}</strong></span>
              {c.acceptedOn && <span>{pick('受理日期', 'Accepted on')}：{c.acceptedOn}</span>}
              {c.dueDate && <span>{pick('承诺办结', 'Due by')}：<strong>{c.dueDate}</strong></span>}
            </Space>
            {c.timeline.length > 0 && (
              <Steps
                size="default"
                current={c.timeline.length - 1}
                items={c.timeline.map((e) => ({ title: <span style={{ fontSize: 20 }}>{pick(e.labelZh, e.labelEn)}</span>, description: <span style={{ fontSize: 16 }}>{day(e.at)}</span> }))}
              />
            )}
            {c.notices.length > 0 && (
              <Space wrap size={16}>
                {c.notices.map((n) => (
                  <Button key={n.kind} size="large" icon={<PrinterOutlined />} onClick={() => print(c, n.kind)} style={{ height: 72, fontSize: 24 }}>
                    {pick(`打印${n.zh}`, `Print: ${n.en}`)}
                  </Button>
                ))}
              </Space>
            )}
          </Space>
        </Card>
      ))}
    </Space>
  );
}
