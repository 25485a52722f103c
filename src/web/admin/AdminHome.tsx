import { Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';

export function AdminHome() {
  const { t } = useI18n();
  return <Typography.Title level={3}>{t('nav.admin')}</Typography.Title>;
}
