import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Input, Space, Typography, Upload } from 'antd';
import { sm3 } from 'sm-crypto-v2';
import { get, ApiError } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { verifySealSignature } from '../../core/licences/verify.js';
import { normaliseDigest } from '../../core/seals/seal.js';
import { verifyPathOf } from './MyLicencesPage.js';

interface SealAnswer {
  sha: string;
  verdict: { outcome: 'valid' | 'changed' | 'signature_invalid'; sealId?: string };
  seal: { id: string; kind: string; title: string; issuer: { name: string; creditCode: string | null }; keyId: string; keyUrl: string; signature: string; sealedAt: string; signatureValid: boolean; licenceIdentifier: string | null } | null;
}

/**
 * 文件核验 (/documents/verify): is this PDF the one the department sealed? The file is hashed here in the
 * browser (SM3) — it is not uploaded — and the digest is looked up; the seal's SM2 signature is checked
 * on the server and again here against the published key.
 */
export function VerifyDocumentPage() {
  const { pick } = useI18n();
  const [params] = useSearchParams();
  const [typed, setTyped] = useState(params.get('sha') ?? '');
  const [fileName, setFileName] = useState<string>();
  const [answer, setAnswer] = useState<SealAnswer>();
  const [browserCheck, setBrowserCheck] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string>();

  const check = async (sha: string) => {
    setProblem(undefined);
    setAnswer(undefined);
    setBrowserCheck(null);
    try {
      const a = await get<SealAnswer>(`/api/public/documents/seals/${sha}`);
      setAnswer(a);
      if (a.seal) {
        const pem = await (await fetch(a.seal.keyUrl)).text();
        setBrowserCheck(verifySealSignature(a.sha, a.seal.signature, pem));
      }
    } catch (e) {
      setProblem(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : pick('网络异常', 'Network error'));
    }
  };
  const onFile = async (file: File) => {
    setFileName(file.name);
    const digest = sm3(new Uint8Array(await file.arrayBuffer()));
    setTyped(digest);
    await check(digest);
  };
  const s = answer?.seal;
  return (
    <Card title={pick('电子印章 · 文件核验', 'Electronic seal · document check')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {pick('选择证照文件或文书（PDF），本页在浏览器中计算其 SM3 摘要并核验发证部门的电子印章；文件不会上传。也可直接输入摘要。', 'Choose a licence PDF or notice: this page computes its SM3 digest in your browser and checks the issuing department’s seal; the file is not uploaded. You can also type the digest.')}
        </Typography.Paragraph>
        <Upload accept="application/pdf,.pdf" showUploadList={false} beforeUpload={(f) => (void onFile(f), false)}>
          <Button type="primary">{pick('选择 PDF 文件', 'Choose a PDF file')}</Button>
        </Upload>
        {fileName && <Typography.Text>{pick(`文件：${fileName}`, `File: ${fileName}`)}</Typography.Text>}
        <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
          <Input aria-label={pick('SM3 摘要', 'SM3 digest')} placeholder={pick('SM3 摘要（64 位十六进制）', 'SM3 digest (64 hex digits)')} value={typed} onChange={(e) => setTyped(e.target.value)} />
          <Button
            onClick={() => {
              const d = normaliseDigest(typed);
              if (d) void check(d);
              else setProblem(pick('摘要须为 64 位十六进制数字', 'A digest is 64 hexadecimal digits'));
            }}
          >
            {pick('核验', 'Check')}
          </Button>
        </Space.Compact>
        {problem && <Alert type="error" showIcon message={problem} />}
        {answer && answer.verdict.outcome === 'changed' && (
          <Alert type="error" showIcon message={pick('核验未通过：文件已被改动，或不是本平台签章的文件', 'Check failed: the file was changed, or it was not sealed here')} description={<Typography.Text code>{answer.sha}</Typography.Text>} />
        )}
        {answer && answer.verdict.outcome === 'signature_invalid' && <Alert type="error" showIcon message={pick('电子印章签名验证未通过', 'The seal’s signature does not verify')} />}
        {answer && answer.verdict.outcome === 'valid' && (
          <Alert type="success" showIcon message={pick('文件未被改动：电子印章验证通过', 'The file is unchanged: the electronic seal verifies')} description={browserCheck === null ? undefined : browserCheck ? pick('签名已在本浏览器中以公布的公钥再次验证（SM2/SM3）', 'The signature was checked again in this browser with the published key (SM2/SM3)') : pick('浏览器中的签名验证未通过', 'The signature check in this browser failed')} />
        )}
        {s && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={pick('文件', 'Document')}>{s.title}</Descriptions.Item>
            <Descriptions.Item label={pick('签章部门', 'Sealed by')}>{`${s.issuer.name}${s.issuer.creditCode ? `（${s.issuer.creditCode}）` : ''}`}</Descriptions.Item>
            <Descriptions.Item label={pick('签章时间', 'Sealed at')}>{new Date(s.sealedAt).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={pick('文件 SM3 摘要', 'SM3 digest of the file')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {answer?.sha}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={pick('签名密钥', 'Signing key')}>
              <a href={s.keyUrl}>{s.keyId}</a>
            </Descriptions.Item>
            {s.licenceIdentifier && (
              <Descriptions.Item label={pick('电子证照', 'Licence')}>
                <Link to={verifyPathOf(s.licenceIdentifier)}>{s.licenceIdentifier}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
