import { Checkbox, Select, Space, Tag } from 'antd';
import { findSource, purposeOf } from '../../core/data-sharing/directory.js';
import type { OwnLicence } from '../licences/MyLicencesPage.js';
import { useI18n } from './i18n.js';

/**
 * 免提交 choices beside a material's upload (ADR 0021, 0030, 0044), shared by the apply page and the
 * 一件事 wizard: one of the applicant's valid licences of the material's type, or a read of the
 * applicant's own data from the register the catalogue names, for its purpose.
 */
export interface FulfillableMaterial {
  name: string;
  licenceType?: string | null | undefined;
  dataFulfilment?: { source: string; purpose: string } | null | undefined;
}

/** The applicant's valid licences of a type (by name or code). */
export function licencesOfType(wallet: readonly OwnLicence[], licenceType: string | null | undefined): OwnLicence[] {
  return licenceType ? wallet.filter((l) => l.status === 'valid' && (l.typeName === licenceType || l.typeCode === licenceType)) : [];
}

/** The applicant's choice to have a material read from a department's register (the source, its owner and the purpose are named: consent to that purpose only). */
export function DataUseChoice({ m, checked, onChange }: { m: FulfillableMaterial; checked: boolean; onChange: (on: boolean) => void }) {
  const { pick } = useI18n();
  const source = m.dataFulfilment ? findSource(m.dataFulfilment.source) : undefined;
  const purpose = m.dataFulfilment ? purposeOf(m.dataFulfilment.purpose) : undefined;
  if (!source || !purpose) return null;
  return (
    <Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} aria-label={pick(`以${source.name}代替${m.name}`, `Use ${source.nameEn} instead of ${m.name}`)}>
      {pick(`免提交：由${source.owner.name}提供${source.name}（用途：${purpose.name}），调取将记入您的数据使用记录`, `Skip it: ${source.owner.nameEn} provides the ${source.nameEn} (purpose: ${purpose.nameEn}); the read is shown in your data-use record`)}
    </Checkbox>
  );
}

/** 免提交: choose one of the applicant's valid licences of the material's type instead of uploading a copy. */
export function LicencePicker({ material, licences, value, onChange }: { material: FulfillableMaterial; licences: OwnLicence[]; value: string | undefined; onChange: (identifier: string | undefined) => void }) {
  const { pick } = useI18n();
  if (licences.length === 0) {
    return <Tag color="default">{pick(`可用电子证照（${material.licenceType ?? ''}）代替，您暂无有效证照，请上传`, `A valid ${material.licenceType ?? ''} licence could replace it; you hold none, please upload`)}</Tag>;
  }
  return (
    <Space direction="vertical" size={2}>
      <Tag color="gold">{pick(`免提交：使用电子证照（${material.licenceType ?? ''}）`, `Not needed: use your e-licence (${material.licenceType ?? ''})`)}</Tag>
      <Select
        allowClear
        style={{ minWidth: 280 }}
        aria-label={pick(`${material.name}：选择电子证照`, `${material.name}: choose a licence`)}
        placeholder={pick('选择我的电子证照', 'Choose one of my licences')}
        value={value}
        onChange={(v?: string) => onChange(v)}
        options={licences.map((l) => ({ value: l.identifier, label: `${pick(l.typeName, l.typeNameEn)} · ${l.issuer.name} · ${l.issuedOn}` }))}
      />
    </Space>
  );
}
