import ExcelJS from 'exceljs';
import { Value } from 'typebox/value';
import type { ItemContent, ItemType, LegalBasis, Situation } from '../../core/catalogue/types.js';
import { ITEM_TYPES } from '../../core/catalogue/types.js';
import { ItemContentSchema } from './schemas.js';

/**
 * Catalogues live in spreadsheets: export and import an .xlsx with Chinese sheet and column names.
 * Sheet 事项 holds one row per item; 申请材料, 收费, 办理流程, 设定依据, 情形引导 (one row per option) and 特别程序
 * hold one row per entry, joined by 实施编码 (issue 9: readable columns, no JSON cells). Only the 申请表 stays a
 * JSON Schema cell (its conditions have no row form); the sheet 申请表字段（仅供阅读） lists its fields for people.
 * Workbooks from before (设定依据/情形引导/特别程序 as JSON columns) still import.
 */
export interface XlsxItem {
  level: string;
  status?: string;
  versionNo?: number;
  content: ItemContent;
}

export interface XlsxProblem {
  sheet: string;
  row: number;
  column?: string;
  zh: string;
  en: string;
}

const ITEM_TYPE_ZH: Record<ItemType, string> = {
  administrative_licensing: '行政许可',
  administrative_payment: '行政给付',
  administrative_confirmation: '行政确认',
  administrative_levy: '行政征收',
  administrative_reward: '行政奖励',
  administrative_ruling: '行政裁决',
  other_administrative_power: '其他行政权力',
  public_service: '公共服务',
};
const LEVEL_ZH: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇级' };
const CASE_KIND_ZH = { on_the_spot: '即办件', promised: '承诺件' } as const;
const FORM_ZH = { window: '窗口办理', online: '网上办理', post: '邮寄办理', self_service_terminal: '自助终端', mobile: '移动端' } as const;
const SCOPE_ZH = { county: '全县', city: '全市', province: '全省', cross_province: '跨省', national: '全国' } as const;
const APPLICANT_ZH = { natural_person: '自然人', legal_person: '法人' } as const;
const SOURCE_ZH = { applicant: '申请人自备', government: '政府部门核发', intermediary: '中介机构出具', other: '其他' } as const;
const MFORM_ZH = { original: '原件', copy: '复印件', electronic: '电子材料', original_and_copy: '原件和复印件' } as const;
const ROLE_ZH = { window_clerk: '综合窗口', approver_handle: '承办', approver_review: '审核', approver_signoff: '签批' } as const;
export const YES = '是';
export const NO = '否';

const ITEM_COLS = [
  '实施编码', '层级', '主项名称', '子项名称', '事项类型', '基本编码', '实施主体', '实施主体统一社会信用代码', '窗口类别', '服务对象', '主题',
  '法定时限(工作日)', '承诺时限(工作日)', '办件类型', '办理形式', '网办深度', '到现场次数', '支持邮寄申请', '通办范围', '办理地点', '办理时间',
  '咨询电话', '投诉电话', '办理结果名称', '结果样本', '受理条件', '表单(JSON)', '版本号', '状态',
  '敏感事项', '主项英文名称', '子项英文名称',
] as const;
const MATERIAL_COLS = ['实施编码', '材料编号', '材料名称', '材料代码', '来源', '形式', '份数', '是否必要', '关键材料', '可容缺', '可告知承诺', '依据法规', '依据条款', '填报要求', '适用情形', '可替代电子证照', '可替代共享数据', '空表下载', '样表下载', '免证办数据来源', '免证办数据用途', '复用有效期(月)'] as const;
const FEE_COLS = ['实施编码', '收费项目', '收费标准', '金额(元)', '依据法规', '依据条款', '网上支付', '适用情形'] as const;
const FLOW_COLS = ['实施编码', '环节编号', '环节名称', '办理角色', '办理部门', '环节时限(工作日)', '决定环节', '环节说明'] as const;
/** 设定依据, 情形引导 and 特别程序 in readable rows (issue 9: no JSON cells); workbooks with the old JSON columns still import. */
const BASIS_COLS = ['实施编码', '法律法规名称', '条款', '条文内容'] as const;
const SITUATION_COLS = ['实施编码', '情形编号', '情形问题', '可多选', '选项编号', '选项'] as const;
const SPECIAL_COLS = ['实施编码', '程序名称', '所需时间', '依据法规', '依据条款', '依据条文内容', '计入办理时限'] as const;
/** The 申请表 for people to read (export only: the form is imported from 表单(JSON), whose conditions have no row form). */
const FORM_FIELD_SHEET = '申请表字段（仅供阅读）';
const FORM_FIELD_COLS = ['实施编码', '字段', '字段名称', '类型', '格式', '必填', '可选值', '长度或范围', '说明'] as const;
const FIELD_TYPE_ZH = { string: '文本', number: '数字', integer: '整数', boolean: '是/否' } as const;
const FORMAT_ZH: Record<string, string> = { idNumber: '身份证号码', creditCode: '统一社会信用代码', phone: '电话', mobilePhone: '手机号码', regionCode: '行政区划代码', personName: '姓名', amount: '金额', date: '日期' };

