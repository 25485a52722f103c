import { Layout, Menu, Result } from 'antd';
import { Link, Route, Routes, useLocation } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { CatalogueList } from './CatalogueList.js';
import { ImplPage } from './ImplPage.js';
import { VersionEditor } from './VersionEditor.js';
import { ConsistencyPage } from './ConsistencyPage.js';
import { CalendarPage } from './CalendarPage.js';
import { OrgPage } from './OrgPage.js';

/** 管理: catalogue, three-level consistency, calendar, organisation. */
export function AdminHome() {
  const { t } = useI18n();
  const { session, loading } = useSession();
  const loc = useLocation();
  if (loading) return null;
  if (session?.user.kind !== 'staff') return <Result status="403" title={t('nav.login')} extra={<Link to="/login">{t('nav.login')}</Link>} />;
  const key = loc.pathname.split('/')[2] ?? 'catalogue';
  const items = [
    { key: 'catalogue', label: <Link to="/admin">{t('admin.catalogue')}</Link> },
    { key: 'consistency', label: <Link to="/admin/consistency">{t('admin.consistency')}</Link> },
    { key: 'calendar', label: <Link to="/admin/calendar">{t('admin.calendar')}</Link> },
    { key: 'org', label: <Link to="/admin/org">{t('admin.org')}</Link> },
  ];
  return (
    <Layout style={{ background: 'transparent', gap: 16 }} hasSider>
      <Layout.Sider width={180} breakpoint="md" collapsedWidth={0} theme="light" style={{ background: '#fff', borderRadius: 8 }}>
        <Menu mode="inline" selectedKeys={[['versions', 'catalogue', ''].includes(key) ? 'catalogue' : key]} items={items} style={{ borderRadius: 8 }} />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        <Routes>
          <Route index element={<CatalogueList />} />
          <Route path="catalogue/:implId" element={<ImplPage />} />
          <Route path="versions/:versionId" element={<VersionEditor />} />
          <Route path="consistency" element={<ConsistencyPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="org" element={<OrgPage />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
