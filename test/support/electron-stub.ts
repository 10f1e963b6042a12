// Stand-in for the `electron` module under vitest (vitest.config.ts aliases `electron` here): the binary cannot
// be downloaded, and unit tests should not need it anyway. Each fake records what our code did with it, so a
// test can import a module that imports 'electron' and then inspect this file's exports.
// Tests import this file directly (the lint rule keeps `electron` imports out of tests); it is the same module.
import { EventEmitter } from 'node:events';
import path from 'node:path';

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

let nextRoutingId = 1;

export function fakeFrame(
  url: string,
  options: { parent?: FakeFrame | null; processId?: number } = {},
): FakeFrame {
  return {
    url,
    processId: options.processId ?? 1,
    routingId: nextRoutingId++,
    parent: options.parent ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ipcMain: records handlers; `invokeHandler` plays the renderer's side of `ipcRenderer.invoke`.

type InvokeHandler = (
  event: { senderFrame: FakeFrame | null; sender?: unknown },
  ...args: unknown[]
) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    // Like Electron: a second registration for the same channel is a bug.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invokeHandler(channel: string, senderFrame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame }, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

// ---------------------------------------------------------------------------------------------------------------
// ipcRenderer: `invoke` goes to a test-set responder; `emitFromMain` plays a `webContents.send` from main.

export interface FakeIpcRendererEvent {
  readonly sender: 'fake-ipc-renderer';
  readonly ports: never[];
}

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  responder: (channel: string, ...args: unknown[]) => Promise<unknown> = (channel) =>
    Promise.reject(new Error(`No responder set for ${channel}`));

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.responder(channel, ...args);
  }

  emitFromMain(channel: string, payload: unknown): void {
    const event: FakeIpcRendererEvent = { sender: 'fake-ipc-renderer', ports: [] };
    this.emit(channel, event, payload);
  }

  send(): void {
    throw new Error('Our preload only uses invoke; send is not part of the bridge');
  }
}

export const ipcRenderer = new FakeIpcRenderer();

// ---------------------------------------------------------------------------------------------------------------
// contextBridge: records what was exposed.

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// safeStorage: the async API of Electron 45, with a reversible fake "encryption" and switchable availability.

type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

const safeStorageState = {
  available: true,
  backend: 'gnome_libsecret' as StorageBackend,
  /** What decryptStringAsync reports, as after a key rotation. */
  shouldReEncrypt: false,
  encryptCalls: 0,
  usePlainText: false,
};

const fakeCipherPrefix = 'fake-ciphertext:';

export const safeStorage = {
  state: safeStorageState,
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return safeStorageState.available;
  },
  getSelectedStorageBackend(): StorageBackend {
    return safeStorageState.backend;
  },
  setUsePlainTextEncryption(usePlainText: boolean): void {
    safeStorageState.usePlainText = usePlainText;
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!safeStorageState.available) throw new Error('Encryption is not available.');
    safeStorageState.encryptCalls += 1;
    return Buffer.from(fakeCipherPrefix + Buffer.from(plainText, 'utf8').toString('base64'), 'utf8');
  },
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    if (!safeStorageState.available) throw new Error('Decryption is not available.');
    const text = encrypted.toString('utf8');
    if (!text.startsWith(fakeCipherPrefix))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return {
      shouldReEncrypt: safeStorageState.shouldReEncrypt,
      result: Buffer.from(text.slice(fakeCipherPrefix.length), 'base64').toString('utf8'),
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// net and powerMonitor.

export const net = {
  online: true,
  isOnline(): boolean {
    return net.online;
  },
  fetchCalls: [] as { input: unknown; init: unknown }[],
  fetchImpl: ((): Promise<Response> => Promise.reject(new Error('net.fetch is not set up in this test'))) as (
    input: unknown,
    init?: unknown,
  ) => Promise<Response>,
  fetch(input: unknown, init?: unknown): Promise<Response> {
    net.fetchCalls.push({ input, init });
    return net.fetchImpl(input, init);
  },
};

export const powerMonitor = new EventEmitter();

// ---------------------------------------------------------------------------------------------------------------
// shell, app, BrowserWindow.

export const shell = {
  openedExternally: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.openedExternally.push(url);
  },
};

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  isPackaged = false;
  exitCode: number | undefined;
  singleInstanceLock = true;
  quitCalls = 0;
  ready = false;
  readonly switches = new Set<string>();
  readonly commandLine = {
    hasSwitch: (name: string): boolean => this.switches.has(name),
  };

  getPath(name: string): string {
    // Like Electron on Linux: the logs folder is inside userData unless a test set its own.
    const userData = this.paths.get('userData');
    if (name === 'logs' && !this.paths.has('logs') && userData) return path.join(userData, 'logs');
    const found = this.paths.get(name);
    if (!found) throw new Error(`Fake app has no path for ${name}`);
    return found;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.once('ready', () => resolve()));
  }
  markReady(): void {
    this.ready = true;
    this.emit('ready');
  }
}

