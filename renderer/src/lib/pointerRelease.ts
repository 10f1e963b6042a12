// An error shown when a field is left pushes down what is below it. When the field is left by pressing a
// button below it (Save, Finalize), the button would move between press and release and the click would be
// lost. So what a blur shows during a press waits until the press has ended and its click has been handled.

let pressed = false;
const waiting: (() => void)[] = [];

function released(): void {
  pressed = false;
  const due = waiting.splice(0);
  // After this event's task: the click that follows pointerup is dispatched in the same task.
  if (due.length > 0) setTimeout(() => due.forEach((run) => run()), 0);
}

if (typeof document !== 'undefined') {
  document.addEventListener('pointerdown', () => (pressed = true), true);
  document.addEventListener('pointerup', released, true);
  document.addEventListener('pointercancel', released, true);
  // A press whose release happens outside the window never sends pointerup here.
  window.addEventListener('blur', released);
}

/** Runs `change` now, or once the pointer press under way has ended. */
export function afterPointerRelease(change: () => void): void {
  if (pressed) waiting.push(change);
  else change();
}
