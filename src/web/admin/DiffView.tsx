import { Empty, Table, Tag, Typography } from 'antd';
import { useI18n } from '../shared/i18n.js';
import type { ContentChange } from '../shared/types.js';

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && 'name' in v && Object.keys(v).length > 3) {
    const o = v as Record<string, unknown>;
    return Object.entries(o)
      .filter(([k]) => !['id'].includes(k))
      .map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
      .join('；');
  }
  return JSON.stringify(v);
}

const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', wordBreak: 'break-word' } as const;

/** A readable version diff, grouped by element with before/after. */
export function DiffView({ changes }: { changes: ContentChange[] }) {
  const { t, pick } = useI18n();
  if (changes.length === 0) return <Empty description={t('admin.noChanges')} />;
  const color = { added: 'green', removed: 'red', changed: 'blue' } as const;
  return (
    <Table
      rowKey="path"
      size="small"
      pagination={false}
      dataSource={changes}
      tableLayout="fixed"
      columns={[
        { title: pick('要素', 'Element'), width: 140, render: (_v, c: ContentChange) => <Typography.Text strong>{pick(c.labelZh, c.labelEn)}</Typography.Text> },
        { title: '', width: 70, render: (_v, c: ContentChange) => <Tag color={color[c.kind]}>{t(`admin.${c.kind}`)}</Tag> },
        // Long values wrap inside their column (the 修改后 column was clipped by the horizontal scroll).
        { title: t('admin.before'), render: (_v, c: ContentChange) => <Typography.Text delete={c.kind !== 'added'} style={WRAP}>{show(c.before)}</Typography.Text> },
        { title: t('admin.after'), render: (_v, c: ContentChange) => <Typography.Text mark={c.kind !== 'removed'} style={WRAP}>{show(c.after)}</Typography.Text> },
      ]}
    />
  );
}
