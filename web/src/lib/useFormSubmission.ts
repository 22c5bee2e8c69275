import type { FormInstance } from 'antd';
import { useState } from 'react';
import { applyFieldErrors, describeError } from '../api/errors';
import { useT } from '../i18n/useT';

/**
 * What every form that sends something does around the request: busy while it runs, and a
 * refusal put on the fields it names (the server's `errors[].field`) plus one message for the
 * alert above the form. `run` resolves either way; the action's own success steps (a toast,
 * refetching, closing the dialog) go inside it so they happen only on success.
 */
export function useFormSubmission(form: FormInstance) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      applyFieldErrors(form, cause);
      setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