export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly mainFrame: FakeFrame;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;

  constructor(url: string) {
    super();
    this.mainFrame = fakeFrame(url);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((window) => !window.destroyed);
  }

  readonly webContents: FakeWebContents;
  loaded: { url?: string; file?: string } = {};
  destroyed = false;
  shown = false;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.webContents = new FakeWebContents('about:blank');
    BrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.mainFrame.url = url;
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.mainFrame.url = `file://${file}`;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  minimized = false;
  focused = false;
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  show(): void {
    this.shown = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// protocol: privileged schemes (only before ready, as Electron) and per-session `handle` (one per scheme).

export interface FakeCustomScheme {
  scheme: string;
  privileges?: Record<string, boolean | undefined>;
}

class FakeProtocol {
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Plays the page's side: a request for `url` reaches the registered handler. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!handler) throw new Error(`No protocol handler for ${url}`);
    return handler(new Request(url, init));
  }
}

const defaultProtocol = new FakeProtocol();
const privilegedSchemes: FakeCustomScheme[] = [];

/** Electron's `protocol` module: the default session's protocol, plus the before-ready registration. */
export const protocol = Object.assign(defaultProtocol, {
  privilegedSchemes,
  registerSchemesAsPrivileged(customSchemes: FakeCustomScheme[]): void {
    if (app.isReady())
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    privilegedSchemes.push(...customSchemes);
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Menu: records the application menu's template.

export class Menu {
  static applicationMenu: Menu | null | undefined;
  constructor(readonly template: readonly Record<string, unknown>[]) {}
  static buildFromTemplate(template: readonly Record<string, unknown>[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu ?? null;
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: unknown,
) => boolean;
type DevicePermissionHandler = (details: { deviceType: string; origin: string; device: unknown }) => boolean;

export const session = {
  defaultSession: {
    protocol: defaultProtocol,
    permissionRequestHandler: undefined as PermissionRequestHandler | null | undefined,
    permissionCheckHandler: undefined as PermissionCheckHandler | null | undefined,
    devicePermissionHandler: undefined as DevicePermissionHandler | null | undefined,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
      session.defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: DevicePermissionHandler | null): void {
      session.defaultSession.devicePermissionHandler = handler;
    },
  },
};

export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
};

/** Puts every fake back to its initial state; call in beforeEach. */
export function resetElectronStub(): void {
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.removeAllListeners();
  ipcRenderer.responder = (channel) => Promise.reject(new Error(`No responder set for ${channel}`));
  contextBridge.exposed.clear();
  Object.assign(safeStorageState, {
    available: true,
    backend: 'gnome_libsecret',
    shouldReEncrypt: false,
    encryptCalls: 0,
    usePlainText: false,
  });
  net.online = true;
  net.fetchCalls.length = 0;
  net.fetchImpl = () => Promise.reject(new Error('net.fetch is not set up in this test'));
  powerMonitor.removeAllListeners();
  shell.openedExternally.length = 0;
  app.removeAllListeners();
  app.paths.clear();
  app.switches.clear();
  app.singleInstanceLock = true;
  app.isPackaged = false;
  app.exitCode = undefined;
  session.defaultSession.permissionRequestHandler = undefined;
  session.defaultSession.permissionCheckHandler = undefined;
  session.defaultSession.devicePermissionHandler = undefined;
  defaultProtocol.handlers.clear();
  privilegedSchemes.length = 0;
  Menu.applicationMenu = undefined;
  dialog.errorBoxes.length = 0;
  app.quitCalls = 0;
  app.ready = false;
  BrowserWindow.instances.length = 0;
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  ipcMain,
  ipcRenderer,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
};
