import type { Lang } from '../i18n/context';
import { useI18n } from '../i18n/useT';
import { chineseNumeral } from './articles';

/**
 * A star level as the `{star}` of a message: in Chinese the numeral of the measures
 * (三星级、四星级、五星级, never “4星级”), in English the digit (“4-star”).
 */
export function starNumeral(star: number, lang: Lang): string {
  return lang === 'en' ? String(star) : chineseNumeral(star);
}

/** `(4) → 四星级` (zh) or `4-star` (en), for table cells, tags and options. */
export function useStarName(): (star: number) => string {
  const { t, lang } = useI18n();
  return (star: number) => t('voucher.starValue', { star: starNumeral(star, lang) });
}
