// The bridge reads the event stream with fetch (it must send the launch token header), so it parses
// text/event-stream itself: frames arrive cut anywhere, with any of the three line endings.
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../../tools/web-host/sse-parser';

function parse(chunks: string[]): { events: SseEvent[]; retries: number[] } {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries };
}

const stream =
  'retry: 2000\n: connected\n\n' +
  'event: sync:changed\ndata: {"a":1}\n\n' +
  ': keep-alive\n\n' +
  'event: sync:changed\ndata: {"b":"x: y"}\n\n';
const expected = [
  { event: 'sync:changed', data: '{"a":1}' },
  { event: 'sync:changed', data: '{"b":"x: y"}' },
];

describe('createSseParser', () => {
  it('reads our host’s stream: events, comments and the retry delay', () => {
    expect(parse([stream])).toEqual({ events: expected, retries: [2000] });
  });

  it('gives the same events however the stream is cut into chunks', () => {
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(parse([stream.slice(0, cut), stream.slice(cut)]).events, `cut at ${cut}`).toEqual(expected);
    }
    expect(parse([...stream]).events).toEqual(expected);
  });

  it('accepts CRLF and CR line endings, a CRLF split across chunks included', () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    for (let cut = 1; cut < crlf.length; cut += 1) {
      expect(parse([crlf.slice(0, cut), crlf.slice(cut)]).events, `cut at ${cut}`).toEqual(expected);
    }
    expect(parse([stream.replaceAll('\n', '\r')]).events).toEqual(expected);
  });

  it('joins data lines, names an unnamed event "message", and delivers nothing without data', () => {
    expect(parse(['data: one\ndata:two\n\nevent: empty\n\nevent: x\ndata\n\n']).events).toEqual([
      { event: 'message', data: 'one\ntwo' },
      { event: 'x', data: '' },
    ]);
  });

  it('keeps an unfinished frame until its blank line, and ignores an invalid retry', () => {
    const { events, retries } = parse(['event: sync:changed\ndata: {"a"', ':1}\nretry: soon\n']);
    expect([events, retries]).toEqual([[], []]);
  });
});
