// The preload (Electron) or the web host puts the bridge on window; nothing else from main reaches the page.
import type { BoosterBridge } from '../../shared/ipc';

declare global {
  interface Window {
    booster?: BoosterBridge;
  }
}

export {};
