/**
 * Every PDF the platform draws (certification's authorisation letter, monthly reports, the
 * redemption package's letter and 承诺书, the DRC's 汇总表, the demo's documents) goes through
 * here: pdfmake 0.3 with Chinese fonts from npm — Noto Sans SC, and Noto Serif SC for body text
 * that follows GB/T 9704 — embedded from node_modules, never a system font, never the network.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FILES = {
  sans: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  sansBold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  serif: require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'),
  serifBold: require.resolve('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf'),
};
const ALLOWED = new Set(Object.values(FILES));

/** The part of pdfmake 0.3's server API used here (it ships no type declarations). */
interface PdfMake {
  setFonts(fonts: Record<string, { normal: string; bold: string }>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

/**
 * A pdfmake document definition as PDF bytes. Fonts by name: `NotoSansSC` and `NotoSerifSC`.
 * The settings are made right before createPdf, which takes them synchronously, so that
 * nothing else using the shared pdfmake instance can change what this document may read:
 * only the font files, no URL.
 */
export function renderPdf(definition: object): Promise<Buffer> {
  const pdfmake = require('pdfmake') as PdfMake;
  pdfmake.setFonts({
    NotoSansSC: { normal: FILES.sans, bold: FILES.sansBold },
    NotoSerifSC: { normal: FILES.serif, bold: FILES.serifBold },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => ALLOWED.has(path));
  return pdfmake.createPdf(definition).getBuffer();
}
