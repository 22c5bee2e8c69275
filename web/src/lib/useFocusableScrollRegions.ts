import { useEffect } from 'react';

/** The scrolling parts of antd's tables (horizontal `.ant-table-content`, vertical `.ant-table-body`). */
const SCROLL_REGIONS = '.ant-table-content, .ant-table-body';

/**
 * A table wider (or taller) than its box scrolls, and someone without a mouse must be able to
 * scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`): such regions get `tabindex=0`
 * so the arrow keys move them, as long as they overflow. Watches the page for tables that
 * appear or grow.
 */
export function useFocusableScrollRegions(): void {
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      for (const region of document.querySelectorAll<HTMLElement>(SCROLL_REGIONS)) {
        const overflows =
          region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight;
        if (overflows && region.tabIndex < 0) region.tabIndex = 0;
        else if (!overflows && region.getAttribute('tabindex') === '0') {
          region.removeAttribute('tabindex');
        }
      }
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);
}
