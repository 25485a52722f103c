import { Descriptions, Typography } from 'antd';
import { useI18n } from './i18n.js';

/** One answered field of the 申请表, as the case view lists it (schema order, titles, masked by role). */
export interface FormFieldView {
  key: string;
  title: string;
  value: unknown;
}

function shown(v: unknown, pick: (zh: string, en: string) => string): string {
  if (typeof v === 'boolean') return v ? pick('是', 'Yes') : pick('否', 'No');
  if (Array.isArray(v)) return v.map(String).join('、');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v as string | number);
}

/** 申请表: the fields with their titles in the schema's order (issue 9: not raw keys such as `idNumber`). */
export function FormFieldsView({ fields }: { fields: FormFieldView[] | undefined }) {
  const { pick } = useI18n();
  if (!fields?.length) return <Typography.Text type="secondary">{pick('未填写申请表', 'No form data')}</Typography.Text>;
  return (
    <Descriptions bordered size="small" column={1} styles={{ label: { width: '35%' } }}>
      {fields.map((f) => (
        <Descriptions.Item key={f.key} label={f.title}>
          <span style={{ wordBreak: 'break-all' }}>{shown(f.value, pick)}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

const DELIVERY_METHOD: Record<string, [string, string]> = {
  window: ['窗口领取', 'Picked up at the window'],
  express: ['快递寄送', 'Express post'],
  electronic: ['电子送达', 'Electronic'],
};

/** 送达: how the result went out, with the tracking number of a posted one. */
export function DeliveryView({ delivery }: { delivery: { method: string; trackingNo?: string } | null }) {
  const { pick } = useI18n();
  if (!delivery) return null;
  return (
    <Descriptions bordered size="small" column={1} style={{ marginTop: 12 }} styles={{ label: { width: '35%' } }}>
      <Descriptions.Item label={pick('送达方式', 'Delivery')}>{pick(...(DELIVERY_METHOD[delivery.method] ?? [delivery.method, delivery.method]))}</Descriptions.Item>
      {delivery.trackingNo && (
        <Descriptions.Item label={pick('快递单号', 'Tracking number')}>
          <Typography.Text copyable>{delivery.trackingNo}</Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
