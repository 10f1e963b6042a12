// Keyboard shortcuts, decided from the key event alone so they can be tested without a window.
export type ShortcutAction =
  'newClient' | 'finalize' | 'capture' | 'drafts' | 'outbox' | 'settings' | 'tools';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Ctrl+N" or "⌘N", as the keyboard in front of the person shows it. */
export function shortcutLabel(key: string): string {
  const name = key === 'Enter' ? '↵' : key;
  return isMac ? `⌘${name}` : `Ctrl+${name === '↵' ? 'Enter' : name}`;
}

type KeyInfo = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { code?: string };

export function shortcutFor(event: KeyInfo): ShortcutAction | undefined {
  const command = event.ctrlKey || event.metaKey;
  // Option+N on a Mac types '˜': the physical key (code) is what the person pressed.
  const physical = event.code?.match(/^(?:Key|Digit)(\w)$/)?.[1]?.toLowerCase();
  const key = physical ?? (event.key.length === 1 ? event.key.toLowerCase() : event.key);
  if (command && !event.altKey && key === 'Enter') return 'finalize';
  // Browsers keep Ctrl+N for a new window; Alt+N works everywhere, Ctrl+N in the desktop app.
  if ((command && !event.altKey && key === 'n') || (event.altKey && !command && key === 'n'))
    return 'newClient';
  if (event.altKey && !command && !event.shiftKey) {
    const screens: Record<string, ShortcutAction> = {
      '1': 'capture',
      '2': 'drafts',
      '3': 'outbox',
      '4': 'settings',
      '5': 'tools',
    };
    return screens[key];
  }
  return undefined;
}
