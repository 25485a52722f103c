import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, Row, Space, Spin, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useApi } from '../shared/use-api.js';
import { useI18n } from '../shared/i18n.js';

/** One licence as GET /api/me/licences answers it (the holder's own data, unmasked). */
export interface OwnLicence {
  id: string;
  identifier: string;
  version: number;
  typeCode: string;
  typeName: string;
  typeNameEn: string;
  status: 'valid' | 'expired' | 'revoked' | 'superseded';
  statusZh: string;
  statusEn: string;
  issuer: { name: string; creditCode: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  revokedOn: string | null;
  revokeReason: string | null;
  holderName: string;
  fields: { key: string; label: string; labelEn: string; value: string }[];
  keyId: string;
}

export const verifyPathOf = (identifier: string) => `/licences/verify?id=${encodeURIComponent(identifier)}`;
const STATUS_COLOR: Record<OwnLicence['status'], string> = { valid: 'green', expired: 'orange', revoked: 'red', superseded: 'default' };

function VerifyQr({ identifier }: { identifier: string }) {
  const { pick } = useI18n();
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let alive = true;
    void QRCode.toDataURL(`${window.location.origin}${verifyPathOf(identifier)}`, { margin: 1, width: 240 }).then((d) => alive && setSrc(d));
    return () => {
      alive = false;
    };
  }, [identifier]);
  return (
    <Space direction="vertical" align="center" size={4}>
      {src ? <Image src={src} width={120} height={120} preview={false} alt={pick('核验二维码', 'Verification QR code')} /> : <Spin />}
      <Link to={verifyPathOf(identifier)}>{pick('扫码或点此核验', 'Scan or open to verify')}</Link>
    </Space>
  );
}

function LicenceCard({ l }: { l: OwnLicence }) {
  const { pick } = useI18n();
  return (
    <Card
      title={
        <Space wrap>
          <span>{pick(l.typeName, l.typeNameEn)}</span>
          <Tag color={STATUS_COLOR[l.status]}>{pick(l.statusZh, l.statusEn)}</Tag>
          {l.version > 1 && <Tag>{pick(`第 ${l.version} 版`, `version ${l.version}`)}</Tag>}
        </Space>
      }
      extra={
        <Button href={`/api/me/licences/${encodeURIComponent(l.identifier)}/pdf`} download>
          {pick('下载证照文件（PDF）', 'Download PDF')}
        </Button>
      }
      aria-label={pick(l.typeName, l.typeNameEn)}
    >
      <Row gutter={[16, 16]} wrap>
        <Col flex="1 1 420px">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={pick('证照标识', 'Identifier')}>
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {l.identifier}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={pick('持证主体', 'Holder')}>{l.holderName}</Descriptions.Item>
            <Descriptions.Item label={pick('发证机构', 'Issuer')}>{l.issuer.name}</Descriptions.Item>
            <Descriptions.Item label={pick('发证日期', 'Issued on')}>{l.issuedOn}</Descriptions.Item>
            <Descriptions.Item label={pick('有效期', 'Valid')}>{`${l.validFrom} — ${l.validUntil ?? pick('长期', 'no end')}`}</Descriptions.Item>
            {l.revokedOn && <Descriptions.Item label={pick('注销', 'Revoked')}>{`${l.revokedOn} ${l.revokeReason ?? ''}`}</Descriptions.Item>}
            {l.fields.map((f) => (
              <Descriptions.Item key={f.key} label={pick(f.label, f.labelEn)}>
                {f.value || '—'}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Col>
        <Col flex="0 0 160px" style={{ textAlign: 'center' }}>
          <VerifyQr identifier={l.identifier} />
        </Col>
      </Row>
    </Card>
  );
}

/** 我的证照 (licence wallet, /me/licences): the holder's electronic licences, each with its QR to the public verification page and the sealed PDF. */
export function MyLicencesPage() {
  const { pick } = useI18n();
  const { data, loading, error } = useApi<{ licences: OwnLicence[] }>('/api/me/licences');
  if (loading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon message={error ? pick(error.body.message, error.body.messageEn) : ''} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {pick('我的证照', 'My licences')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {pick('办结后签发的电子证照都在这里。有效的证照可在申请其他事项时代替纸质材料（免证办）；证照文件带发证部门的电子印章，可在', 'Licences issued when your cases complete are kept here. A valid licence can replace a paper material when you apply; the PDF carries the issuing department’s electronic seal and can be checked at ')}
        <Link to="/documents/verify">{pick('文件核验', 'document check')}</Link>
        {pick('页面核验。', '.')}
      </Typography.Paragraph>
      {data.licences.length === 0 ? (
        <Empty description={pick('您还没有电子证照', 'You hold no licences yet')} />
      ) : (
        data.licences.map((l) => <LicenceCard key={l.identifier} l={l} />)
      )}
    </Space>
  );
}
