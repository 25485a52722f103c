import { Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { FlowChart } from '../shared/FlowChart.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { Guide } from '../shared/types.js';
import { BasicInfo, BasisSection, FeesSection, MaterialsSection, SpecialSection } from './GuideSections.js';

/** Print view of a 办事指南: every section on one page, no navigation. */
export function GuidePrint() {
  const { implId } = useParams();
  const { t } = useI18n();
  const { data: g } = useApi<Guide>(`/api/catalogue/items/${implId ?? ''}`);
  useEffect(() => {
    document.body.classList.add('print-view');
    return () => document.body.classList.remove('print-view');
  }, []);
  if (!g) return <Skeleton active />;
  const c = g.content;
  return (
    <div style={{ maxWidth: 900, margin: '0 auto', padding: 24, background: '#fff' }}>
      <style>{'@media print { .no-print { display: none } body { background: #fff } } @page { size: A4; margin: 16mm }'}</style>
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {g.name}
        {t('guide.printTitle')}
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">
        {g.orgName} · v{g.versionNo}
      </Typography.Paragraph>
      <Typography.Title level={4}>{t('guide.basic')}</Typography.Title>
      <BasicInfo c={c} orgName={g.orgName} />
      <Typography.Title level={4}>{t('guide.materials')}</Typography.Title>
      <MaterialsSection c={c} interactive={false} />
      <Typography.Title level={4}>{t('guide.flowChart')}</Typography.Title>
      <FlowChart steps={c.flow} />
      <Typography.Title level={4}>{t('guide.special')}</Typography.Title>
      <SpecialSection c={c} />
      <Typography.Title level={4}>{t('guide.fees')}</Typography.Title>
      <FeesSection c={c} />
      <Typography.Title level={4}>{t('guide.basis')}</Typography.Title>
      <BasisSection c={c} />
      <button className="no-print" type="button" onClick={() => window.print()} style={{ marginTop: 24 }}>
        {t('common.print')}
      </button>
    </div>
  );
}
