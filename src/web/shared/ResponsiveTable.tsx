import { Card, Grid, List, Table, Typography, type TableProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { Key, ReactNode } from 'react';

/**
 * A table on wide screens; on a phone (below antd's `sm`, 576 px) each row becomes a small card of
 * "column title: value" lines, so no column hides behind a sideways scroll and the page never gets
 * wider than the screen (issue 9: a 容缺 case page was 528 px wide on a 390 px phone).
 */
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  const screens = Grid.useBreakpoint();
  // Before the first measurement `sm` is undefined: render the table, as on a desktop.
  if (screens.sm !== false) return <Table<T> {...props} />;
  const columns = (props.columns ?? []) as ColumnType<T>[];
  const rows = (props.dataSource ?? []) as readonly T[];
  const keyOf = (r: T, i: number): Key => {
    const k = props.rowKey;
    if (typeof k === 'function') return k(r, i);
    if (typeof k === 'string') return String((r as Record<string, unknown>)[k]);
    return i;
  };
  const cell = (c: ColumnType<T>, r: T, i: number): ReactNode => {
    const path = c.dataIndex;
    const value = path === undefined ? undefined : (Array.isArray(path) ? path : [path]).reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p as string], r);
    if (c.render) return c.render(value, r, i) as ReactNode;
    return value === undefined || value === null ? '' : String(value as string | number);
  };
  const empty = props.locale?.emptyText;
  const pageSize = props.pagination === false ? undefined : (props.pagination?.pageSize ?? 10);
  return (
    <List
      loading={props.loading === true}
      dataSource={[...rows]}
      locale={empty !== undefined ? { emptyText: empty as ReactNode } : undefined}
      rowKey={(r) => keyOf(r, rows.indexOf(r))}
      pagination={pageSize !== undefined && rows.length > pageSize ? { pageSize, size: 'small', align: 'center' } : false}
      renderItem={(r) => {
        const i = rows.indexOf(r);
        return (
          <List.Item style={{ padding: '4px 0', border: 'none' }}>
            <Card size="small" style={{ width: '100%' }} styles={{ body: { padding: '8px 12px' } }}>
              {columns.map((c, ci) => {
                const content = cell(c, r, i);
                const title = typeof c.title === 'function' ? null : (c.title as ReactNode);
                return (
                  <div key={String(c.key ?? ci)} style={{ display: 'flex', gap: 8, padding: '2px 0', overflowWrap: 'anywhere', minWidth: 0 }}>
                    {title ? (
                      <Typography.Text type="secondary" style={{ flex: '0 0 34%', minWidth: 0 }}>
                        {title}
                      </Typography.Text>
                    ) : null}
                    <div style={{ flex: 1, minWidth: 0 }}>{content}</div>
                  </div>
                );
              })}
            </Card>
          </List.Item>
        );
      }}
    />
  );
}
