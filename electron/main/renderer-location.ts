// Where the window loads the UI from, and therefore which origins may call main. Pure (tested under Node).
import { appEntryUrl, appOrigin } from './app-origin';
import type { AllowedOrigin } from './trusted-url';

export type RendererLocation =
  | { kind: 'devServer'; url: string; allowedOrigins: AllowedOrigin[] }
  /** The built renderer folder, served as app://booster-capture by app-protocol.ts. */
  | { kind: 'app'; url: string; rendererDir: string; allowedOrigins: AllowedOrigin[] };

/**
 * electron-vite's dev mode sets ELECTRON_RENDERER_URL. A packaged app ignores it, and only a loopback http
 * address is accepted: an environment variable must never point our privileged window at a foreign site.
 */
export function resolveRendererLocation(options: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  rendererDir: string;
}): RendererLocation {
  const devUrl = options.isPackaged ? undefined : loopbackHttpUrl(options.devServerUrl);
  if (devUrl) return { kind: 'devServer', url: devUrl.href, allowedOrigins: [devUrl.origin] };
  return { kind: 'app', url: appEntryUrl, rendererDir: options.rendererDir, allowedOrigins: [appOrigin] };
}

function loopbackHttpUrl(candidate: string | undefined): URL | undefined {
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'http:' && loopback && url.username === '' && url.password === ''
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}
