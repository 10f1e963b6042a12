// What a hostile network in front of Booster answers: a proxy's redirect, a captive portal's login page, a
// proxy that trickles a body for ever. None of this is Booster's behaviour (nothing in its API redirects); the
// faults exist so that tests can show the client never takes such an answer for Booster's.
import type { Exchange } from './exchange';

/** A captive portal's login page, served with a 200 as portals do. */
export const portalPage = [
  '<!doctype html>',
  '<html><head><title>Guest Wi-Fi</title></head>',
  '<body><h1>Welcome to Guest Wi-Fi</h1>',
  '<form method="post" action="/login"><label>Room or access code <input name="code"></label>',
  '<button>Connect</button></form></body></html>',
  '',
].join('\n');

/** Timers of bodies still trickling, so that closing the simulator stops them all. */
export type TrickleTimers = Set<NodeJS.Timeout>;

/**
 * 200 headers, an opening brace, then one space every `intervalMs` (still a valid JSON prefix, so only the
 * client's own deadline ends it) until the client goes away or the simulator closes.
 */
export function trickleBody(exchange: Exchange, intervalMs: number, timers: TrickleTimers): void {
  const { res, entry } = exchange;
  if (entry) {
    entry.status = exchange.clientGone ? null : 200;
    entry.outcome = 'slow-body';
  }
  if (exchange.clientGone) return;
  res.writeHead(200, { Date: exchange.state.httpDate(), 'Content-Type': 'application/json; charset=utf-8' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), intervalMs);
  timers.add(timer);
  res.once('close', () => {
    clearInterval(timer);
    timers.delete(timer);
  });
}
