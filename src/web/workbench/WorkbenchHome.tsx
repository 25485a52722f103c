import { Button, Card, Space, Tabs, Tag, Typography } from 'antd';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { canSee, homePath } from '../shared/access.js';
import { Forbidden, loginPathFor } from '../shared/Forbidden.js';
import { useI18n } from '../shared/i18n.js';
import { STAFF_ROLE } from '../shared/labels.js';
import { useSession } from '../shared/session.js';
import { MyCards, SupervisionCard } from './SupervisionCard.js';
import { CaseSearchCard, InboxCard } from './CaseLists.js';

/** 工作台: the inbox (intake and back-office steps, with search and filters) and the staff case search (ADR 0015). */
export function WorkbenchHome() {
  const { t, pick } = useI18n();
  const { session, loading: loadingSession } = useSession();
  const [params, setParams] = useSearchParams();
  if (loadingSession) return null;
  if (!session) return <Navigate to={loginPathFor('/workbench')} replace />;
  // Staff whose roles have no inbox (catalogue or hall administrators) go to their own start page.
  if (session.user.kind === 'staff' && !canSee(session, 'workbench')) return <Navigate to={homePath(session)} replace />;
  if (!canSee(session, 'workbench')) return <Forbidden screen="workbench" />;
  // Only window clerks and approvers have an inbox; the supervisor's screen is supervision and search.
  const hasInbox = session.roles.some((r) => r.role === 'window_clerk' || r.role.startsWith('approver_'));
  // The case search is for roles with a relation to cases (ADR 0008); a system administrator has none.
  const hasCases = hasInbox || session.roles.some((r) => r.role === 'supervisor');
  const tab = params.get('tab') === 'search' || !hasInbox ? 'search' : 'inbox';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('workbench.welcome', { name: session.user.displayName })}
            </Typography.Title>
            {session.roles.map((r) => (
              <Tag key={`${r.role}-${r.scopeOrgId}`} color="red">
                {pick(STAFF_ROLE[r.role]?.zh ?? r.role, STAFF_ROLE[r.role]?.en ?? r.role)}
              </Tag>
            ))}
          </Space>
          <Space wrap>
            {canSee(session, 'supervision') && <Link to="/workbench/supervision">{pick('电子监察', 'Supervision board')}</Link>}
            {canSee(session, 'accountability') && <Link to="/workbench/rectifications">{pick('差评整改', 'Rectification')}</Link>}
            {canSee(session, 'scorecards') && <Link to="/workbench/scorecards">{pick('工作成绩单', 'Scorecards')}</Link>}
          </Space>
          {canSee(session, 'workbench.intake') && (
            <Link to="/workbench/intake">
              <Button type="primary" size="large">
                {pick('窗口受理', 'Window intake')}
              </Button>
            </Link>
          )}
        </Space>
      </Card>
      {!canSee(session, 'supervision') && <MyCards />}
      {canSee(session, 'supervision') && <SupervisionCard />}
      {hasCases && <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'search' ? { tab: 'search' } : {}, { replace: true })}
        items={[
          ...(hasInbox ? [{ key: 'inbox', label: pick('待办', 'Inbox'), children: <InboxCard /> }] : []),
          { key: 'search', label: pick('办件查询', 'Case search'), children: <CaseSearchCard /> },
        ]}
      />}
    </Space>
  );
}
