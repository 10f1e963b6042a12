// The event profile's fields in Settings, shown with the capture form's own Field component (same pickers, same
// labels, same error wiring). Field takes a CaptureForm, so this is one, narrowed to the profile: its errors are
// the profile's rules (eventProfile.ts), and typing in it never starts a client or writes a draft.
import type { BoosterBridge } from '../../../shared/ipc';
import { CaptureForm } from './captureForm.svelte';
import type { FieldIssue } from './db';
import type { EventProfile } from './draftData';
import type { DraftStore } from './drafts.svelte';
import { eventProfileFrom, eventProfileIssues } from './eventProfile';

const noBridge = (): BoosterBridge => {
  throw new Error('The event profile is kept in Settings; it never talks to main.');
};

export class EventProfileForm extends CaptureForm {
  /** Changed since it was loaded or saved. */
  dirty = $state(false);

  readonly profile: EventProfile = $derived(eventProfileFrom((key) => this.data[key]));
  readonly profileIssues: FieldIssue[] = $derived(eventProfileIssues(this.profile));

  /** `drafts` is only there because a CaptureForm needs one: `changed` below never hands it anything. */
  constructor(profile: EventProfile, drafts: DraftStore) {
    super({ drafts, bridge: noBridge, profile: () => profile });
  }

  override errorFor(path: string): FieldIssue | undefined {
    if (!this.submitted && !this.touched[path]) return undefined;
    return this.profileIssues.find((issue) => issue.path === path);
  }

  override changed(): void {
    this.dirty = true;
  }
}
