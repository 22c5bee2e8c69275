/**
 * The password policy: at least 8 characters drawn from at least 3 of the 4 classes
 * (lower case, upper case, digits, other symbols). Pure: hashing is better-auth's job.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** better-auth refuses longer passwords; a bound also keeps hashing cost bounded. */
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CLASSES = 3;

export type CharacterClass = 'lower' | 'upper' | 'digit' | 'symbol';

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_FEW_CHARACTER_CLASSES';

export type PasswordCheck = { ok: true } | { ok: false; problems: PasswordProblem[] };

/** Words for each problem, shown to the person choosing the password. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  TOO_SHORT: `密码至少 ${PASSWORD_MIN_LENGTH} 位 At least ${PASSWORD_MIN_LENGTH} characters`,
  TOO_LONG: `密码最多 ${PASSWORD_MAX_LENGTH} 位 At most ${PASSWORD_MAX_LENGTH} characters`,
  TOO_FEW_CHARACTER_CLASSES:
    '须包含大写字母、小写字母、数字、符号中的至少三类 ' +
    'Use at least three of: upper case, lower case, digits, symbols',
};

export function characterClassOf(character: string): CharacterClass {
  if (character >= 'a' && character <= 'z') return 'lower';
  if (character >= 'A' && character <= 'Z') return 'upper';
  if (character >= '0' && character <= '9') return 'digit';
  // Everything else, including spaces and non-Latin characters, counts as a symbol.
  return 'symbol';
}

export function checkPasswordStrength(password: string): PasswordCheck {
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const characters = [...password];
  const problems: PasswordProblem[] = [];
  if (characters.length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (characters.length > PASSWORD_MAX_LENGTH) problems.push('TOO_LONG');
  const classes = new Set(characters.map(characterClassOf));
  if (classes.size < PASSWORD_MIN_CLASSES) problems.push('TOO_FEW_CHARACTER_CLASSES');
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

// Characters easily confused when read aloud or copied from a screen (0/O, 1/l/I) are left out.
const TEMPORARY_ALPHABETS: Record<CharacterClass, string> = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '@#%+=?',
};

/**
 * A temporary password of `length` characters with every class present, so it always passes
 * checkPasswordStrength. `randomInt(n)` must return a uniform integer in [0, n): the service
 * passes node:crypto's; tests pass a seeded one.
 */
export function generateTemporaryPassword(
  randomInt: (maxExclusive: number) => number,
  length = 12,
): string {
  if (length < 4 || length > PASSWORD_MAX_LENGTH) {
    throw new RangeError(`length must be between 4 and ${PASSWORD_MAX_LENGTH}`);
  }
  const pick = (alphabet: string) => alphabet.charAt(randomInt(alphabet.length));
  const all = Object.values(TEMPORARY_ALPHABETS).join('');
  const characters = Object.values(TEMPORARY_ALPHABETS).map(pick);
  while (characters.length < length) characters.push(pick(all));
  // Fisher–Yates, so the guaranteed characters are not always at the front.
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  return characters.join('');
}
