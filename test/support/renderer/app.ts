// The whole renderer App on a fake bridge, as the keyboard and focus tests drive it.
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../../renderer/src/App.svelte';
import type { Services } from '../../../renderer/src/lib/services.svelte';
import { validPrivateDraft } from './drafts';
import type { FakeBridge } from './fakeBridge';
import { testServices } from './setup';

export async function renderApp(): Promise<{ services: Services; fake: FakeBridge }> {
  const { services, fake } = testServices();
  render(App, { props: { services } });
  await screen.findByRole('heading', { name: 'New client', level: 1 });
  return { services, fake };
}

/** A valid client whose email main already knows, finalized with Ctrl+Enter: the warning opens. */
export async function openDuplicateWarning(services: Services, fake: FakeBridge): Promise<HTMLElement> {
  fake.matches = [
    {
      captureId: '55555555-5555-4555-8555-555555555555',
      state: 'sent',
      displayName: 'Rossi, M.',
      matchedOn: 'email',
    },
  ];
  services.form.data = validPrivateDraft();
  services.form.changed();
  await fireEvent.keyDown(window, { key: 'Enter', code: 'Enter', ctrlKey: true });
  return screen.findByRole('alertdialog');
}
