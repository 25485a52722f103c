import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import { STAFF_ROLE } from '../shared/labels.js';
import { useSession } from '../shared/session.js';

export function WorkbenchHome() {
  const { t, pick } = useI18n();
  const { session } = useSession();
  if (!session) return <Link to="/login">{t('nav.login')}</Link>;
  return (
    <Card title={t('nav.workbench')}>
      <Typography.Title level={4}>{t('workbench.welcome', { name: session.user.displayName })}</Typography.Title>
      <Space wrap>
        <Typography.Text>{t('workbench.roles')}：</Typography.Text>
        {session.roles.map((r) => (
          <Tag key={`${r.role}-${r.scopeOrgId}`} color="red">
            {pick(STAFF_ROLE[r.role]?.zh ?? r.role, STAFF_ROLE[r.role]?.en ?? r.role)}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('workbench.soon')} <Link to="/admin">{t('nav.admin')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
