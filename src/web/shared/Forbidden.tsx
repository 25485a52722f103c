import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { canSee, homePath, rolesFor, type Screen } from './access.js';
import { useI18n } from './i18n.js';
import { STAFF_ROLE } from './labels.js';
import { useSession } from './session.js';

/** The login page's address that comes back here afterwards (?next= is checked there). */
export function loginPathFor(pathname: string, search = ''): string {
  return `/login?next=${encodeURIComponent(pathname + search)}`;
}

/** 403: says which roles open the page and which the person has, instead of an empty page. */
export function Forbidden({ screen }: { screen: Screen }) {
  const { pick } = useI18n();
  const { session } = useSession();
  const label = (r: string) => pick(STAFF_ROLE[r]?.zh ?? r, STAFF_ROLE[r]?.en ?? r);
  const needed = rolesFor(screen).map(label);
  const mine = session?.user.kind === 'staff' ? session.roles.map((g) => label(g.role)) : [pick('申请人', 'applicant')];
  const sub =
    needed.length > 0
      ? pick(`此页面需要以下角色之一：${needed.join('、')}。您当前的角色：${[...new Set(mine)].join('、')}。`, `This page needs one of these roles: ${needed.join(', ')}. Your roles: ${[...new Set(mine)].join(', ')}.`)
      : pick('此页面仅供申请人（自然人、法人）使用。', 'This page is for applicants (persons and companies) only.');
  return (
    <Result
      status="403"
      title={pick('无权访问此页面', 'You cannot open this page')}
      subTitle={sub}
      extra={
        <Link to={homePath(session)}>
          <Button type="primary">{pick('返回我的首页', 'Back to my start page')}</Button>
        </Link>
      }
    />
  );
}

/** Renders `children` only for people whose roles open `screen`; sends anonymous visitors to log in. */
export function RequireScreen({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { session, loading } = useSession();
  const loc = useLocation();
  if (loading) return null;
  if (!session) return <Navigate to={loginPathFor(loc.pathname, loc.search)} replace />;
  if (!canSee(session, screen)) return <Forbidden screen={screen} />;
  return <>{children}</>;
}
