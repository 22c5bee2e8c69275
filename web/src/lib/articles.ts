import type { Lang } from '../i18n/context';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals, as the measures number their articles: 9 → 九, 14 → 十四, 20 → 二十. */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** [9, 10] → “第九条、第十条” (zh) or “Art. 9, 10” (en). */
export function formatArticles(articles: number[], lang: Lang): string {
  if (lang === 'en') return `Art. ${articles.join(', ')}`;
  return articles.map((n) => `第${chineseNumeral(n)}条`).join('、');
}
