/**
 * Names people type (users, organisations, enterprises, API clients, plans, batches, lists…)
 * are normalised before any length check (decisions: D-security-8): Unicode NFC, so that the
 * same name typed on two systems is the same string; zero-width and other invisible format
 * characters (ZWSP, ZWJ, BOM, soft hyphen, bidirectional overrides…) and control characters
 * removed, line breaks and tabs turned into spaces, runs of spaces collapsed, ends trimmed. A
 * name of only invisible characters is thus empty, and refused naming the field.
 */
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Zero-width and invisible formatting characters, bidi controls included. */
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/g;

/** The name as it is stored and compared. Pure; also for the CLI and services. */
export function normaliseName(input: string): string {
  return input
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\t\n\r]/g, ' ')
    .replace(CONTROL, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The zod schema of a human-entered name: normalised first, then at least `min` and at most
 * `max` characters, with the message in Chinese. Use it for every name a person types.
 */
export function humanName(max: number, min = 1) {
  return z
    .string()
    .overwrite(normaliseName)
    .min(min, min === 1 ? '不能为空（不可见字符不计）' : `至少 ${min} 个字（不可见字符不计）`)
    .max(max, `不能超过 ${max} 个字`);
}
