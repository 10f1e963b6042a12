// The sandboxed preload: exposes ONE object, `window.booster`, built from the IPC contract. The page never
// gets ipcRenderer, a channel-taking function, or an IpcRendererEvent. Built to a single CommonJS file
// (out/preload/index.cjs) with zod and shared/ bundled in: a sandboxed preload cannot require packages.
import '../../shared/zod-jitless';
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBoosterBridge } from '../../shared/ipc/create-bridge';

const booster = createBoosterBridge(
  {
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe(channel, listener) {
      const forwardPayloadOnly = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forwardPayloadOnly);
      return () => {
        ipcRenderer.removeListener(channel, forwardPayloadOnly);
      };
    },
  },
  {
    onContractViolation(channel, issues) {
      console.warn(`Booster Capture: main sent data outside the IPC contract on ${channel}`, issues);
    },
  },
);

contextBridge.exposeInMainWorld('booster', booster);
