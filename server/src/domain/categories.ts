/**
 * The service categories' names in the documents' Chinese (计算资源、存储资源…), for the usage
 * export, the monthly report, the redemption package and the supervision export. A category
 * the policy adds without a name here is shown as its code.
 */
export const CATEGORY_NAMES: Record<string, string> = {
  compute: '计算资源',
  storage: '存储资源',
  network: '网络资源',
  security: '安全防护',
};
