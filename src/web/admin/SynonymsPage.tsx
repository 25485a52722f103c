import { Alert, App, Button, Card, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { checkSynonymGroups, parseSynonymLines } from '../../core/catalogue/synonyms.js';
import { ApiError, put } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

/** 检索同义词: the words people type for the items' formal names, one group per line. */
export function SynonymsPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { data, reload } = useApi<{ groups: string[][] }>('/api/admin/catalogue/synonyms');
  const [text, setText] = useState('');
  useEffect(() => {
    if (data) setText(data.groups.map((g) => g.join('、')).join('\n'));
  }, [data]);
  const groups = parseSynonymLines(text);
  const problems = checkSynonymGroups(groups);
  const save = () =>
    put('/api/admin/catalogue/synonyms', { groups })
      .then(() => {
        message.success(pick('已保存，门户检索即时生效', 'Saved; the portal search uses it at once'));
        reload();
      })
      .catch((e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e)));
  return (
    <Card title={pick('检索同义词', 'Search synonyms')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {pick('每行一组同义词，词之间用顿号、逗号或空格分隔，例如“低保、最低生活保障”。群众检索其中任一个词，都能找到含其他词的事项。', 'One group per line, words separated by 、, commas or spaces, e.g. “低保、最低生活保障”. Searching for any word also finds items with the others.')}
        </Typography.Paragraph>
        <Input.TextArea aria-label={pick('同义词组', 'Synonym groups')} rows={12} value={text} onChange={(e) => setText(e.target.value)} />
        {problems.length > 0 && <Alert type="error" showIcon message={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p.zh}>{pick(p.zh, p.en)}</li>)}</ul>} />}
        <Button type="primary" disabled={problems.length > 0} onClick={() => void save()}>
          {pick('保存', 'Save')}
        </Button>
      </Space>
    </Card>
  );
}
