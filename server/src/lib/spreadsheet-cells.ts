/**
 * Formula injection in exports (decisions: D-security-10). A cell whose text begins with `=`,
 * `+`, `-` or `@` (or a tab or carriage return, which some programs skip before looking) is
 * taken for a formula when the file is opened as, or saved to, CSV — and an enterprise name or a
 * bill's description is typed by people outside the government. Such text is written with a
 * leading apostrophe, as OWASP recommends: shown as the text it is, never evaluated.
 *
 * Every exporter writes its workbook through `workbookBuffer` (which escapes every text cell of
 * every sheet, so a column added later is covered too); a CSV writer passes each field through
 * `escapeSpreadsheetText`.
 */
import type ExcelJS from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

/** `text` as a spreadsheet cell may hold it: prefixed with `'` when it could start a formula. */
export function escapeSpreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Escapes every text cell of every sheet (numbers, dates and real formulas are left alone). */
export function escapeWorkbookCells(workbook: ExcelJS.Workbook): void {
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value === 'string') {
          const escaped = escapeSpreadsheetText(cell.value);
          if (escaped !== cell.value) cell.value = escaped;
        } else if (
          cell.value !== null &&
          typeof cell.value === 'object' &&
          'richText' in cell.value &&
          Array.isArray(cell.value.richText) &&
          cell.value.richText[0]
        ) {
          const [first, ...rest] = cell.value.richText;
          cell.value = {
            richText: [{ ...first, text: escapeSpreadsheetText(first.text) }, ...rest],
          };
        }
      });
    });
  });
}

/** The workbook as .xlsx bytes, every text cell escaped first. Exporters use this, not writeBuffer. */
export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  escapeWorkbookCells(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
