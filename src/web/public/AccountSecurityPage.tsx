import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { PASSWORD_RULE } from './password-rules.js';
import { SecondFactorResets } from './SecondFactorResets.js';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

/** 账号安全: change the password (other sessions end) and enrol an authenticator app (required for staff). */
export function AccountSecurityPage() {
  const { session, loading, hasRole } = useSession();
  const { pick } = useI18n();
  if (loading) return null;
  if (!session) return <Navigate to="/login" replace />;
  const sf = session.secondFactor;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 640, margin: '24px auto', display: 'flex' }}>
      <Typography.Title level={3}>{pick('账号安全', 'Account security')}</Typography.Title>
      {sf?.required && !sf.enabled && (
        <Alert
          type="warning"
          showIcon
          message={pick('请先绑定动态验证码', 'Set up your authenticator app first')}
          description={pick('工作人员账号须使用双因素认证（密码 + 动态验证码）。绑定前无法使用工作台和管理功能。', 'Staff accounts need two-factor login (password + authenticator code). The workbench and administration open once it is set up.')}
        />
      )}
      <SecondFactorCard />
      <ChangePasswordCard />
      {/* Account administration (src/server/policies/staff.ts): the system administrator's. */}
      {sf?.enabled && hasRole('system_admin') && <SecondFactorResets />}
    </Space>
  );
}

function useErrors() {
  const { pick } = useI18n();
  const [errors, setErrors] = useState<string[]>([]);
  const show = (e: unknown) => {
    if (e instanceof ApiError) setErrors(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
    else setErrors([String(e)]);
  };
  const list = errors.length > 0 && (
    <ul role="alert" style={{ color: '#a8071a', paddingLeft: 18 }}>
      {errors.map((e) => <li key={e}>{e}</li>)}
    </ul>
  );
  return { show, clear: () => setErrors([]), list };
}

function SecondFactorCard() {
  const { pick } = useI18n();
  const { session, refresh } = useSession();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const errors = useErrors();
  const enabled = session?.secondFactor?.enabled ?? false;
  return (
    <Card title={pick('动态验证码（双因素认证）', 'Authenticator app (two-factor login)')}>
      {recoveryCodes ? (
        <>
          <Alert type="success" showIcon message={pick('已绑定动态验证码', 'Two-factor login is on')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph strong>
            {pick('恢复码（仅显示这一次，每个只能使用一次；手机丢失时用于登录，请抄写并妥善保管）：', 'Recovery codes (shown only now, each works once; use one to log in if you lose your phone — write them down and keep them safe):')}
          </Typography.Paragraph>
          <pre aria-label={pick('恢复码', 'Recovery codes')} style={{ fontSize: 16, background: '#fafafa', padding: 12 }}>{recoveryCodes.join('\n')}</pre>
          <Button type="primary" onClick={() => void refresh().then(() => setRecoveryCodes(null))}>{pick('我已保存恢复码', 'I have saved them')}</Button>
        </>
      ) : enabled ? (
        <Typography.Paragraph>
          {pick('已启用。如手机丢失，请使用恢复码登录，或请两名系统管理员（一人申请、另一人批准）重置。', 'On. If you lose your phone, log in with a recovery code, or ask two administrators (one requests, another approves) to reset it.')}
        </Typography.Paragraph>
      ) : enrolment ? (
        <Form
          layout="vertical"
          onFinish={(v: { code: string }) => {
            errors.clear();
            post<{ recoveryCodes: string[] }>('/api/auth/second-factor/confirm', v).then((r) => setRecoveryCodes(r.recoveryCodes), errors.show);
          }}
        >
          <Typography.Paragraph>{pick('1. 用身份验证器App（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）扫描二维码：', '1. Scan the QR code with an authenticator app (Microsoft Authenticator, Google Authenticator, FreeOTP…):')}</Typography.Paragraph>
          <img src={enrolment.qrCode} alt={pick('动态验证码二维码', 'QR code for the authenticator app')} width={200} height={200} />
          <Typography.Paragraph>
            {pick('无法扫码时手动输入密钥：', 'Or type in the key:')} <Typography.Text code copyable>{enrolment.secret}</Typography.Text>
          </Typography.Paragraph>
          <Form.Item name="code" label={pick('2. 输入App显示的6位数字', '2. Enter the 6 digits the app shows')} rules={[{ required: true, pattern: /^\d{6}$/, message: pick('6位数字', '6 digits') }]}>
            <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ maxWidth: 200 }} />
          </Form.Item>
          {errors.list}
          <Button type="primary" htmlType="submit">{pick('确认绑定', 'Turn on')}</Button>
        </Form>
      ) : (
        <>
          <Typography.Paragraph>{pick('登录时除密码外，还需输入手机App生成的动态验证码。', 'Logging in will also ask for a code from an app on your phone.')}</Typography.Paragraph>
          {errors.list}
          <Button type="primary" onClick={() => void post<Enrolment>('/api/auth/second-factor/enrol').then(setEnrolment, errors.show)}>
            {pick('绑定动态验证码', 'Set up authenticator app')}
          </Button>
        </>
      )}
    </Card>
  );
}

function ChangePasswordCard() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const errors = useErrors();
  return (
    <Card title={pick('修改密码', 'Change password')}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: { currentPassword: string; newPassword: string }) => {
          errors.clear();
          post('/api/auth/password', v).then(() => {
            form.resetFields();
            message.success(pick('密码已修改，其他设备上的登录已退出', 'Password changed; other sessions were logged out'));
          }, errors.show);
        }}
      >
        <Form.Item name="currentPassword" label={pick('当前密码', 'Current password')} rules={[{ required: true }]}><Input.Password autoComplete="current-password" /></Form.Item>
        <Form.Item name="newPassword" label={pick('新密码', 'New password')} extra={pick(PASSWORD_RULE.zh, PASSWORD_RULE.en)} rules={[{ required: true, min: 12, message: pick('至少12位', 'At least 12 characters') }]}><Input.Password autoComplete="new-password" /></Form.Item>
        {errors.list}
        <Button type="primary" htmlType="submit">{pick('修改密码', 'Change password')}</Button>
      </Form>
    </Card>
  );
}
