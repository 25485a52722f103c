import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Spin, Tag, Typography } from 'antd';
import { useApi } from '../shared/use-api.js';
import { useI18n } from '../shared/i18n.js';
import { verifyLicenceSignature } from '../../core/licences/verify.js';
import type { LicencePayload } from '../../core/licences/types.js';

interface Verification {
  identifier: string;
  status: string;
  statusZh: string;
  statusEn: string;
  revokedOn: string | null;
  revokeReason: string | null;
  latestIdentifier: string;
  payload: LicencePayload;
  canonical: string;
  signature: string;
  keyId: string;
  keyUrl: string;
  historyValid: boolean;
}

/** 电子证照核验 (the licence's QR target, /licences/verify?id={identifier}): the public form and status, the signature checked here in the browser. */
export function VerifyLicencePage() {
  // A query parameter, not a path segment: the identifier's dots would read as a file extension to the static server.
  const [params] = useSearchParams();
  const identifier = params.get('id') ?? '';
  const { pick } = useI18n();
  const { data, loading, error } = useApi<Verification>(`/api/public/licences/${encodeURIComponent(identifier)}`);
  const [checked, setChecked] = useState<boolean | null>(null);
  useEffect(() => {
    if (!data) return;
    let alive = true;
    fetch(data.keyUrl)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((pem) => alive && setChecked(verifyLicenceSignature(data.canonical, data.signature, pem)))
      .catch(() => alive && setChecked(false));
    return () => {
      alive = false;
    };
  }, [data]);
  if (loading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon message={error ? pick(error.body.message, error.body.messageEn) : ''} />;
  const p = data.payload;
  return (
    <Card title={pick('电子证照核验', 'Licence verification')}>
      {checked === null ? (
        <Spin />
      ) : checked ? (
        <Alert type="success" showIcon message={pick('签名验证通过（SM2/SM3，于本浏览器中验证）', 'Signature verified (SM2/SM3, checked in this browser)')} />
      ) : (
        <Alert type="error" showIcon message={pick('签名验证未通过：证照数据可能被篡改', 'Signature check failed: the licence data may have been changed')} />
      )}
      <Descriptions column={1} bordered size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label={pick('证照类型', 'Type')}>{p.type.name}</Descriptions.Item>
        <Descriptions.Item label={pick('证照标识', 'Identifier')}>
          <Typography.Text code>{data.identifier}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={pick('状态', 'Status')}>
          <Tag color={data.status === 'valid' ? 'green' : 'red'}>{pick(data.statusZh, data.statusEn)}</Tag>
          {data.revokeReason && `${data.revokedOn ?? ''} ${data.revokeReason}`}
        </Descriptions.Item>
        <Descriptions.Item label={pick('持证主体', 'Holder')}>{`${p.holder.name}（${p.holder.identifier}）`}</Descriptions.Item>
        <Descriptions.Item label={pick('发证机构', 'Issuer')}>{`${p.issuer.name}（${p.issuer.creditCode}）`}</Descriptions.Item>
        <Descriptions.Item label={pick('有效期', 'Valid')}>{`${p.validFrom} — ${p.validUntil ?? pick('长期', 'no end')}`}</Descriptions.Item>
        {p.fields.map((f) => (
          <Descriptions.Item key={f.key} label={f.label}>
            {f.value}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={pick('签名密钥', 'Signing key')}>
          <a href={data.keyUrl}>{data.keyId}</a>
        </Descriptions.Item>
        <Descriptions.Item label={pick('证照历史', 'History')}>{data.historyValid ? pick('哈希链完整', 'hash chain intact') : pick('哈希链断裂', 'hash chain broken')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
