/** A star level in the words of the measures (三星级、四星级、五星级); other values as digits. */
export function starName(star: number): string {
  return STAR_NAMES[star] ?? `${star}星级`;
}

const STAR_NAMES: Record<number, string> = { 3: '三星级', 4: '四星级', 5: '五星级' };
