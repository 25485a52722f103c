import { Form, InputNumber, Typography } from 'antd';
import { MAX_CHARGE_FEN, fenOfYuan, formatFenAsYuan } from '../../core/catalogue/fees.js';
import { useI18n } from '../shared/i18n.js';
import type { CaseFee } from '../shared/types.js';

/** The decision form asks for the charge when the pinned item lists fees for the applicant's situations. */
export const asksForCharge = (fee: CaseFee | undefined): fee is CaseFee => (fee?.lines.length ?? 0) > 0;

/** The form's 元 field (`chargedYuan`) as the API's `chargedFen`; an empty field records no charge. */
export function withChargeInFen(values: Record<string, unknown>): Record<string, unknown> {
  const { chargedYuan, ...rest } = values;
  const fen = typeof chargedYuan === 'number' ? fenOfYuan(chargedYuan) : null;
  return fen === null ? rest : { ...rest, chargedFen: fen };
}

/**
 * 收费 in the decision form (ADR 0048): the catalogue's fees for the applicant's situations and the
 * amount charged in 元, prefilled with the catalogue amount (empty when the fee varies). 电子监察 compares
 * the two; the conversion to fen is src/core/catalogue/fees.ts.
 */
export function FeeChargeFields({ fee }: { fee: CaseFee }) {
  const { pick } = useI18n();
  const catalogue = fee.catalogueFen === null ? pick('收费标准不固定，按实际收取', 'Varies: charge what applies') : `${formatFenAsYuan(fee.catalogueFen)} ${pick('元', 'yuan')}`;
  return (
    <>
      <Form.Item label={pick('目录收费金额', 'Catalogue fee')}>
        <Typography.Text strong>{catalogue}</Typography.Text>
        {fee.lines.map((l) => (
          <Typography.Paragraph key={l.name} type="secondary" style={{ margin: 0 }}>
            {`${l.name}：${l.standard}`}
          </Typography.Paragraph>
        ))}
      </Form.Item>
      <Form.Item
        name="chargedYuan"
        preserve={false}
        label={pick('实收金额（元）', 'Amount charged (yuan)')}
        initialValue={fee.catalogueFen === null ? undefined : fee.catalogueFen / 100}
        extra={pick('与目录收费金额不符的，电子监察将记录“收费与目录不符”', 'A charge different from the catalogue fee is recorded by supervision as a fee mismatch')}
      >
        <InputNumber min={0} max={MAX_CHARGE_FEN / 100} precision={2} step={1} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}
