// Where the person was typing when the app locked: the focused field and its selection, so that unlocking
// puts the caret back exactly there (hiding the app takes focus away).
export type RestoreCaret = () => void;

/** Remembers the field that had focus last in `root` (a click on "Lock" moves focus to the button). */
export function trackLastField(root: HTMLElement): { get(): HTMLElement | undefined; stop(): void } {
  let last: HTMLElement | undefined;
  const onFocus = (event: FocusEvent) => {
    const target = event.target;
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement
    )
      last = target;
  };
  root.addEventListener('focusin', onFocus);
  return { get: () => last, stop: () => root.removeEventListener('focusin', onFocus) };
}

function isField(element: Element | null | undefined): element is HTMLElement {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement
  );
}

export function rememberCaret(root: HTMLElement | undefined, lastField?: HTMLElement): RestoreCaret {
  const focused = root?.ownerDocument.activeElement;
  const active = isField(focused) ? focused : (lastField ?? focused);
  if (!root || !(active instanceof HTMLElement) || !root.contains(active)) return () => undefined;
  const field =
    active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : undefined;
  let start: number | null = null;
  let end: number | null = null;
  let direction: 'forward' | 'backward' | 'none' | null = null;
  try {
    // Some input types (email, number) have no selection: reading it throws.
    start = field?.selectionStart ?? null;
    end = field?.selectionEnd ?? null;
    direction = field?.selectionDirection ?? null;
  } catch {
    start = end = null;
  }
  return () => {
    if (!active.isConnected) return;
    active.focus({ preventScroll: false });
    if (field && start !== null && end !== null) {
      try {
        field.setSelectionRange(start, end, direction ?? undefined);
      } catch {
        // The field's type changed meanwhile: focus alone is what can be restored.
      }
    }
  };
}
