import { Button, Grid, Layout, Menu, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n.js';
import { useSession } from './session.js';
import { ADMIN_SECTIONS, canSee, managesAgents } from './access.js';
import { loginPathFor } from './Forbidden.js';
import { useReturnAfterLogin } from './return-after-login.js';

export function Shell() {
  const { t, lang, setLang, pick, elderly, setElderly } = useI18n();
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const loc = useLocation();
  useReturnAfterLogin();
  // A staff account without its second factor can only enrol (the server refuses everything else).
  const mustEnrol = !!session?.secondFactor?.required && !session.secondFactor.enabled;
  useEffect(() => {
    if (mustEnrol && loc.pathname !== '/account/security') navigate('/account/security', { replace: true });
  }, [mustEnrol, loc.pathname, navigate]);
  const section = loc.pathname.startsWith('/workbench') ? 'workbench' : loc.pathname.startsWith('/admin') ? 'admin' : loc.pathname.startsWith('/my') ? 'my' : loc.pathname.startsWith('/me/data-access') ? 'data-access' : loc.pathname.startsWith('/me/materials') ? 'materials' : loc.pathname.startsWith('/me/profile') ? 'profile' : loc.pathname.startsWith('/me/agents') ? 'agents' : loc.pathname.startsWith('/me/licences') ? 'licences' : loc.pathname.startsWith('/progress') ? 'progress' : 'portal';
  // Only the menus the person's roles open (src/web/shared/access.ts); 管理 links to its first open section.
  const adminSection = ADMIN_SECTIONS.find((s) => canSee(session, s.screen));
  const items = [
    { key: 'portal', label: <Link to="/">{t('nav.portal')}</Link> },
    { key: 'progress', label: <Link to="/progress">{pick('进度查询', 'Track a case')}</Link> },
    ...(canSee(session, 'my') ? [{ key: 'my', label: <Link to="/my/cases">{pick('我的办件', 'My cases')}</Link> }] : []),
    ...(canSee(session, 'my') ? [{ key: 'licences', label: <Link to="/me/licences">{pick('我的证照', 'My licences')}</Link> }] : []),
    ...(canSee(session, 'my') ? [{ key: 'data-access', label: <Link to="/me/data-access">{pick('数据使用记录', 'Use of my data')}</Link> }] : []),
    ...(canSee(session, 'my') ? [{ key: 'materials', label: <Link to="/me/materials">{pick('我的材料', 'My materials')}</Link> }] : []),
    ...(canSee(session, 'my') ? [{ key: 'profile', label: <Link to="/me/profile">{pick('我的资料', 'My profile')}</Link> }] : []),
    ...(managesAgents(session) ? [{ key: 'agents', label: <Link to="/me/agents">{pick('经办人', 'Agents')}</Link> }] : []),
    ...(canSee(session, 'workbench') ? [{ key: 'workbench', label: <Link to="/workbench">{t('nav.workbench')}</Link> }] : []),
    ...(adminSection ? [{ key: 'admin', label: <Link to={adminSection.path}>{t('nav.admin')}</Link> }] : []),
    // On a phone the header has no room for this link; it joins the collapsed menu.
    ...(session && narrow ? [{ key: 'account', label: <Link to="/account/security">{pick('账号安全', 'Account security')}</Link> }] : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link" style={{ position: 'absolute', left: -9999, top: 0 }} onFocus={(e) => (e.currentTarget.style.left = '8px')} onBlur={(e) => (e.currentTarget.style.left = '-9999px')}>
        {pick('跳到主要内容', 'Skip to main content')}
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 4 : 16, background: '#fff', borderBottom: '3px solid #c8102e', paddingInline: narrow ? 8 : 24 }}>
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, whiteSpace: 'nowrap' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#c8102e' }}>
            {narrow ? t('app.brand') : t('app.title')}
          </Typography.Title>
        </Link>
        <Menu mode="horizontal" selectedKeys={[section]} items={items} style={{ flex: 1, minWidth: 0, borderBottom: 'none' }} />
        <Space size={narrow ? 0 : 8}>
          <Button type="text" size={narrow ? 'small' : 'middle'} aria-pressed={elderly} onClick={() => setElderly(!elderly)}>
            {elderly ? pick('标准版', 'Standard view') : pick('长辈版', 'Large print')}
          </Button>
          <Button type="text" size={narrow ? 'small' : 'middle'} onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')} aria-label="switch language">
            {t('lang.switch')}
          </Button>
          {session ? (
            <>
              {!narrow && <Typography.Text>{session.user.displayName}</Typography.Text>}
              {!narrow && <Link to="/account/security">{pick('账号安全', 'Account security')}</Link>}
              <Button
                size={narrow ? 'small' : 'middle'}
                onClick={() => {
                  void logout().then(() => navigate('/'));
                }}
              >
                {t('nav.logout')}
              </Button>
            </>
          ) : (
            <Button type="primary" onClick={() => navigate(loc.pathname === '/login' ? '/login' : loginPathFor(loc.pathname, loc.search))}>
              {t('nav.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content id="main" role="main" style={{ padding: 'clamp(12px, 3vw, 24px)', maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#434343' }}>安吉县政务服务中心 · Tongban 通办 · 12345</Layout.Footer>
    </Layout>
  );
}
