import { FileDoneOutlined, FileSearchOutlined, NumberOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useKiosk } from './kiosk-context.js';

/** The kiosk's home: four large choices. */
export function KioskHome() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const { identity } = useKiosk();
  const mine = identity ? '/kiosk/cases' : '/kiosk/identify';
  const tile = (testId: string, title: string, hint: string, to: string, icon: ReactNode) => (
    <Button key={testId} data-testid={testId} type="primary" onClick={() => navigate(to)} style={{ height: 240, whiteSpace: 'normal', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 8 }}>
      <span style={{ fontSize: 64, lineHeight: 1 }} aria-hidden>{icon}</span>
      <span style={{ fontSize: 36, fontWeight: 700 }}>{title}</span>
      <span style={{ fontSize: 20, opacity: 0.9 }}>{hint}</span>
    </Button>
  );
  return (
    <>
      <Typography.Title style={{ fontSize: 40, textAlign: 'center', margin: '24px 0 32px' }}>{pick('请选择您要办理的业务', 'What would you like to do?')}</Typography.Title>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: 24 }}>
        {tile('kiosk-progress', pick('办件进度查询', 'Case progress'), pick('身份证号或信用代码 + 短信验证码', 'ID number or credit code + SMS code'), mine, <FileSearchOutlined />)}
        {tile('kiosk-print', pick('打印通知书', 'Print notices'), pick('受理、补正、决定等文书', 'Acceptance, correction, decision …'), mine, <PrinterOutlined />)}
        {tile('kiosk-apply', pick('即办事项申请', 'Apply: on-the-spot items'), pick('当场办结的事项，无需上传材料', 'Decided on the spot; nothing to upload'), identity ? '/kiosk/apply' : '/kiosk/identify?next=apply', <FileDoneOutlined />)}
        {tile('kiosk-ticket', pick('取号', 'Take a number'), pick('窗口排队，预约签到', 'Queue for a window; booked visits check in'), '/kiosk/ticket', <NumberOutlined />)}
      </div>
    </>
  );
}
