import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../shared/i18n.js';
import type { LibraryEntry } from '../shared/MaterialPicker.js';
import { ResponsiveTable } from '../shared/ResponsiveTable.js';
import { useApi } from '../shared/use-api.js';
import { ProfileForm, type ProfileView } from './ProfilePage.js';

const FORM_LABELS: Record<string, [string, string]> = { original: ['原件', 'Original'], copy: ['复印件', 'Copy'], electronic: ['电子件', 'Electronic'], original_and_copy: ['原件和复印件', 'Original and copy'] };

/** 我的材料 (issue 10): every material accepted on one of my cases, reusable while valid; and my 办事资料. */
export function MyMaterialsPage() {
  const { pick } = useI18n();
  const { data, loading } = useApi<{ materials: LibraryEntry[] }>('/api/me/materials');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('我的材料', 'My materials')}>
        <Typography.Paragraph type="secondary">
          {pick('办件受理后，您提交的材料会保存在这里。下次申请需要同一材料时，可直接“从我的材料中选用”，无需重复上传；过期的材料不再提供选用。', 'Materials of your accepted cases are kept here. When a later application needs the same material, choose it instead of uploading again; expired materials are not offered.')}
        </Typography.Paragraph>
        <ResponsiveTable<LibraryEntry>
          rowKey="id"
          loading={loading}
          dataSource={data?.materials ?? []}
          locale={{ emptyText: pick('暂无材料：办件受理后，其材料会保存到这里', 'Nothing yet: materials are kept here once a case is accepted') }}
          scroll={{ x: 800 }}
          columns={[
            {
              title: pick('材料', 'Material'),
              render: (_v: unknown, e: LibraryEntry) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{e.name}</Typography.Text>
                  <Space size={4} wrap>
                    <Tag>{e.code.includes(':') && !e.code.startsWith('licence:') ? pick('本事项材料', 'Item material') : e.code}</Tag>
                    {e.form && FORM_LABELS[e.form] && <Tag color="default">{pick(...(FORM_LABELS[e.form] as [string, string]))}</Tag>}
                  </Space>
                </Space>
              ),
            },
            { title: pick('文件', 'File'), render: (_v: unknown, e: LibraryEntry) => <a href={`/api/files/${e.fileId}`} target="_blank" rel="noreferrer">{e.fileName}</a> },
            { title: pick('来源办件', 'From case'), render: (_v: unknown, e: LibraryEntry) => <Link to={`/my/cases/${e.sourceCaseId}`}><Space direction="vertical" size={0}><span>{e.sourceTitle}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.sourceCaseNo}</Typography.Text></Space></Link> },
            { title: pick('受理日期', 'Accepted'), width: 110, dataIndex: 'acceptedOn' },
            { title: pick('有效期至', 'Valid until'), width: 110, render: (_v: unknown, e: LibraryEntry) => e.validUntil ?? pick('长期', 'No limit') },
            { title: pick('状态', 'Status'), width: 100, render: (_v: unknown, e: LibraryEntry) => (e.usable ? <Tag color="green">{pick('可选用', 'Usable')}</Tag> : <Tag>{pick('已过期', 'Expired')}</Tag>) },
          ]}
        />
      </Card>
      <ProfileCard />
    </Space>
  );
}

/** 办事资料 beside the library: the same form as 我的资料 (/me/profile), which also shows the change record. */
function ProfileCard() {
  const { pick } = useI18n();
  const { data, reload } = useApi<ProfileView>('/api/me/profile');
  if (!data) return <Card loading />;
  return (
    <Card title={pick('我的办事资料', 'My profile')} extra={<Link to="/me/profile">{pick('我的资料与修改记录', 'Profile and change record')}</Link>}>
      <Typography.Paragraph type="secondary">{pick('申请时按字段自动填入表单；实名信息来自账户，不可在此修改。', 'Fills application forms by field; identity comes from your verified account.')}</Typography.Paragraph>
      <ProfileForm data={data} onSaved={reload} />
    </Card>
  );
}
