import ExcelJS from 'exceljs';
import { Value } from 'typebox/value';
import type { BundleContent, BundleMember, BundleQuestion, DataMapping, RefusalPolicy } from '../../core/bundles/types.js';
import { addSheet, readSheet, RowReader, yn, type Row, type XlsxProblem } from '../catalogue/xlsx.js';
import { BundleContentSchema } from './schemas.js';

/**
 * The 一件事目录 in a spreadsheet, like the item catalogue (src/server/catalogue/xlsx.ts, ADR 0038):
 * Chinese sheet and column names, one row per entry, no JSON cells. Sheet 一件事 has one row per
 * bundle; 联办事项, 适用条件, 前置事项, 数据映射, 情形问题 (one row per option) and 成员情形答案 hold one row
 * per entry, joined by 一件事编码. Every field of `BundleContent` round-trips (`bundlesFromXlsx`); the
 * member's name and department are there for people and are not read back.
 */
export interface XlsxBundle {
  code: string;
  versionNo?: number;
  status?: string;
  content: BundleContent;
}

const APPLICANT_ZH = { natural_person: '自然人', legal_person: '法人' } as const;
const POLICY_ZH: Record<RefusalPolicy, string> = { continue: '其他事项继续办理', stop: '全部停止办理' };
const RESULT_NO = '办理结果编号';
const FIELD = '表单字段:';

const BUNDLE_COLS = ['一件事编码', '名称', '说明', '所属区划', '主题', '窗口类别', '服务对象', '事项被拒时', '办理时限(工作日)', '政策依据', '版本号', '状态'] as const;
const MEMBER_COLS = ['一件事编码', '成员键', '实施清单ID', '事项名称（仅供阅读）', '实施部门（仅供阅读）'] as const;
const CONDITION_COLS = ['一件事编码', '成员键', '情形编号', '选项编号'] as const;
const DEPENDENCY_COLS = ['一件事编码', '成员键', '前置成员键', '由前置结果代替的材料'] as const;
const MAPPING_COLS = ['一件事编码', '成员键', '前置成员键', '数据来源', '填入字段'] as const;
const QUESTION_COLS = ['一件事编码', '情形编号', '情形问题', '可多选', '选项编号', '选项', '默认选项'] as const;
const ANSWER_COLS = ['一件事编码', '情形编号', '选项编号', '事项情形编号', '事项选项编号'] as const;

const list = (xs: readonly string[] | undefined) => (xs ?? []).join(',');
const fromText = (from: DataMapping['from']) => (from === 'resultNo' ? RESULT_NO : `${FIELD}${from.slice('field:'.length)}`);

