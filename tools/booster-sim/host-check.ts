// Which Host headers the simulator answers. It has no auth on /_sim/* (the customers it holds are personal
// data), so a DNS-rebinding page (evil.example resolving to 127.0.0.1) must not read it through the browser:
// such a request carries `Host: evil.example`, which no allow-list of ours contains.
//
// A refused request gets 421 Misdirected Request (RFC 9110 §15.5.20: "not able to produce a response for the
// target URI"), text/plain, before anything is read, logged as a request or changed. Servers that check the
// target host answer the same way (Apache for a Host that does not match the TLS server name, for example),
// and unlike a 403 it says "not this server" rather than "not you", which is the truth here.

/** host:port forms, lower case, for the bound address and its loopback names, plus configured ones. */
export function allowedHostsFor(
  boundHost: string,
  port: number,
  configured: readonly string[] = [],
): Set<string> {
  const withPort = (host: string) => `${bracketed(host)}:${port}`;
  const allowed = [boundHost, 'localhost', '127.0.0.1', '::1'].map(withPort);
  // A configured name without a port is allowed on ours; with one (a proxy in front of us), as given.
  for (const entry of configured)
    allowed.push(/^(\[[^\]]*\]|[^:[\]]+):\d+$/.test(entry) ? entry : withPort(entry));
  return new Set(allowed.map((host) => host.toLowerCase()));
}

export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  // HTTP/1.1 without a Host is already a 400 from node:http; HTTP/1.0 without one is refused here.
  return header !== undefined && allowed.has(header.trim().toLowerCase());
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
