import { App, Button, Card, Form, Input, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { ApiError } from '../shared/api.js';

/** 登录: username and password; staff also give the code of their authenticator app (or a recovery code). */
export function LoginPage() {
  const { t, pick } = useI18n();
  const { login } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Card title={t('login.title')} style={{ maxWidth: 420, margin: '48px auto' }}>
      <Form
        layout="vertical"
        onFinish={(v: { username: string; password: string; totp?: string }) => {
          login(v.username, v.password, v.totp?.trim() || undefined)
            .then((s) => {
              if (s.secondFactor?.required && !s.secondFactor.enabled) navigate('/account/security');
              else navigate(s.user.kind === 'staff' ? '/workbench' : '/');
            })
            .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
        }}
      >
        <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={pick('动态验证码（工作人员）', 'Authenticator code (staff)')}
          name="totp"
          extra={pick('工作人员请输入身份验证器App中的6位数字，或一个恢复码', 'Staff: the 6 digits from your authenticator app, or a recovery code')}
        >
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={16} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('login.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ display: 'flex', justifyContent: 'space-between' }}>
          <Link to="/register">{t('nav.register')}</Link>
          <Link to="/forgot-password">{pick('忘记密码', 'Forgot password')}</Link>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {pick('在大厅办过事？', 'Registered at a service hall?')} <Link to="/claim-account" style={{ textDecoration: 'underline' }}>{pick('认领账号', 'Claim your account')}</Link>
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
