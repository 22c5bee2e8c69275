/**
 * Documents for the demo's uploads (business licences, letters of authorisation, Haian Cloud
 * service contracts): one-page PDFs with Chinese text, drawn with pdfmake 0.3 and the Noto
 * Sans SC font from node_modules (subset-embedded), so a reviewer opening one sees a document
 * marked as demo data rather than a placeholder. Demo data only.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FONT = require.resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);

/** The part of pdfmake 0.3's server API used here (it ships no type declarations). */
interface PdfMake {
  setFonts(fonts: Record<string, { normal: string; bold: string }>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

export interface DemoDocument {
  title: string;
  /** Label and value pairs, shown as a table. */
  fields: Array<[string, string]>;
  /** Paragraphs under the table. */
  paragraphs?: string[];
  /** Where the stamp and signature go, e.g. 甲方（盖章）. */
  signatures?: string[];
}

/** A one-page A4 PDF of the document, with a "demo data" mark. */
export function demoPdf(document: DemoDocument): Promise<Buffer> {
  const pdfmake = require('pdfmake') as PdfMake;
  // Set right before createPdf, which takes them synchronously: other modules' settings on
  // the shared pdfmake instance cannot leak into this document, nor these into theirs.
  pdfmake.setFonts({ NotoSansSC: { normal: FONT, bold: FONT } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path === FONT);
  return pdfmake
    .createPdf({
      info: { title: document.title, creator: '“海安云”资源券服务平台（演示数据）' },
      pageSize: 'A4',
      pageMargins: [64, 56, 64, 48],
      defaultStyle: { font: 'NotoSansSC', fontSize: 11, lineHeight: 1.4 },
      watermark: { text: '演示数据', color: '#c0392b', opacity: 0.08, fontSize: 96 },
      content: [
        { text: document.title, fontSize: 20, alignment: 'center', margin: [0, 0, 0, 4] },
        {
          text: '（演示数据 Demo data）',
          fontSize: 9,
          color: '#888888',
          alignment: 'center',
          margin: [0, 0, 0, 16],
        },
        {
          table: {
            widths: [120, '*'],
            body: document.fields.map(([label, value]) => [
              { text: label, color: '#444444' },
              { text: value },
            ]),
          },
          layout: {
            hLineWidth: () => 0.6,
            vLineWidth: () => 0.6,
            hLineColor: () => '#999999',
            vLineColor: () => '#999999',
            paddingLeft: () => 8,
            paddingRight: () => 8,
            paddingTop: () => 4,
            paddingBottom: () => 4,
          },
        },
        ...(document.paragraphs ?? []).map((text) => ({
          text,
          leadingIndent: 22,
          margin: [0, 10, 0, 0],
        })),
        {
          margin: [0, 36, 0, 0],
          columns: (document.signatures ?? []).map((text) => ({
            width: '*',
            stack: [
              { text },
              {
                text: '（印）',
                color: '#c0392b',
                fontSize: 18,
                margin: [24, 12, 0, 0],
              },
            ],
          })),
        },
      ],
    })
    .getBuffer();
}
