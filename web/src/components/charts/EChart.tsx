import type { BarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { type CSSProperties, useEffect, useRef } from 'react';
import { FONT_FAMILY } from '../../theme';

export type ChartOption = ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

function withDefaults(option: ChartOption): ChartOption {
  return { textStyle: { fontFamily: FONT_FAMILY }, animation: false, ...option };
}

/**
 * One ECharts canvas: created on mount, given each new option, resized with its box, disposed
 * on unmount. Text uses the UI's web font (the machines have no CJK font of their own).
 * ECharts itself (~170 KB compressed) is fetched when the first chart mounts, so a page's
 * tables and figures appear without waiting for the chart code (D-assets-2).
 */
export function EChart({
  option,
  style,
  testId,
  ariaLabel,
}: {
  option: ChartOption;
  style?: CSSProperties;
  testId?: string;
  ariaLabel: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  // The option to draw once the chart code has arrived, if it arrives after a newer option.
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let unmounted = false;
    let observer: ResizeObserver | null = null;
    void import('./echarts-runtime').then(({ initChart }) => {
      if (unmounted) return;
      const instance = initChart(element);
      chart.current = instance;
      instance.setOption(withDefaults(latest.current), { notMerge: true });
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(element);
    });
    return () => {
      unmounted = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(withDefaults(option), { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height: 280, ...style }}
    />
  );
}
