import { Layout, Menu } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ADMIN_SECTIONS, canSee } from '../shared/access.js';
import { Forbidden, RequireScreen, loginPathFor } from '../shared/Forbidden.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { CatalogueList } from './CatalogueList.js';
import { ImplPage } from './ImplPage.js';
import { VersionEditor } from './VersionEditor.js';
import { ConsistencyPage } from './ConsistencyPage.js';
import { CalendarPage, CalendarReminderBanner } from './CalendarPage.js';
import { SynonymsPage } from './SynonymsPage.js';
import { OrgPage } from './OrgPage.js';
import { AuditPage } from './AuditPage.js';
import { LicenceTypesPage } from './LicenceTypesPage.js';
import { BundlesPage } from './BundlesPage.js';

const TITLE_KEY = { catalogue: 'admin.catalogue', consistency: 'admin.consistency', synonyms: 'admin.synonyms', calendar: 'admin.calendar', org: 'admin.org', audit: 'admin.audit' } as const;

/** 管理: catalogue, three-level consistency, calendar, organisation — each section only for the roles it serves. */
export function AdminHome() {
  const { t, pick } = useI18n();
  const { session, loading } = useSession();
  const loc = useLocation();
  if (loading) return null;
  if (!session) return <Navigate to={loginPathFor(loc.pathname, loc.search)} replace />;
  const open = ADMIN_SECTIONS.filter((s) => canSee(session, s.screen));
  const key = loc.pathname.split('/')[2] ?? 'catalogue';
  const [first] = open;
  if (!first) return <Forbidden screen={(ADMIN_SECTIONS.find((s) => s.key === key) ?? ADMIN_SECTIONS[0]).screen} />;
  const items = open.map((s) => ({ key: s.key, label: <Link to={s.path}>{s.key === 'licence-types' ? pick('证照类型', 'Licence types') : s.key === 'bundles' ? pick('一件事目录', 'Bundles') : t(TITLE_KEY[s.key])}</Link> }));
  return (
    <Layout style={{ background: 'transparent', gap: 16 }} hasSider>
      <Layout.Sider width={180} breakpoint="md" collapsedWidth={0} theme="light" style={{ background: '#fff', borderRadius: 8 }}>
        <Menu mode="inline" selectedKeys={[['versions', 'catalogue', ''].includes(key) ? 'catalogue' : key]} items={items} style={{ borderRadius: 8 }} />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        {canSee(session, 'admin.calendar') && <CalendarReminderBanner />}
        <Routes>
          <Route index element={canSee(session, 'admin.catalogue') ? <CatalogueList /> : <Navigate to={first.path} replace />} />
          <Route path="catalogue/:implId" element={<RequireScreen screen="admin.catalogue"><ImplPage /></RequireScreen>} />
          <Route path="versions/:versionId" element={<RequireScreen screen="admin.catalogue"><VersionEditor /></RequireScreen>} />
          <Route path="consistency" element={<RequireScreen screen="admin.consistency"><ConsistencyPage /></RequireScreen>} />
          <Route path="synonyms" element={<RequireScreen screen="admin.synonyms"><SynonymsPage /></RequireScreen>} />
          <Route path="calendar" element={<RequireScreen screen="admin.calendar"><CalendarPage /></RequireScreen>} />
          <Route path="org" element={<RequireScreen screen="admin.org"><OrgPage /></RequireScreen>} />
          <Route path="audit" element={<RequireScreen screen="admin.audit"><AuditPage /></RequireScreen>} />
          <Route path="bundles" element={<RequireScreen screen="admin.catalogue"><BundlesPage /></RequireScreen>} />
          <Route path="licence-types" element={<RequireScreen screen="admin.licenceTypes"><LicenceTypesPage /></RequireScreen>} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
