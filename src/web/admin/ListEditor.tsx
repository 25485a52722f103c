import { Button, Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../shared/i18n.js';

export interface ListColumn {
  key: string | string[];
  label: string;
  span: number;
  options?: { value: string | number; label: string }[];
  number?: boolean;
  bool?: boolean;
  tags?: boolean;
  /** With `options`: pick several (e.g. the situation options a material applies to). */
  multiple?: boolean;
}

/** An editable list of objects (materials, fees, flow steps, legal bases) for the catalogue editor. */
export function ListEditor({ name, title, columns, blank, errorsOf }: { name: string; title: string; columns: ListColumn[]; blank: Record<string, unknown>; errorsOf?: (index: number) => ReactNode }) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div>
          <Typography.Text strong>{title}</Typography.Text>
          {fields.map((field, index) => (
            <div key={field.key} style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 12px 0', margin: '8px 0', background: index % 2 ? '#fcfcfc' : '#fff' }}>
              {errorsOf?.(field.name)}
              <Row gutter={8} align="bottom">
                {columns.map((c) => {
                  const path = [field.name, ...(Array.isArray(c.key) ? c.key : [c.key])];
                  const label = `${c.label}`;
                  return (
                    <Col key={String(c.key)} xs={24} sm={12} md={Math.max(c.span * 2, 6)} lg={c.span * 2 > 24 ? 24 : Math.max(c.span, 3) * 2 > 24 ? 24 : Math.max(c.span, 3)} xl={c.span}>
                      <Form.Item name={path} label={label} valuePropName={c.bool ? 'checked' : 'value'} style={{ marginBottom: 8 }}>
                        {c.bool ? <Switch size="small" /> : c.number ? <InputNumber style={{ width: '100%' }} /> : c.options ? <Select options={c.options} mode={c.multiple ? 'multiple' : undefined} optionFilterProp="label" /> : c.tags ? <Select mode="tags" /> : <Input />}
                      </Form.Item>
                    </Col>
                  );
                })}
                <Col>
                  <Form.Item style={{ marginBottom: 8 }}>
                    <Button danger size="small" onClick={() => remove(field.name)}>
                      {t('admin.remove')}
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            </div>
          ))}
          <Button type="dashed" onClick={() => add({ ...blank })} block>
            + {t('admin.addRow')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
