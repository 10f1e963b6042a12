// The names under which the launch token travels (launch-token.ts says why), in a module of their own: the
// bridge in the browser imports them, and must not import node:crypto.

/** Sent by the bridge on every /ipc/* request. Lower case, as node:http gives header names. */
export const launchTokenHeader = 'x-booster-token';
/** `<meta name="booster-web-host-token" content="…">`, added to the served index.html. */
export const launchTokenMetaName = 'booster-web-host-token';
