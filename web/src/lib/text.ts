/**
 * Free text a person typed, to be followed by our own sentence: without its final stop(s), so
 * “请重新上传。” inside “原因：{reason}。” does not read “请重新上传。。”.
 */
export function withoutFinalStop(text: string): string {
  return text.trim().replace(/[。．.；;，,！!]+$/u, '');
}
