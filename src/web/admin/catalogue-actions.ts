/** 操作记录 verbs in words (catalogue version events). */
export const CATALOGUE_ACTIONS: Record<string, { zh: string; en: string }> = {
  create: { zh: '创建事项', en: 'Item created' },
  create_draft: { zh: '新建草稿版本', en: 'Draft version created' },
  edit: { zh: '修改', en: 'Edited' },
  submit: { zh: '提交审核', en: 'Submitted for review' },
  publish: { zh: '审核发布', en: 'Published' },
  reject: { zh: '退回修改', en: 'Returned for changes' },
  retire: { zh: '停用', en: 'Retired' },
  import: { zh: '导入', en: 'Imported' },
};
