import { Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';

export function PortalHome() {
  const { t } = useI18n();
  return <Typography.Title level={2}>{t('app.title')}</Typography.Title>;
}
