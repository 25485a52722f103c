import { Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { Material } from '../../core/catalogue/types.js';
import { isoDateInChina } from '../../core/calendar/iso-date.js';
import { isUsable, offersFor } from '../../core/material-library/library.js';
import { useI18n } from './i18n.js';
import { useApi } from './use-api.js';

/** One entry of an applicant's material library (我的材料) as `GET /api/me/materials` answers it. */
export interface LibraryEntry {
  id: string;
  code: string;
  name: string;
  form: string | null;
  fileId: string;
  fileName: string;
  mime: string | null;
  sourceCaseId: string;
  sourceCaseNo: string | null;
  sourceTitle: string;
  acceptedOn: string;
  validUntil: string | null;
  usable: boolean;
}

/**
 * The library of the applicant (their own at `/api/me/materials`, or — for a window clerk — the one of
 * the applicant in front of them) and what it offers for an item's materials: usable entries of the
 * same material code, newest first.
 */
export function useLibraryOffers(url: string | null, implId: string | undefined, materials: readonly Material[]) {
  const lib = useApi<{ materials: LibraryEntry[] }>(url);
  const offers = useMemo(() => (implId && lib.data ? offersFor(implId, materials, lib.data.materials.map((e) => ({ ...e, validUntil: e.validUntil })), isoDateInChina(new Date())) : {}), [implId, materials, lib.data]);
  return { entries: lib.data?.materials ?? [], offers };
}

/**
 * For a 一件事 material list (merged by code): the usable entries kept under any of the material's codes
 * (`bundleMaterialCodes`: its own, and the item-local key of each member it serves), newest first.
 */
export function offersByCode(entries: readonly LibraryEntry[], codes: readonly string[]): LibraryEntry[] {
  const today = isoDateInChina(new Date());
  return entries.filter((e) => codes.includes(e.code) && isUsable(e, today)).sort((a, b) => b.acceptedOn.localeCompare(a.acceptedOn));
}

/**
 * 从我的材料中选用: pick one of the offered entries for a material (or clear the choice). Shows the file,
 * the case it was accepted on and how long it stays valid. Reusable by any application screen.
 */
export function MaterialPicker({ materialName, offers, value, onChange }: { materialName: string; offers: readonly LibraryEntry[]; value: LibraryEntry | undefined; onChange: (e: LibraryEntry | undefined) => void }) {
  const { pick } = useI18n();
  if (offers.length === 0) return null;
  return (
    <Space direction="vertical" size={2}>
      <Select
        aria-label={`${pick('从我的材料中选用', 'Use from my materials')} ${materialName}`}
        placeholder={pick('从我的材料中选用', 'Use from my materials')}
        allowClear
        style={{ minWidth: 260 }}
        value={value?.id}
        onChange={(id: string | undefined) => onChange(offers.find((o) => o.id === id))}
        options={offers.map((o) => ({ value: o.id, label: `${o.fileName}（${o.sourceCaseNo ?? o.sourceTitle}）` }))}
      />
      {value && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Tag color="green" style={{ marginInlineEnd: 4 }}>{pick('已选用', 'Chosen')}</Tag>
          {pick(`来自办件 ${value.sourceCaseNo ?? ''}，有效期至 ${value.validUntil ?? '长期'}`, `From case ${value.sourceCaseNo ?? ''}, valid until ${value.validUntil ?? 'no limit'}`)}
        </Typography.Text>
      )}
    </Space>
  );
}