/** `names`: the member items' names and departments by implementation id, for people reading the sheet. */
export async function bundlesToXlsx(bundles: readonly XlsxBundle[], names: ReadonlyMap<string, { name: string; department: string }> = new Map()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tongban 通办';
  addSheet(
    wb,
    '一件事',
    BUNDLE_COLS,
    bundles.map(({ code, versionNo, status, content: c }) => [
      code, c.name, c.description, c.regionCode, c.topic, c.category, c.applicantTypes.map((a) => APPLICANT_ZH[a]).join('、'), POLICY_ZH[c.refusalPolicy], c.limitDays, c.basis ?? '', versionNo ?? '', status ?? '',
    ]),
    ['名称', '说明', '政策依据'],
  );
  addSheet(wb, '联办事项', MEMBER_COLS, bundles.flatMap(({ code, content: c }) => c.members.map((m) => [code, m.key, m.itemId, names.get(m.itemId)?.name ?? '', names.get(m.itemId)?.department ?? ''])), ['事项名称（仅供阅读）']);
  addSheet(wb, '适用条件', CONDITION_COLS, bundles.flatMap(({ code, content: c }) => c.members.flatMap((m) => (m.when ?? []).map((w) => [code, m.key, w.questionId, list(w.optionIds)]))));
  addSheet(
    wb,
    '前置事项',
    DEPENDENCY_COLS,
    bundles.flatMap(({ code, content: c }) => c.members.flatMap((m) => (m.dependsOn ?? []).map((d) => [code, m.key, d.memberKey, list(d.providesMaterials)]))),
  );
  addSheet(
    wb,
    '数据映射',
    MAPPING_COLS,
    bundles.flatMap(({ code, content: c }) => c.members.flatMap((m) => (m.dependsOn ?? []).flatMap((d) => d.mappings.map((x) => [code, m.key, d.memberKey, fromText(x.from), x.toField])))),
  );
  addSheet(
    wb,
    '情形问题',
    QUESTION_COLS,
    bundles.flatMap(({ code, content: c }) =>
      c.questions.flatMap((q) =>
        q.options.length ? q.options.map((o) => [code, q.id, q.question, yn(q.multiple), o.id, o.label, o.default === undefined ? '' : yn(o.default)]) : [[code, q.id, q.question, yn(q.multiple), '', '', '']],
      ),
    ),
    ['情形问题', '选项'],
  );
  addSheet(
    wb,
    '成员情形答案',
    ANSWER_COLS,
    bundles.flatMap(({ code, content: c }) => c.questions.flatMap((q) => q.options.flatMap((o) => Object.entries(o.memberSituations ?? {}).map(([s, opts]) => [code, q.id, o.id, s, list(opts)])))),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- reading back

/** 数据来源: 办理结果编号, or 表单字段:<key> (the raw `resultNo` / `field:<key>` are read too); anything else is a located problem. */
function mappingSource(x: RowReader): DataMapping['from'] {
  const v = x.text('数据来源');
  if (v === RESULT_NO || v === 'resultNo') return 'resultNo';
  const field = v.startsWith(FIELD) ? v.slice(FIELD.length) : v.startsWith('field:') ? v.slice('field:'.length) : '';
  if (field) return `field:${field}`;
  x.code('数据来源', { resultNo: RESULT_NO }); // reports the unknown value
  return 'resultNo';
}

const MAX_BUNDLES = 500;
const splitList = (v: string) => (v ? v.split(/[,，、]/).map((x) => x.trim()).filter(Boolean) : []);

function groupBy(rows: { row: number; cells: Row }[], ...cols: string[]): Map<string, { row: number; cells: Row }[]> {
  const m = new Map<string, { row: number; cells: Row }[]>();
  for (const r of rows) {
    const k = cols.map((c) => r.cells[c] ?? '').join('\u0000');
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}

/** Reads a workbook written by `bundlesToXlsx` (or edited by hand): the bundles, or located bilingual problems. */
export async function bundlesFromXlsx(buffer: Buffer): Promise<{ bundles: XlsxBundle[]; problems: XlsxProblem[] }> {
  const problems: XlsxProblem[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { bundles: [], problems: [{ sheet: '', row: 0, zh: '文件不是有效的 Excel（.xlsx）工作簿', en: 'The file is not a valid Excel (.xlsx) workbook' }] };
  }
  const bundleRows = readSheet(wb, '一件事', problems, true);
  if (bundleRows.length > MAX_BUNDLES) return { bundles: [], problems: [{ sheet: '一件事', row: 0, zh: `一次最多${MAX_BUNDLES}个一件事`, en: `At most ${MAX_BUNDLES} bundles at once` }] };
  const members = groupBy(readSheet(wb, '联办事项', problems, true), '一件事编码');
  const conditions = groupBy(readSheet(wb, '适用条件', problems, false), '一件事编码', '成员键');
  const dependencies = groupBy(readSheet(wb, '前置事项', problems, false), '一件事编码', '成员键');
  const mappings = groupBy(readSheet(wb, '数据映射', problems, false), '一件事编码', '成员键', '前置成员键');
  const questions = groupBy(readSheet(wb, '情形问题', problems, false), '一件事编码');
  const answers = groupBy(readSheet(wb, '成员情形答案', problems, false), '一件事编码', '情形编号', '选项编号');
  const key = (...parts: string[]) => parts.join('\u0000');

  const bundles: XlsxBundle[] = [];
  for (const { row, cells } of bundleRows) {
    const before = problems.length;
    const r = new RowReader('一件事', row, cells, problems);
    const code = r.text('一件事编码');
    const readMember = ({ row: mr, cells: mc }: { row: number; cells: Row }): BundleMember => {
      const m = new RowReader('联办事项', mr, mc, problems);
      const memberKey = m.text('成员键');
      const when = (conditions.get(key(code, memberKey)) ?? []).map(({ row: cr, cells: cc }) => {
        const c = new RowReader('适用条件', cr, cc, problems);
        return { questionId: c.text('情形编号'), optionIds: splitList(c.text('选项编号')) };
      });
      const dependsOn = (dependencies.get(key(code, memberKey)) ?? []).map(({ row: dr, cells: dc }) => {
        const d = new RowReader('前置事项', dr, dc, problems);
        const on = d.text('前置成员键');
        const provides = splitList(d.text('由前置结果代替的材料'));
        return {
          memberKey: on,
          mappings: (mappings.get(key(code, memberKey, on)) ?? []).map(({ row: xr, cells: xc }) => {
            const x = new RowReader('数据映射', xr, xc, problems);
            return { from: mappingSource(x), toField: x.text('填入字段') };
          }),
          ...(provides.length ? { providesMaterials: provides } : {}),
        };
      });
      return { key: memberKey, itemId: m.text('实施清单ID'), ...(when.length ? { when } : {}), ...(dependsOn.length ? { dependsOn } : {}) };
    };
    const readQuestions = (): BundleQuestion[] => {
      const out: BundleQuestion[] = [];
      for (const { row: qr, cells: qc } of questions.get(code) ?? []) {
        const q = new RowReader('情形问题', qr, qc, problems);
        const id = q.text('情形编号');
        let question = out.find((x) => x.id === id);
        if (!question) {
          question = { id, question: q.text('情形问题'), multiple: q.bool('可多选'), options: [] };
          out.push(question);
        }
        const optionId = q.text('选项编号');
        if (!optionId && !q.text('选项')) continue;
        const isDefault = q.optBool('默认选项');
        const given = (answers.get(key(code, id, optionId)) ?? []).map(({ row: ar, cells: ac }) => {
          const a = new RowReader('成员情形答案', ar, ac, problems);
          return [a.text('事项情形编号'), splitList(a.text('事项选项编号'))] as const;
        });
        question.options.push({ id: optionId, label: q.text('选项'), ...(isDefault === undefined ? {} : { default: isDefault }), ...(given.length ? { memberSituations: Object.fromEntries(given) } : {}) });
      }
      return out;
    };
    const basis = r.optText('政策依据');
    const versionText = r.optText('版本号');
    const content: BundleContent = {
      name: r.text('名称'),
      description: r.text('说明'),
      regionCode: r.text('所属区划'),
      topic: r.text('主题'),
      category: r.text('窗口类别'),
      applicantTypes: r.codes('服务对象', APPLICANT_ZH),
      members: (members.get(code) ?? []).map(readMember),
      questions: readQuestions(),
      refusalPolicy: r.code('事项被拒时', POLICY_ZH),
      limitDays: r.int('办理时限(工作日)'),
      ...(basis ? { basis } : {}),
    };
    if (problems.length === before && !Value.Check(BundleContentSchema, content)) {
      for (const e of Value.Errors(BundleContentSchema, content)) {
        const path = (e as { instancePath?: string }).instancePath ?? '';
        problems.push({ sheet: '一件事', row, zh: `「一件事」第${row}行（${code}）内容不符合格式：${path} ${e.message}`, en: `sheet 一件事 row ${row} (${code}) does not fit the schema: ${path} ${e.message}` });
      }
    }
    const status = r.optText('状态');
    if (problems.length === before) bundles.push({ code, ...(versionText ? { versionNo: r.int('版本号') } : {}), ...(status ? { status } : {}), content });
  }
  return { bundles, problems };
}
