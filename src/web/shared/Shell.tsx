import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n.js';
import { useSession } from './session.js';

export function Shell() {
  const { t, lang, setLang, pick } = useI18n();
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const loc = useLocation();
  const section = loc.pathname.startsWith('/workbench') ? 'workbench' : loc.pathname.startsWith('/admin') ? 'admin' : loc.pathname.startsWith('/my') ? 'my' : loc.pathname.startsWith('/progress') ? 'progress' : 'portal';
  const isStaff = session?.user.kind === 'staff';
  const items = [
    { key: 'portal', label: <Link to="/">{t('nav.portal')}</Link> },
    { key: 'progress', label: <Link to="/progress">{pick('进度查询', 'Track a case')}</Link> },
    ...(session && !isStaff ? [{ key: 'my', label: <Link to="/my/cases">{pick('我的办件', 'My cases')}</Link> }] : []),
    ...(isStaff ? [{ key: 'workbench', label: <Link to="/workbench">{t('nav.workbench')}</Link> }, { key: 'admin', label: <Link to="/admin">{t('nav.admin')}</Link> }] : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', borderBottom: '3px solid #c8102e', paddingInline: 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, whiteSpace: 'nowrap' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#c8102e' }}>
            {t('app.title')}
          </Typography.Title>
        </Link>
        <Menu mode="horizontal" selectedKeys={[section]} items={items} style={{ flex: 1, minWidth: 0, borderBottom: 'none' }} />
        <Space>
          <Button type="text" onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')} aria-label="switch language">
            {t('lang.switch')}
          </Button>
          {session ? (
            <>
              <Typography.Text>{session.user.displayName}</Typography.Text>
              <Button
                onClick={() => {
                  void logout().then(() => navigate('/'));
                }}
              >
                {t('nav.logout')}
              </Button>
            </>
          ) : (
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('nav.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#666' }}>安吉县政务服务中心 · Tongban 通办 · 12345</Layout.Footer>
    </Layout>
  );
}
