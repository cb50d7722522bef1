/**
 * What the rule tables share: the public documents behind the rules, each with the section a
 * fact comes from, and the method list of rules that only apply to account-driven enrollment.
 */
import type { DocSource, MethodKind } from './vocabulary';

/**
 * The public documents behind the rules (titles as published; the same documents the knowledge
 * base cites, see src/knowledge/sources.yml). Facts as of December 2026.
 */
const ADUE = 'Set up account driven Apple User Enrollment (Microsoft Learn)';
const CPUE = 'Set up User Enrollment with Company Portal (Microsoft Learn)';
const TROUBLE =
  'Troubleshooting iOS/iPadOS device enrollment errors in Microsoft Intune (Microsoft Learn)';
const SUPPORTED = 'Supported operating systems and browsers in Intune (Microsoft Learn)';
const OPTIONS = 'Overview of Apple device enrollment in Microsoft Intune (Microsoft Learn)';
const GRAPH = 'deviceManagementTroubleshootingEvent resource (Microsoft Graph)';

export const SRC = {
  known: { document: TROUBLE, section: 'Errors and their fixes' },
  methods: { document: OPTIONS, section: 'App or web based enrollment' },
  supported: { document: SUPPORTED, section: 'Apple' },
  prereq: { document: ADUE, section: 'Prerequisites' },
  employeeSteps: { document: ADUE, section: 'Step 3: Prepare employees for enrollment' },
  aduePrereq: { document: ADUE, section: 'Prerequisites' },
  adueProfile: { document: ADUE, section: 'Step 2: Create enrollment profile (Assignments)' },
  adueEmployees: { document: ADUE, section: 'Step 3: Prepare employees for enrollment' },
  adueFederation: { document: ADUE, section: 'Best practices › Enable federated authentication' },
  adueJit: {
    document: ADUE,
    section: 'Step 1: Set up just in time registration and assign Microsoft Authenticator',
  },
  webProfile: { document: OPTIONS, section: 'Known issues and limitations' },
  cpuePrereq: { document: CPUE, section: 'Prerequisites' },
  cpueKnow: { document: CPUE, section: 'You should know' },
  cpueProfile: { document: CPUE, section: 'Create enrollment profile' },
  cpuePriority: { document: CPUE, section: 'Profile priority' },
  graphEvents: { document: GRAPH, section: 'failureCategory' },
  graphAssign: { document: ADUE, section: 'Step 2: Create enrollment profile (Assignments)' },
} as const satisfies Record<string, DocSource>;

/** The `methods` of a clause that only holds for account-driven user enrollment. */
export const ACCOUNT_DRIVEN: readonly MethodKind[] = ['accountDriven'];
