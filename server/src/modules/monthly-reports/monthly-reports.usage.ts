/** Part (a) of the monthly report: the operator's own resource-usage figures. */
/** Part (a): decimals as exact strings ('1234.50'), instances as a whole number. */
export interface UsageFigures {
  vcpuCoreHours: string | null;
  memoryGibHours: string | null;
  blockStorageTbMonths: string | null;
  objectStorageTbMonths: string | null;
  bandwidthPeakMbps: string | null;
  trafficTb: string | null;
  securityInstances: number | null;
}

export const USAGE_FIELDS = [
  'vcpuCoreHours',
  'memoryGibHours',
  'blockStorageTbMonths',
  'objectStorageTbMonths',
  'bandwidthPeakMbps',
  'trafficTb',
  'securityInstances',
] as const satisfies readonly (keyof UsageFigures)[];

export const USAGE_LABELS: Record<keyof UsageFigures, string> = {
  vcpuCoreHours: 'vCPU 核时',
  memoryGibHours: '内存 GiB·小时',
  blockStorageTbMonths: '块存储 TB·月',
  objectStorageTbMonths: '对象存储 TB·月',
  bandwidthPeakMbps: '公网带宽峰值 Mbps',
  trafficTb: '公网流量 TB',
  securityInstances: '安全服务实例数',
};