export function addSheet(wb: ExcelJS.Workbook, name: string, cols: readonly string[], rows: (string | number)[][], wide: string[] = []): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c, key: c, width: wide.includes(c) ? 48 : Math.max(12, c.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  for (const c of wide) {
    const col = ws.getColumn(c);
    col.alignment = { wrapText: true, vertical: 'top' };
  }
}

export const yn = (b: boolean | undefined) => (b ? YES : NO);

export async function catalogueToXlsx(items: XlsxItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tongban 通办';
  addSheet(
    wb,
    '事项',
    ITEM_COLS,
    items.map(({ level, status, versionNo, content: c }) => [
      c.implCode, LEVEL_ZH[level] ?? level, c.mainName, c.subName ?? '', ITEM_TYPE_ZH[c.itemType], c.baseCode, c.implementingBody.name, c.implementingBody.creditCode,
      c.category, c.applicantTypes.map((a) => APPLICANT_ZH[a]).join('、'), (c.topics ?? []).join('、'), c.legalLimitDays, c.promisedLimitDays, CASE_KIND_ZH[c.caseKind],
      c.handlingForms.map((f) => FORM_ZH[f]).join('、'), c.onlineDepth, c.trips, yn(c.acceptsPost), SCOPE_ZH[c.serviceScope], c.place, c.hours, c.consultPhone, c.complaintPhone,
      c.resultName, c.resultSampleUrl ?? '', c.conditions ?? '', JSON.stringify(c.form),
      versionNo ?? '', status ?? '', c.sensitive ? YES : '', c.mainNameEn ?? '', c.subNameEn ?? '',
    ]),
    ['主项名称', '办理地点', '受理条件', '表单(JSON)'],
  );
  addSheet(
    wb,
    FORM_FIELD_SHEET,
    FORM_FIELD_COLS,
    items.flatMap(({ content: c }) =>
      Object.entries(c.form.properties).map(([key, f]) => {
        const range = [f.maxLength !== undefined ? `≤${f.maxLength}字` : '', f.minimum !== undefined || f.maximum !== undefined ? `${f.minimum ?? ''}～${f.maximum ?? ''}` : ''].filter(Boolean).join('；');
        return [c.implCode, key, f.title, FIELD_TYPE_ZH[f.type] ?? f.type, f.format ? (FORMAT_ZH[f.format] ?? f.format) : '', yn((c.form.required ?? []).includes(key)), (f.enum ?? []).join('、'), range, f.description ?? ''];
      }),
    ),
    ['字段名称', '可选值', '说明'],
  );
  addSheet(wb, '设定依据', BASIS_COLS, items.flatMap(({ content: c }) => c.basis.map((b) => [c.implCode, b.law, b.article ?? '', b.text ?? ''])), ['法律法规名称', '条文内容']);
  addSheet(
    wb,
    '情形引导',
    SITUATION_COLS,
    items.flatMap(({ content: c }) =>
      c.situations.flatMap((q) => (q.options.length ? q.options : [{ id: '', label: '' }]).map((o) => [c.implCode, q.id, q.question, yn(q.multiple), o.id, o.label])),
    ),
    ['情形问题', '选项'],
  );
  addSheet(
    wb,
    '特别程序',
    SPECIAL_COLS,
    items.flatMap(({ content: c }) => c.specialProcedures.map((p) => [c.implCode, p.name, p.timeNeeded, p.basis.law, p.basis.article ?? '', p.basis.text ?? '', yn(p.countedInLimit)])),
    ['程序名称', '依据条文内容'],
  );
  addSheet(
    wb,
    '申请材料',
    MATERIAL_COLS,
    items.flatMap(({ content: c }) =>
      c.materials.map((m) => [
        c.implCode, m.id, m.name, m.code ?? '', SOURCE_ZH[m.source], MFORM_ZH[m.form], m.copies, yn(m.required), yn(m.key), yn(m.gapAllowed),
        m.commitmentAllowed === undefined ? '' : yn(m.commitmentAllowed), m.basis?.law ?? '', m.basis?.article ?? '', m.requirements ?? '',
        (m.situationOptionIds ?? []).join(','), m.licenceType ?? '', m.sharedDataSource ?? '', m.blankFormUrl ?? '', m.sampleUrl ?? '',
        m.dataFulfilment?.source ?? '', m.dataFulfilment?.purpose ?? '', m.validityMonths ?? '',
      ]),
    ),
    ['材料名称', '填报要求'],
  );
  addSheet(
    wb,
    '收费',
    FEE_COLS,
    items.flatMap(({ content: c }) => c.fees.map((f) => [c.implCode, f.name, f.standard, f.amountFen === undefined ? '' : (f.amountFen / 100).toFixed(2), f.basis.law, f.basis.article ?? '', yn(f.onlinePayment), (f.situationOptionIds ?? []).join(',')])),
  );
  addSheet(
    wb,
    '办理流程',
    FLOW_COLS,
    items.flatMap(({ content: c }) => c.flow.map((s) => [c.implCode, s.id, s.name, ROLE_ZH[s.role], s.department ?? '', s.limitDays, yn(s.decision), s.description ?? ''])),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- import

export type Row = Record<string, string>;

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
}

export function readSheet(wb: ExcelJS.Workbook, name: string, problems: XlsxProblem[], required: boolean): { row: number; cells: Row }[] {
  const ws = wb.getWorksheet(name);
  if (!ws) {
    if (required) problems.push({ sheet: name, row: 0, zh: `缺少工作表「${name}」`, en: `Sheet "${name}" is missing` });
    return [];
  }
  const header: string[] = [];
  ws.getRow(1).eachCell((cell, col) => (header[col] = cellText(cell.value)));
  const out: { row: number; cells: Row }[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cells: Row = {};
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const h = header[col];
      if (h) cells[h] = cellText(cell.value);
    });
    if (Object.values(cells).some((v) => v !== '')) out.push({ row: n, cells });
  });
  return out;
}

