// The staff PIN's rules, shared so that the screen can explain them before main refuses. A PIN guards a
// laptop on a shop counter: long enough that a few throttled guesses cannot find it, and none of the
// guesses a passer-by tries first (one digit repeated, a run up or down the keypad).

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;

export type PinProblem = 'notDigits' | 'length' | 'allSame' | 'sequence';

/** Fullwidth digits (a Japanese or Chinese input method) are the same keys: NFKC makes them 0–9. */
export function normalizePin(text: string): string {
  return text.normalize('NFKC');
}

/** The first rule a new PIN breaks, or undefined. Takes the normalized PIN. */
export function pinProblem(pin: unknown): PinProblem | undefined {
  if (typeof pin !== 'string' || !/^[0-9]*$/.test(pin)) return 'notDigits';
  if (pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) return 'length';
  const digits = [...pin].map(Number);
  if (digits.every((digit) => digit === digits[0])) return 'allSame';
  const steps = digits.slice(1).map((digit, index) => (digit - digits[index]! + 10) % 10);
  // 123456, 987654, and the same wrapping past 0 (890123, 210987).
  if (steps.every((step) => step === 1) || steps.every((step) => step === 9)) return 'sequence';
  return undefined;
}

/** For a person, in English (main's errors); the screen shows its own translation of the same rule. */
export function pinProblemMessage(problem: PinProblem, field = 'Staff PIN'): string {
  switch (problem) {
    case 'notDigits':
      return `${field}: use digits 0–9 only.`;
    case 'length':
      return `${field}: must be ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits.`;
    case 'allSame':
      return `${field}: must not be one digit repeated (such as 111111).`;
    case 'sequence':
      return `${field}: must not be a run of digits (such as 123456 or 987654).`;
  }
}
