import { App, Button, Card, Form, Input, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { ApiError } from '../shared/api.js';

export function LoginPage() {
  const { t, pick } = useI18n();
  const { login } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Card title={t('login.title')} style={{ maxWidth: 420, margin: '48px auto' }}>
      <Form
        layout="vertical"
        onFinish={(v: { username: string; password: string }) => {
          login(v.username, v.password)
            .then((s) => navigate(s.user.kind === 'staff' ? '/workbench' : '/'))
            .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
        }}
      >
        <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('login.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
        <Link to="/register">{t('nav.register')}</Link>
      </Form>
    </Card>
  );
}