export class RowReader {
  constructor(
    private readonly sheet: string,
    private readonly row: number,
    private readonly cells: Row,
    private readonly problems: XlsxProblem[],
  ) {}
  private bad(column: string, value: string): undefined {
    this.problems.push({
      sheet: this.sheet,
      row: this.row,
      column,
      zh: `「${this.sheet}」第${this.row}行「${column}」：无法识别的取值“${value}”`,
      en: `sheet ${this.sheet} row ${this.row} column ${column}: unknown value "${value}"`,
    });
    return undefined;
  }
  text(col: string): string {
    return this.cells[col] ?? '';
  }
  optText(col: string): string | undefined {
    const v = this.text(col);
    return v === '' ? undefined : v;
  }
  int(col: string): number {
    const v = this.text(col);
    const n = Number(v);
    if (v === '' || !Number.isInteger(n)) return this.bad(col, v) ?? 0;
    return n;
  }
  bool(col: string): boolean {
    const v = this.text(col);
    if (v === YES || v === 'true') return true;
    if (v === NO || v === 'false' || v === '') return false;
    return this.bad(col, v) ?? false;
  }
  optBool(col: string): boolean | undefined {
    return this.text(col) === '' ? undefined : this.bool(col);
  }
  code<T extends string>(col: string, labels: Record<T, string>): T {
    const v = this.text(col);
    const hit = (Object.entries(labels) as [T, string][]).find(([k, zh]) => zh === v || k === v);
    return hit ? hit[0] : ((this.bad(col, v) ?? '') as T);
  }
  codes<T extends string>(col: string, labels: Record<T, string>): T[] {
    const v = this.text(col);
    if (!v) return [];
    return v.split(/[、,，]/).map((part) => {
      const p = part.trim();
      const hit = (Object.entries(labels) as [T, string][]).find(([k, zh]) => zh === p || k === p);
      return hit ? hit[0] : ((this.bad(col, p) ?? '') as T);
    });
  }
  json<T>(col: string, fallback: T): T {
    const v = this.text(col);
    if (!v) return fallback;
    try {
      return JSON.parse(v) as T;
    } catch {
      this.problems.push({ sheet: this.sheet, row: this.row, column: col, zh: `「${this.sheet}」第${this.row}行「${col}」不是有效的JSON`, en: `sheet ${this.sheet} row ${this.row} column ${col} is not valid JSON` });
      return fallback;
    }
  }
}

