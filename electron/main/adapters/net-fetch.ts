// The core's HTTP function on Electron's net.fetch: Chromium's network stack, so the system proxy, PAC files
// and the OS certificate store (corporate TLS inspection) apply, as they do in the staff's browser.
import type { Net } from 'electron';

export type NetLike = Pick<Net, 'fetch'>;

export function createNetFetch(net: NetLike): typeof fetch {
  return (input, init) => {
    // net.fetch takes a string or a Request, not a URL object.
    const target = input instanceof URL ? input.href : input;
    // Nothing in Booster's API redirects: a 3xx is a portal or a proxy, and following it would hand a client
    // record or a credential to another host. The core asks for 'manual' too; this holds even if it forgot.
    return net.fetch(target, { ...init, redirect: 'manual' });
  };
}
