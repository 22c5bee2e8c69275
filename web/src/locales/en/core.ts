import type { CoreMessages } from '../zh-CN/core.js';

export const core: CoreMessages = {
  'app.name': 'Yunquan',
  'app.fullName': 'Haian Cloud Resource Voucher Platform',

  'common.ok': 'OK',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.search': 'Search',
  'common.reset': 'Reset',
  'common.close': 'Close',
  'common.retry': 'Retry',
  'common.actions': 'Actions',
  'common.details': 'Details',
  'common.total': '{total} in total',
  'common.required': 'Required',
  'common.loadFailed': 'Could not load',
  'common.backHome': 'Back to home',
  'common.yes': 'Yes',
  'common.no': 'No',

  'lang.label': 'Language',

  'demo.banner': 'Demo environment — all data is fictitious; do not enter real information',
  'demo.fakeNow': 'Simulated time: {time} (Beijing time)',

  'role.enterprise_agent': 'Enterprise agent',
  'role.operator_staff': 'Operator clerk',
  'role.operator_admin': 'Operator administrator',
  'role.data_bureau_reviewer': 'Data Bureau reviewer',
  'role.data_bureau_admin': 'Data Bureau administrator',
  'role.drc_officer': 'DRC officer',
  'role.finance_officer': 'Finance Bureau officer',
  'role.system_admin': 'System administrator',

  'orgKind.department': 'Government department',
  'orgKind.operator': 'Platform operator',
  'orgKind.enterprise': 'Enterprise',
  'orgKind.platform': 'Platform administration',

  'workspace.enterprise_agent.title': 'Enterprise workspace',
  'workspace.operator_staff.title': 'Operator workspace',
  'workspace.operator_admin.title': 'Operator administration',
  'workspace.data_bureau_reviewer.title': 'Data Bureau review',
  'workspace.data_bureau_admin.title': 'Data Bureau administration',
  'workspace.drc_officer.title': 'DRC workspace',
  'workspace.finance_officer.title': 'Finance Bureau workspace',
  'workspace.system_admin.title': 'System administration',
  'workspace.enterprise_agent.intro':
    'Certify your enterprise, claim the Haian Cloud voucher, and follow its amount, balance and use. Vouchers are spent only on the platform at face value and are never paid out in cash.',
  'workspace.operator_staff.intro':
    'Configure and issue vouchers per the issuance plan, deduct and write them off against Haian Cloud bills, file the monthly report and the yearly redemption materials.',
  'workspace.operator_admin.intro':
    'Manage voucher configuration and issuance, write-offs, the open API, monthly reports and the yearly redemption materials.',
  'workspace.data_bureau_reviewer.intro':
    'Review certifications and claims, archive monthly reports, review redemption materials, and supervise issuance, claims, use and redemption.',
  'workspace.data_bureau_admin.intro':
    'Set the yearly issuance plan under total budget control, review certifications, claims and redemption materials, archive monthly reports, and supervise the whole flow.',
  'workspace.drc_officer.intro':
    "Provide the year's approved provincial star-rated list, aggregate the enterprises that used vouchers, and send them to Finance.",
  'workspace.finance_officer.intro':
    "Review the DRC's redemption summary and pay the operator the voucher funds on time.",
  'workspace.system_admin.intro':
    "Manage every organisation's user accounts and roles, and search the audit log.",

  'nav.home': 'Home',
  'nav.menu': 'Menu',

  'feature.certification.label': 'Certification',
  'feature.certification.desc':
    "Enter the enterprise's details, verify the agent's identity, upload the stamped business licence and letter of authorisation.",
  'feature.claim.label': 'Claim voucher',
  'feature.claim.desc':
    'Once the star list is published, submit the Haian Cloud service contract; after the Data Bureau approves, the voucher amount is granted.',
  'feature.vouchers.label': 'My vouchers',
  'feature.vouchers.desc': 'Amount, yearly shares, balance, validity and write-offs.',
  'feature.voucherConfig.label': 'Voucher configuration',
  'feature.voucherConfig.desc':
    'Configure vouchers per the issuance plan and issue them to eligible enterprises.',
  'feature.writeOffs.label': 'Write-offs',
  'feature.writeOffs.desc':
    'Deduct vouchers from Haian Cloud bills and write them off; search and reverse write-offs.',
  'feature.openApi.label': 'Open API',
  'feature.openApi.desc': 'API credentials for the billing system, documentation and call records.',
  'feature.monthlyReports.label': 'Monthly reports',
  'feature.monthlyReports.desc':
    'File the monthly operation report: resource usage, enterprise cloud adoption, voucher usage.',
  'feature.redemptionMaterials.label': 'Redemption materials',
  'feature.redemptionMaterials.desc':
    'Submit the yearly issuance and write-off details and usage summary, and attest to them.',
  'feature.plans.label': 'Issuance plans',
  'feature.plans.desc': 'Set the yearly issuance plan: total budget and claim window.',
  'feature.supervision.label': 'Supervision',
  'feature.supervision.desc': 'Follow issuance, claims, use and redemption across the programme.',
  'feature.certificationReviews.label': 'Certification review',
  'feature.certificationReviews.desc':
    'Review enterprise details and uploads; approve, or return with a reason.',
  'feature.claimReviews.label': 'Claim review',
  'feature.claimReviews.desc':
    'Review claims and service contracts against the star list; approval grants the amount.',
  'feature.reportArchive.label': 'Monthly reports',
  'feature.reportArchive.desc': "Receive the operator's monthly reports; archive or return them.",
  'feature.redemptionReviews.label': 'Redemption review',
  'feature.redemptionReviews.desc':
    "Review redemption materials against the DRC's approved star list and report to the DRC.",
  'feature.starLists.label': 'Star-rated list',
  'feature.starLists.desc':
    "Enter and publish the year's approved provincial star-rated cloud enterprise list.",
  'feature.redemptionSummary.label': 'Redemption summary',
  'feature.redemptionSummary.desc':
    'Aggregate the enterprises that used vouchers and send them to Finance for review.',
  'feature.payments.label': 'Review and payment',
  'feature.payments.desc':
    'Review the redemption summary, pay the operator and record the payment.',
  'feature.users.label': 'Users',
  'feature.users.desc':
    'Create and maintain user accounts and roles; disable, unlock, reset passwords.',
  'feature.audit.label': 'Audit log',
  'feature.audit.desc': 'Every action on the platform, in a hash-chained, tamper-evident log.',
  'feature.account.label': 'Account',
  'feature.account.desc': 'Password, sessions and two-factor authentication.',
  'feature.policy.label': 'Policy',
  'feature.policy.desc':
    'The voucher policy in force: amounts by star level, tranches and validity, eligible categories, reminders; and every published version.',
  'feature.notifications.label': 'Notifications',
  'feature.notifications.desc':
    'Reminders and notices the platform sends you, such as vouchers about to expire.',

  'header.signOut': 'Sign out',
  'header.signedOut': 'You have signed out',

  'home.greeting': 'Hello, {name}',
  'home.systemTime': 'System time',
  'home.simulated': 'Simulated time',
  'home.capabilities': 'What you do here',
  'home.available': 'Available',
  'home.open': 'Open',
  'home.basis': 'Basis: Measures {articles}',
  'home.userTotal': 'Users',
  'home.auditToday': 'Audit records today',
  'home.auditDeniedToday': 'Failed or denied today',

  'forbidden.title': 'No access',
  'forbidden.subTitle':
    'Your account may not use this feature. Ask the system administrator if you need it.',
  'notFound.title': 'Page not found',
  'notFound.subTitle': 'This page does not exist; please use the menu.',
  'noWorkspace.subTitle':
    'Your role ({role}) has no workspace yet; please contact the system administrator.',

  'category.compute': 'Compute',
  'category.storage': 'Storage',
  'category.network': 'Network',
  'category.security': 'Security',

  'notifications.bell': 'Notifications',
  'notifications.unreadCount': '{count} unread',
  'notifications.markAllRead': 'Mark all read',
  'notifications.allReadDone': 'All marked as read',
  'notifications.viewAll': 'View all',
  'notifications.empty': 'No notifications',
  'notifications.unread': 'Unread',
  'notifications.read': 'Read',
  'notifications.all': 'All',
  'notifications.onlyUnread': 'Unread',
  'notifications.markRead': 'Mark read',
  'notifications.open': 'Open',
  'notifications.title': 'Title',
  'notifications.body': 'Message',
  'notifications.time': 'Time',
  'notifications.status': 'Status',
  'status.submitted': 'Under review',
  'status.returned': 'Returned',
  'status.approved': 'Approved',
  'status.none': 'Not submitted',
  'common.view': 'View',
  'common.download': 'Download',
  'common.confirm': 'Confirm',
  'common.submit': 'Submit',
  'common.fileSize': '{size}',
  'common.star': '{star}-star',
};
