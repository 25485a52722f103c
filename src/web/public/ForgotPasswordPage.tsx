import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { PASSWORD_RULE } from './password-rules.js';

/** 忘记密码: the username and the phone on the account, then the SMS code and a new password. */
export function ForgotPasswordPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [resetId, setResetId] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const showError = (e: unknown) => {
    if (e instanceof ApiError) setErrors(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
  };
  const errorList = errors.length > 0 && (
    <ul role="alert" style={{ color: '#a8071a', paddingLeft: 18 }}>
      {errors.map((e) => <li key={e}>{e}</li>)}
    </ul>
  );
  return (
    <Card title={pick('忘记密码', 'Forgot password')} style={{ maxWidth: 460, margin: '32px auto' }}>
      {resetId === null ? (
        <Form
          layout="vertical"
          onFinish={(v: { username: string; phone: string }) => {
            setErrors([]);
            post<{ resetId: string }>('/api/auth/password-reset', v).then((r) => setResetId(r.resetId), showError);
          }}
        >
          <Form.Item name="username" label={pick('用户名', 'Username')} rules={[{ required: true }]}><Input autoComplete="username" /></Form.Item>
          <Form.Item name="phone" label={pick('账号绑定的手机号码', 'Mobile phone on the account')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: pick('11位手机号码', '11-digit mobile number') }]}><Input maxLength={11} /></Form.Item>
          {errorList}
          <Button type="primary" htmlType="submit" block>{pick('获取短信验证码', 'Send the SMS code')}</Button>
        </Form>
      ) : (
        <Form
          layout="vertical"
          onFinish={(v: { code: string; newPassword: string }) => {
            setErrors([]);
            post('/api/auth/password-reset/confirm', { resetId, ...v }).then(() => {
              message.success(pick('密码已重设，请用新密码登录', 'Password reset; log in with the new one'));
              navigate('/login');
            }, showError);
          }}
        >
          <Typography.Paragraph>
            {pick('如用户名与手机号码匹配，验证码已发送至该手机（10分钟内有效）。', 'If the username and phone match an account, a code was sent to that phone (valid 10 minutes).')}
          </Typography.Paragraph>
          <Form.Item name="code" label={pick('短信验证码', 'SMS code')} rules={[{ required: true, pattern: /^\d{6}$/, message: pick('6位数字', '6 digits') }]}><Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} /></Form.Item>
          <Form.Item name="newPassword" label={pick('新密码', 'New password')} extra={pick(PASSWORD_RULE.zh, PASSWORD_RULE.en)} rules={[{ required: true, min: 12, message: pick('至少12位', 'At least 12 characters') }]}><Input.Password autoComplete="new-password" /></Form.Item>
          {errorList}
          <Button type="primary" htmlType="submit" block>{pick('重设密码', 'Reset password')}</Button>
        </Form>
      )}
      <Typography.Paragraph style={{ marginTop: 12 }}><Link to="/login">{pick('返回登录', 'Back to log in')}</Link></Typography.Paragraph>
    </Card>
  );
}
