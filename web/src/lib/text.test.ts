import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/messages';
import { withoutFinalStop } from './text';

describe('withoutFinalStop', () => {
  it('drops the stops a reason ends with, so our sentence does not double them', () => {
    expect(withoutFinalStop('营业执照不清晰，请重新上传。')).toBe('营业执照不清晰，请重新上传');
    expect(withoutFinalStop('合同未盖章！！ ')).toBe('合同未盖章');
    expect(withoutFinalStop('Stamp missing.')).toBe('Stamp missing');
    const note = translate('zh-CN', 'cert.returnedNote', {
      reason: withoutFinalStop('请重新上传。'),
    });
    expect(note).not.toContain('。。');
  });
});
