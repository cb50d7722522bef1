/**
 * Every Action.Execute verb, as dotted domain-first constants. Card JSON must use exactly these
 * strings; a test checks every verb in cards/*.json is listed here and registered with a handler.
 */
export const VERBS = {
  knowledgeFeedback: 'knowledge.feedback',
  knowledgeFeedbackReason: 'knowledge.feedbackReason',
  guideStart: 'guide.start',
  guideStep: 'guide.step',
  guideFailed: 'guide.failed',
  guideCheck: 'guide.check',
  wizardNext: 'profile.wizard.next',
  wizardBack: 'profile.wizard.back',
  wizardGoto: 'profile.wizard.goto',
  wizardCancel: 'profile.wizard.cancel',
  wizardSearchGroups: 'profile.wizard.searchGroups',
  wizardAddGroups: 'profile.wizard.addGroups',
  wizardClearGroups: 'profile.wizard.clearGroups',
  wizardRemoveGroups: 'profile.wizard.removeGroups',
  wizardCreate: 'profile.wizard.create',
  wizardRetryAssignments: 'profile.wizard.retryAssignments',
  wizardDeleteCreated: 'profile.wizard.deleteCreated',
  wizardPlace: 'profile.wizard.place',
  wizardCheck: 'profile.wizard.check',
  profileMove: 'profile.list.move',
  profileMoveTo: 'profile.list.moveTo',
  profileEdit: 'profile.list.edit',
  profileDelete: 'profile.list.delete',
  profileDeleteConfirm: 'profile.list.deleteConfirm',
  profileRefresh: 'profile.list.refresh',
  setupCheckRerun: 'setup.check.rerun',
  helpdeskReportSubmit: 'helpdesk.report.submit',
  helpdeskAsk: 'helpdesk.ask',
  helpdeskAcknowledge: 'helpdesk.incident.acknowledge',
  helpdeskAssign: 'helpdesk.incident.assign',
  helpdeskReassign: 'helpdesk.incident.reassign',
  helpdeskUnassign: 'helpdesk.incident.unassign',
  helpdeskNote: 'helpdesk.incident.note',
  helpdeskResolve: 'helpdesk.incident.resolve',
  helpdeskReopen: 'helpdesk.incident.reopen',
  helpdeskTicketsFilter: 'helpdesk.tickets.filter',
  helpdeskCaseInfo: 'helpdesk.case.addInfo',
  helpdeskCaseWorks: 'helpdesk.case.worksNow',
  adminVerifyDomain: 'admin.verifyDomain',
} as const;

/** One of the known verbs. */
export type Verb = (typeof VERBS)[keyof typeof VERBS];
