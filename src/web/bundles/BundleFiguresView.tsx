import { Col, Row, Statistic } from 'antd';
import { useI18n } from '../shared/i18n.js';
import type { BundleFigures } from './types.js';

/** 材料精简率 / 表单精简率: computed by the server from the members, never typed in. */
export function BundleFiguresView({ f }: { f: BundleFigures }) {
  const { pick } = useI18n();
  return (
    <Row gutter={16}>
      <Col xs={12} md={6}>
        <Statistic title={pick('分别申请需交材料', 'Materials, applying separately')} value={f.materialsSeparate} suffix={pick('份', '')} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={pick('一件事只需交材料', 'Materials, one bundle')} value={f.materialsMerged} suffix={pick(`份（精简${f.materialsCutRate}%）`, `(−${f.materialsCutRate}%)`)} valueStyle={{ color: '#cf1322' }} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={pick('分别申请需填字段', 'Form fields, separately')} value={f.fieldsSeparate} suffix={pick('项', '')} />
      </Col>
      <Col xs={12} md={6}>
        <Statistic title={pick('一表申请只需填写', 'Form fields, one form')} value={f.fieldsMerged} suffix={pick(`项（精简${f.fieldsCutRate}%）`, `(−${f.fieldsCutRate}%)`)} valueStyle={{ color: '#cf1322' }} />
      </Col>
    </Row>
  );
}
