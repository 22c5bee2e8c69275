/**
 * The template of the agent's letter of authorisation (经办人授权委托书), as a PDF an enterprise
 * prints, fills in, signs and stamps, then uploads. Drawn with pdfmake 0.3 and the Noto Sans SC
 * fonts shipped in node_modules (subset-embedded): no system font, no network. The template has
 * no personal data, so it is rendered once per process and kept.
 */
import { renderPdf } from '../../lib/pdf.js';

export const AUTHORISATION_LETTER_FILENAME = '经办人授权委托书（模板）.pdf';

const signatureLine = (width: number) => ({
  canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.6 }],
});

const DATE_BLANKS = '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

function fieldRow(label: string, hint = '') {
  return [
    { text: label, style: 'label' },
    { text: hint, style: 'hint' },
  ];
}

/** The document definition (exported for tests of its wording). */
export function authorisationLetterDefinition() {
  return {
    info: {
      title: '经办人授权委托书（模板）',
      subject: '“海安云”资源券企业认证、认领',
      creator: '“海安云”资源券服务平台',
    },
    pageSize: 'A4',
    pageMargins: [64, 40, 64, 32],
    defaultStyle: { font: 'NotoSansSC', fontSize: 11, lineHeight: 1.4 },
    styles: {
      title: { fontSize: 22, bold: true, alignment: 'center', characterSpacing: 6 },
      subtitle: { fontSize: 11, alignment: 'center', color: '#555555' },
      label: { bold: true, margin: [0, 3, 0, 3] },
      hint: { color: '#9a9a9a', fontSize: 9, margin: [0, 5, 0, 3] },
      body: { fontSize: 11.5, lineHeight: 1.4 },
      notes: { fontSize: 9, color: '#555555', lineHeight: 1.25 },
    },
    content: [
      { text: '授权委托书', style: 'title' },
      { text: '（“海安云”资源券企业认证、认领用）', style: 'subtitle', margin: [0, 2, 0, 12] },
      { text: '海安市数据局：', style: 'body', bold: true },
      {
        style: 'body',
        leadingIndent: 23,
        margin: [0, 4, 0, 0],
        text: '兹授权下表所列人员作为我单位经办人，代表我单位在“海安云”资源券服务平台办理以下事项：',
      },
      {
        style: 'body',
        margin: [23, 2, 0, 0],
        ol: [
          '注册平台账号，填写并提交企业认证信息及营业执照等材料；',
          '办理“海安云”资源券企业认证、认领等相关事宜，提交“海安云”服务合同等材料；',
          '接收平台发出的审核结果及通知，按要求补正、修改材料后重新提交。',
        ],
      },
      {
        style: 'body',
        leadingIndent: 23,
        margin: [0, 4, 0, 0],
        text: '经办人在上述授权范围内办理的事项及提交的材料，我单位均予以认可，并对材料的真实性、合法性、有效性负责。经办人无转委托权。',
      },
      {
        margin: [0, 14, 0, 0],
        table: {
          widths: [118, '*'],
          body: [
            fieldRow('企业名称', '与营业执照一致'),
            fieldRow('统一社会信用代码', '18 位'),
            fieldRow('经办人姓名'),
            fieldRow('经办人身份证号码', '18 位'),
            fieldRow('经办人手机号码', '与平台注册手机号码一致'),
            [
              { text: '授权有效期', style: 'label' },
              { text: `自${DATE_BLANKS}起至${DATE_BLANKS}止`, margin: [0, 4, 0, 4] },
            ],
          ],
        },
        layout: {
          hLineWidth: () => 0.6,
          vLineWidth: () => 0.6,
          hLineColor: () => '#444444',
          vLineColor: () => '#444444',
          paddingLeft: () => 8,
          paddingRight: () => 8,
          paddingTop: () => 3,
          paddingBottom: () => 3,
        },
      },
      {
        margin: [0, 16, 0, 0],
        columns: [
          {
            width: '*',
            stack: [
              { text: '法定代表人（签字）：', style: 'body' },
              { ...signatureLine(160), margin: [0, 22, 0, 0] },
              { text: '经办人（签字）：', style: 'body', margin: [0, 10, 0, 0] },
              { ...signatureLine(160), margin: [0, 22, 0, 0] },
            ],
          },
          {
            width: '*',
            stack: [
              { text: '委托单位（加盖公章）：', style: 'body' },
              { text: ' ', margin: [0, 44, 0, 0] },
              { text: DATE_BLANKS, style: 'body', alignment: 'right' },
            ],
          },
        ],
      },
      {
        margin: [0, 16, 0, 0],
        style: 'notes',
        stack: [
          { text: '填写说明', bold: true },
          {
            ol: [
              '请用黑色签字笔填写，字迹清晰、工整；内容须与营业执照、身份证一致。',
              '须由法定代表人签字并加盖单位公章，涂改无效。',
              '填写后拍照或扫描，作为“经办人授权委托书”上传：PDF、JPEG 或 PNG 格式，不超过 10 MB。',
              '如附经办人身份证复印件（正反面），请与本授权委托书合并为一个文件上传。',
            ],
          },
        ],
      },
    ],
  };
}

let rendered: Promise<Buffer> | null = null;

function render(): Promise<Buffer> {
  return renderPdf(authorisationLetterDefinition());
}

/** The template's bytes, rendered on first use and kept for the life of the process. */
export function authorisationLetterPdf(): Promise<Buffer> {
  rendered ??= render().catch((error: unknown) => {
    rendered = null;
    throw error;
  });
  return rendered;
}
