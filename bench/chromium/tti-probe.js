// Injected before any page script by bench/tti.bench.ts (addInitScript): finds the first moment the input named by
// globalThis.__ttiSelector accepts typing, in the page's own clock (performance.now(), 0 = navigation start).
// On every DOM change and every frame it checks the input is there, visible, enabled and not inert; then it
// focuses it and types one character through the editing pipeline (execCommand insertText fires beforeinput
// and input as a keystroke does). The moment counts only while that character stays: if the page replaces the
// input or resets its value afterwards, the moment is dropped and the search goes on. The bench sets `done`
// before typing itself.
/* global document, requestAnimationFrame, getComputedStyle, HTMLInputElement, MutationObserver */
(() => {
  const selector = globalThis.__ttiSelector;
  const state = { at: undefined, lost: 0, id: undefined, done: false };
  globalThis.__tti = state;
  let typed;

  const usable = (element) =>
    element instanceof HTMLInputElement &&
    !element.disabled &&
    !element.readOnly &&
    element.closest('[inert], [hidden]') === null &&
    element.getClientRects().length > 0 &&
    getComputedStyle(element).visibility === 'visible';

  const check = () => {
    if (state.done) return;
    if (typed) {
      if (typed.isConnected && typed.value === 'x' && usable(typed)) return;
      typed = undefined;
      state.at = undefined;
      state.lost += 1;
    }
    const element = document.querySelector(selector);
    if (!usable(element)) return;
    element.focus();
    if (document.activeElement !== element) return;
    document.execCommand('insertText', false, 'x');
    if (element.value !== 'x') return;
    state.at = performance.now();
    state.id = element.id;
    typed = element;
  };

  /** Stops the probe; the moment found, and the page's resource timeline up to it (ms from navigation start). */
  globalThis.__ttiFinish = () => {
    state.done = true;
    const at = state.at ?? Number.POSITIVE_INFINITY;
    const entries = performance.getEntries();
    const resources = entries.filter((entry) => entry.entryType === 'resource' && entry.startTime < at);
    const pathOf = (entry) => new URL(entry.name).pathname;
    const ends = (list) => Math.max(0, ...list.map((entry) => entry.responseEnd));
    const ipc = resources.filter((entry) => /^\/ipc\/(?!events)/.test(pathOf(entry)));
    const appScripts = resources.filter((entry) => /^\/assets\/.*\.js$/.test(pathOf(entry)));
    // The bridge and what it imports (the web host serves them unbundled, to both pages alike).
    const hostModules = resources.filter(
      (entry) => entry.initiatorType === 'script' && !/^\/(assets|ipc)\//.test(pathOf(entry)),
    );
    const navigation = entries.find((entry) => entry.entryType === 'navigation');
    return {
      ...state,
      timeline: {
        bridgeModules: hostModules.length,
        bridgeFetched: ends(hostModules),
        appScriptsFetched: ends(appScripts),
        domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : Number.NaN,
        ipcCalls: ipc.length,
        firstIpc: ipc.length > 0 ? Math.min(...ipc.map((entry) => entry.startTime)) : Number.NaN,
        lastIpcAnswered: ends(ipc),
      },
    };
  };

  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  const everyFrame = () => {
    check();
    if (!state.done) requestAnimationFrame(everyFrame);
  };
  requestAnimationFrame(everyFrame);
})();
