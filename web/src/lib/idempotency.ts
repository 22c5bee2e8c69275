/**
 * A fresh `Idempotency-Key`. `crypto.randomUUID` exists only in secure contexts (HTTPS or
 * localhost); an intranet deployment on plain HTTP still has `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per submission: the same body sent again (a double click, a retry after a network
 * error) reuses the key, so the server answers with the first result instead of acting twice;
 * a changed body gets a new key. Call `done()` once the submission has succeeded.
 */
export function createSubmissionKeys() {
  let current: { body: string; key: string } | null = null;
  return {
    keyFor(body: unknown): string {
      const text = JSON.stringify(body);
      if (current?.body !== text) current = { body: text, key: newIdempotencyKey() };
      return current.key;
    },
    done(): void {
      current = null;
    },
  };
}