const MAX_ITEMS = 5000;
const MAX_ROWS = 100_000;

export async function catalogueFromXlsx(buffer: Buffer): Promise<{ items: { level: string; content: ItemContent }[]; problems: XlsxProblem[] }> {
  const problems: XlsxProblem[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings lag Node's Buffer generics; the bytes are what it reads.
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { items: [], problems: [{ sheet: '', row: 0, zh: '文件不是有效的 Excel（.xlsx）工作簿', en: 'The file is not a valid Excel (.xlsx) workbook' }] };
  }
  const itemRows = readSheet(wb, '事项', problems, true);
  const materialRows = readSheet(wb, '申请材料', problems, false);
  const feeRows = readSheet(wb, '收费', problems, false);
  const flowRows = readSheet(wb, '办理流程', problems, false);
  const basisSheet = wb.getWorksheet('设定依据') ? readSheet(wb, '设定依据', problems, false) : null;
  const situationSheet = wb.getWorksheet('情形引导') ? readSheet(wb, '情形引导', problems, false) : null;
  const specialSheet = wb.getWorksheet('特别程序') ? readSheet(wb, '特别程序', problems, false) : null;
  const extraRows = (basisSheet?.length ?? 0) + (situationSheet?.length ?? 0) + (specialSheet?.length ?? 0);
  if (itemRows.length > MAX_ITEMS || itemRows.length + materialRows.length + feeRows.length + flowRows.length + extraRows > MAX_ROWS) {
    return { items: [], problems: [{ sheet: '事项', row: 0, zh: `一次最多导入${MAX_ITEMS}个事项、${MAX_ROWS}行`, en: `At most ${MAX_ITEMS} items and ${MAX_ROWS} rows per import` }] };
  }
  const byCode = <T extends { cells: Row }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.cells['实施编码'] ?? '', [...(m.get(r.cells['实施编码'] ?? '') ?? []), r]);
    return m;
  };
  const mats = byCode(materialRows);
  const fees = byCode(feeRows);
  const flows = byCode(flowRows);
  const bases = basisSheet && byCode(basisSheet);
  const situationsBy = situationSheet && byCode(situationSheet);
  const specials = specialSheet && byCode(specialSheet);
  const basisOf = (r: RowReader, law: string, article: string, text: string): LegalBasis => {
    const a = r.optText(article);
    const t = r.optText(text);
    return { law: r.text(law), ...(a ? { article: a } : {}), ...(t ? { text: t } : {}) };
  };
  const readSituations = (implCode: string): Situation[] => {
    const out: Situation[] = [];
    for (const { row, cells } of situationsBy?.get(implCode) ?? []) {
      const r = new RowReader('情形引导', row, cells, problems);
      const id = r.text('情形编号');
      let q = out.find((x) => x.id === id);
      if (!q) {
        q = { id, question: r.text('情形问题'), multiple: r.bool('可多选'), options: [] };
        out.push(q);
      }
      if (r.text('选项编号') || r.text('选项')) q.options.push({ id: r.text('选项编号'), label: r.text('选项') });
    }
    return out;
  };
  const items: { level: string; content: ItemContent }[] = [];
  for (const { row, cells } of itemRows) {
    const before = problems.length;
    const r = new RowReader('事项', row, cells, problems);
    const implCode = r.text('实施编码');
    const levelText = r.text('层级');
    const level = Object.entries(LEVEL_ZH).find(([k, zh]) => zh === levelText || k === levelText)?.[0] ?? 'county';
    const subName = r.optText('子项名称');
    const conditions = r.optText('受理条件');
    const resultSampleUrl = r.optText('结果样本');
    // 敏感事项 (the public progress look-up hides its title); absent in workbooks from before the column.
    const sensitive = r.optBool('敏感事项');
    // English names (English mode); absent in workbooks from before the columns.
    const mainNameEn = r.optText('主项英文名称');
    const subNameEn = r.optText('子项英文名称');
    const itemTypeText = r.text('事项类型');
    const itemType = (Object.entries(ITEM_TYPE_ZH) as [ItemType, string][]).find(([k, zh]) => zh === itemTypeText || k === itemTypeText)?.[0];
    if (!itemType || !ITEM_TYPES.includes(itemType)) r.code('事项类型', ITEM_TYPE_ZH);
    const depthText = r.text('网办深度').replace('Ⅰ', '1').replace('Ⅱ', '2').replace('Ⅲ', '3').replace('Ⅳ', '4');
    const content: ItemContent = {
      mainName: r.text('主项名称'),
      ...(subName ? { subName } : {}),
      ...(mainNameEn ? { mainNameEn } : {}),
      ...(subNameEn ? { subNameEn } : {}),
      itemType: itemType ?? 'public_service',
      baseCode: r.text('基本编码'),
      implCode,
      basis: bases ? (bases.get(implCode) ?? []).map(({ row: br, cells: bc }) => basisOf(new RowReader('设定依据', br, bc, problems), '法律法规名称', '条款', '条文内容')) : r.json('设定依据(JSON)', []),
      implementingBody: { name: r.text('实施主体'), creditCode: r.text('实施主体统一社会信用代码') },
      category: r.text('窗口类别'),
      applicantTypes: r.codes('服务对象', APPLICANT_ZH),
      topics: r.text('主题') ? r.text('主题').split(/[、,，]/).map((t) => t.trim()) : [],
      legalLimitDays: r.int('法定时限(工作日)'),
      promisedLimitDays: r.int('承诺时限(工作日)'),
      caseKind: r.code('办件类型', CASE_KIND_ZH),
      handlingForms: r.codes('办理形式', FORM_ZH),
      onlineDepth: new RowReader('事项', row, { 网办深度: depthText }, problems).int('网办深度') as ItemContent['onlineDepth'],
      trips: r.int('到现场次数'),
      acceptsPost: r.bool('支持邮寄申请'),
      serviceScope: r.code('通办范围', SCOPE_ZH),
      place: r.text('办理地点'),
      hours: r.text('办理时间'),
      consultPhone: r.text('咨询电话'),
      complaintPhone: r.text('投诉电话'),
      resultName: r.text('办理结果名称'),
      ...(resultSampleUrl ? { resultSampleUrl } : {}),
      fees: (fees.get(implCode) ?? []).map(({ row: fr, cells: fc }) => {
        const f = new RowReader('收费', fr, fc, problems);
        const yuan = f.text('金额(元)');
        const article = f.optText('依据条款');
        const amount = yuan === '' ? undefined : Math.round(Number(yuan) * 100);
        if (amount !== undefined && !Number.isFinite(amount)) f.int('金额(元)');
        // 适用情形 (ADR 0048): a workbook without the column (older exports) gives fees that always apply.
        const options = f.text('适用情形') ? f.text('适用情形').split(',').map((o) => o.trim()).filter(Boolean) : [];
        return { name: f.text('收费项目'), standard: f.text('收费标准'), ...(amount !== undefined && Number.isFinite(amount) ? { amountFen: amount } : {}), basis: { law: f.text('依据法规'), ...(article ? { article } : {}) }, onlinePayment: f.bool('网上支付'), ...(options.length ? { situationOptionIds: options } : {}) };
      }),
      materials: (mats.get(implCode) ?? []).map(({ row: mr, cells: mc }) => {
        const m = new RowReader('申请材料', mr, mc, problems);
        const lawName = m.text('依据法规');
        const article = m.optText('依据条款');
        const opt = {
          commitmentAllowed: m.optBool('可告知承诺'),
          requirements: m.optText('填报要求'),
          situationOptionIds: m.text('适用情形') ? m.text('适用情形').split(',').map((s) => s.trim()) : undefined,
          code: m.optText('材料代码'),
          licenceType: m.optText('可替代电子证照'),
          sharedDataSource: m.optText('可替代共享数据'),
          blankFormUrl: m.optText('空表下载'),
          sampleUrl: m.optText('样表下载'),
          dataFulfilment: dataFulfilmentOf(m.optText('免证办数据来源'), m.optText('免证办数据用途')),
          validityMonths: m.optText('复用有效期(月)') === undefined ? undefined : m.int('复用有效期(月)'),
          basis: lawName ? { law: lawName, ...(article ? { article } : {}) } : undefined,
        };
        return {
          id: m.text('材料编号'),
          name: m.text('材料名称'),
          source: m.code('来源', SOURCE_ZH),
          form: m.code('形式', MFORM_ZH),
          copies: m.int('份数'),
          required: m.bool('是否必要'),
          key: m.bool('关键材料'),
          gapAllowed: m.bool('可容缺'),
          ...Object.fromEntries(Object.entries(opt).filter(([, v]) => v !== undefined)),
        };
      }),
      situations: situationsBy ? readSituations(implCode) : r.json('情形引导(JSON)', []),
      form: r.json('表单(JSON)', { type: 'object', properties: {} }),
      flow: (flows.get(implCode) ?? []).map(({ row: sr, cells: sc }) => {
        const s = new RowReader('办理流程', sr, sc, problems);
        const department = s.optText('办理部门');
        const description = s.optText('环节说明');
        const decision = s.bool('决定环节');
        return {
          id: s.text('环节编号'),
          name: s.text('环节名称'),
          role: s.code('办理角色', ROLE_ZH),
          ...(department ? { department } : {}),
          limitDays: s.int('环节时限(工作日)'),
          ...(decision ? { decision: true } : {}),
          ...(description ? { description } : {}),
        };
      }),
      specialProcedures: specials
        ? (specials.get(implCode) ?? []).map(({ row: pr, cells: pc }) => {
            const p = new RowReader('特别程序', pr, pc, problems);
            return { name: p.text('程序名称'), timeNeeded: p.text('所需时间'), basis: basisOf(p, '依据法规', '依据条款', '依据条文内容'), countedInLimit: p.bool('计入办理时限') };
          })
        : r.json('特别程序(JSON)', []),
      ...(conditions ? { conditions } : {}),
      ...(sensitive ? { sensitive: true } : {}),
    };
    if (problems.length === before && !Value.Check(ItemContentSchema, content)) {
      for (const e of Value.Errors(ItemContentSchema, content)) {
        const path = (e as { instancePath?: string }).instancePath ?? '';
        problems.push({ sheet: '事项', row, zh: `「事项」第${row}行（${implCode}）内容不符合格式：${path} ${e.message}`, en: `sheet 事项 row ${row} (${implCode}) does not fit the schema: ${path} ${e.message}` });
      }
    }
    if (problems.length === before) items.push({ level, content });
  }
  return { items, problems };
}

/** 免证办 via data (ADR 0030): source and purpose come as a pair; one without the other is left for the rule check. */
function dataFulfilmentOf(source: string | undefined, purpose: string | undefined): { source: string; purpose: string } | undefined {
  return source === undefined && purpose === undefined ? undefined : { source: source ?? '', purpose: purpose ?? '' };
}
