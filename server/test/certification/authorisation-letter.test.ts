/** The letter-of-authorisation template: a one-page PDF with the Chinese font embedded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorisationLetterDefinition } from '../../src/modules/certification/authorisation-letter.js';
import { TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('authorisation letter template', () => {
  it('is a PDF download with Noto Sans SC embedded as a subset', async () => {
    const response = await new TestClient(t.app).get(
      '/api/certification/authorisation-letter-template.pdf',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment;/);
    expect(response.headers['content-disposition']).toContain(
      encodeURIComponent('经办人授权委托书（模板）.pdf'),
    );
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdf.toString('latin1');
    // Both weights, embedded (FontFile2) as subsets (six-letter tag), with a Unicode map so
    // the text can be searched and copied.
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(text).toContain('/FontFile2');
    expect(text).toContain('/ToUnicode');
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    // Small: the font is subset, not the whole 10 MB file.
    expect(pdf.length).toBeLessThan(200_000);

    const again = await new TestClient(t.app).get(
      '/api/certification/authorisation-letter-template.pdf',
    );
    expect(again.rawPayload.equals(pdf)).toBe(true);
  });

  it('has the blanks and the authorised matters an enterprise fills in and signs', () => {
    const words = JSON.stringify(authorisationLetterDefinition());
    for (const blank of [
      '授权委托书',
      '企业名称',
      '统一社会信用代码',
      '经办人姓名',
      '身份证号码',
      '手机号码',
      '授权有效期',
      '办理“海安云”资源券企业认证、认领等相关事宜',
      '法定代表人（签字）',
      '加盖公章',
      '年\u3000\u3000月\u3000\u3000日',
    ]) {
      expect(words).toContain(blank);
    }
  });
});
