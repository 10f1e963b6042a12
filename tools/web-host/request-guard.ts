// Who may talk to the web host: only pages it served itself. The host binds to 127.0.0.1, and a DNS-rebinding
// page (evil.example resolving to 127.0.0.1) or any other site is recognised by its Host / Origin headers.

export interface RequestHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  secFetchSite?: string | undefined;
}

export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function checkRequest(headers: RequestHeaders, port: number): GuardVerdict {
  const origins = ownOrigins(port);
  const hosts = origins.map((origin) => origin.slice('http://'.length));
  if (!headers.host || !hosts.includes(headers.host.toLowerCase())) {
    return { allowed: false, reason: 'unexpected Host header' };
  }
  // Browsers send Origin on every POST and on cross-origin requests; tools (curl, tests) may omit it.
  if (headers.origin !== undefined && !origins.includes(headers.origin.toLowerCase())) {
    return { allowed: false, reason: 'request from another origin' };
  }
  // 'none' is a person typing the address; anything but our own pages is refused.
  if (headers.secFetchSite !== undefined && !['same-origin', 'none'].includes(headers.secFetchSite)) {
    return { allowed: false, reason: `cross-site request (${headers.secFetchSite})` };
  }
  return { allowed: true };
}
