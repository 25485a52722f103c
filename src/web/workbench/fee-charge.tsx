import { Form, InputNumber, Typography } from 'antd';
import { MAX_CHARGE_FEN, catalogueFeeFen, fenOfYuan, formatFenAsYuan } from '../../core/catalogue/fees.js';
import { applicableTo, chosenOptionIds } from '../../core/catalogue/situations.js';
import type { Fee } from '../../core/catalogue/types.js';
import { useI18n } from '../shared/i18n.js';
import type { CaseFee } from '../shared/types.js';

/** The decision form asks for the charge when the pinned item lists fees for the applicant's situations. */
export const asksForCharge = (fee: CaseFee | undefined): fee is CaseFee => (fee?.lines.length ?? 0) > 0;

/**
 * The fee a case of the item will pin for these situation answers (as the case view answers it), for
 * the window's 即办 before the case exists; undefined when no fee applies.
 */
export function feeForAnswers(fees: readonly Fee[], answers: Readonly<Record<string, readonly string[]>>): CaseFee | undefined {
  const chosen = chosenOptionIds(answers);
  const lines = applicableTo(fees, chosen).map((f) => ({ name: f.name, standard: f.standard, amountFen: f.amountFen ?? null }));
  return lines.length > 0 ? { lines, catalogueFen: catalogueFeeFen(fees, chosen), chargedFen: null } : undefined;
}

/** The form's 元 field (`chargedYuan`) as the API's `chargedFen`; an empty field records no charge. */
export function withChargeInFen(values: Record<string, unknown>): Record<string, unknown> {
  const { chargedYuan, ...rest } = values;
  const fen = typeof chargedYuan === 'number' ? fenOfYuan(chargedYuan) : null;
  return fen === null ? rest : { ...rest, chargedFen: fen };
}

/**
 * 收费 in the decision form (ADR 0048): the catalogue's fees for the applicant's situations and the
 * amount charged in 元, prefilled with the catalogue amount (empty when the fee varies). The person
 * deciding must say what was charged (0 when nothing); a charge that differs from a fixed catalogue fee
 * is flagged before it is sent, since 电子监察 will record it. The conversion to fen is
 * src/core/catalogue/fees.ts.
 */
export function FeeChargeFields({ fee }: { fee: CaseFee }) {
  const { pick } = useI18n();
  const form = Form.useFormInstance();
  const typed = Form.useWatch('chargedYuan', form) as number | null | undefined;
  const yuan = (fen: number) => pick(`${formatFenAsYuan(fen)}元`, `${formatFenAsYuan(fen)} yuan`);
  const catalogue = fee.catalogueFen === null ? pick('收费标准不固定，按实际收取', 'Varies: charge what applies') : yuan(fee.catalogueFen);
  const chargedFen = typeof typed === 'number' ? fenOfYuan(typed) : null;
  const difference = chargedFen !== null && fee.catalogueFen !== null ? chargedFen - fee.catalogueFen : 0;
  return (
    <>
      <Form.Item label={pick('目录收费金额', 'Catalogue fee')}>
        <Typography.Text strong>{catalogue}</Typography.Text>
        {fee.lines.map((l, i) => (
          <Typography.Paragraph key={i} type="secondary" style={{ margin: 0 }}>
            {pick(`${l.name}：${l.standard}`, `${l.name}: ${l.standard}`)}
          </Typography.Paragraph>
        ))}
      </Form.Item>
      <Form.Item
        name="chargedYuan"
        preserve={false}
        label={pick('实收金额（元）', 'Amount charged (yuan)')}
        initialValue={fee.catalogueFen === null ? undefined : fee.catalogueFen / 100}
        rules={[{ required: true, message: pick('请填写实收金额（未收费填 0）', 'Enter the amount charged (0 if none)') }]}
        {...(difference !== 0
          ? {
              validateStatus: 'warning' as const,
              help: difference > 0
                ? pick(`比目录收费金额多收${yuan(difference)}，电子监察将记录“收费与目录不符”`, `${yuan(difference)} more than the catalogue fee: supervision will record a fee mismatch`)
                : pick(`比目录收费金额少收${yuan(-difference)}，电子监察将记录“收费与目录不符”`, `${yuan(-difference)} less than the catalogue fee: supervision will record a fee mismatch`),
            }
          : { extra: pick('实收金额与目录收费金额不一致的，电子监察将记录“收费与目录不符”', 'A charge different from the catalogue fee is recorded by supervision as a fee mismatch') })}
      >
        <InputNumber min={0} max={MAX_CHARGE_FEN / 100} precision={2} step={1} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}
