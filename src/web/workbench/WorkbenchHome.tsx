import { Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';

export function WorkbenchHome() {
  const { t } = useI18n();
  return <Typography.Title level={3}>{t('nav.workbench')}</Typography.Title>;
}
