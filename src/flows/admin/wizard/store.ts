/**
 * Where wizard runs live: a run's state, keyed by conversation, user and run, and the store
 * whose conditional save lets only a card showing the run's current version change it.
 */
import type { StateStorage } from '../../../storage/state-storage';
import { updateDocument } from '../../../storage/update-document';
import type { WizardEnrollmentType } from '../admin-deps';

/** Pages and outcomes of a wizard run. */
export type WizardStep =
  | 'basics'
  | 'settings'
  | 'assignments'
  | 'review'
  | 'creating'
  | 'assign-failed'
  | 'done'
  | 'cancelled';

/** A group chosen on the Assignments page. */
export interface GroupRef {
  id: string;
  displayName: string;
}

/** The outcome of one assignment call. */
export interface AssignmentOutcome {
  key: string;
  label: string;
  ok: boolean;
  error?: string;
}

/** Everything a wizard run knows. Kept in storage; cards carry only runId and version. */
export interface WizardState {
  runId: string;
  /** Bumped on every change; a card whose version differs is stale (or a replay). */
  version: number;
  mode: 'create' | 'edit';
  ownerAadObjectId: string;
  conversationId: string;
  step: WizardStep;
  name: string;
  description: string;
  enrollmentType: WizardEnrollmentType | '';
  target: 'allUsers' | 'groups' | '';
  include: GroupRef[];
  exclude: GroupRef[];
  search?: { text: string; results: GroupRef[]; refused: { name: string; reason: string }[] };
  /** Edit mode: the profile being edited and its type when the run began. */
  profileId?: string;
  originalType?: WizardEnrollmentType;
  /** When the create call was started (to recognise our own profile after a crash). */
  creatingSince?: string;
  created?: { profileId: string; requestId?: string; date?: string };
  assignmentOutcomes?: AssignmentOutcome[];
  createdAt: string;
  updatedAt: string;
}

/** A state as read: a change is saved only while the run is still at this state's version. */
export interface LoadedState {
  state: WizardState;
}

/** Storage key of a run: by conversation, user and run, as the state belongs to all three. */
export function wizardKey(conversationId: string, aadObjectId: string, runId: string): string {
  return `wizard/${conversationId}/${aadObjectId}/${runId}`;
}

/**
 * Reads and writes wizard runs. A card carries the run's version; a change is saved only if the
 * run is still at the version the card showed, checked inside the conditional write
 * ({@link updateDocument}), so of any number of concurrent clicks exactly one moves the run.
 */
export class WizardStore {
  public constructor(private readonly storage: StateStorage) {}

  /** Creates a run (create-only write). */
  public async create(state: WizardState): Promise<void> {
    await this.storage.writeNew({
      [wizardKey(state.conversationId, state.ownerAadObjectId, state.runId)]: state,
    });
  }

  /** Loads a run for this conversation and user, or undefined (another user's or unknown run). */
  public async load(
    conversationId: string,
    aadObjectId: string,
    runId: string,
  ): Promise<LoadedState | undefined> {
    const key = wizardKey(conversationId, aadObjectId, runId);
    const item = (await this.storage.read([key]))[key] as
      (WizardState & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...state } = item;
    return { state };
  }

  /**
   * Saves a changed state if the run is still at the version it was loaded at. Returns false
   * when another change got there first (a double click, another button of the same card, a
   * replay): the caller shows the current state and nothing else happens.
   */
  public async save(loaded: LoadedState, next: WizardState): Promise<boolean> {
    const key = wizardKey(next.conversationId, next.ownerAadObjectId, next.runId);
    const { changed } = await updateDocument<WizardState>(this.storage, key, (cur) =>
      cur?.version === loaded.state.version ? next : null,
    );
    return changed;
  }

  /** Saves without the version check: only while holding a step this run won with {@link save}. */
  public async overwrite(next: WizardState): Promise<void> {
    const key = wizardKey(next.conversationId, next.ownerAadObjectId, next.runId);
    await updateDocument<WizardState>(this.storage, key, () => next);
  }
}
