// Reads a text/event-stream as it arrives, for the bridge's fetch-based event stream (EventSource cannot send
// the launch token header). Follows the HTML spec's parsing rules for the fields our host sends: event, data
// (several lines joined), retry, and comments; a frame ends at a blank line. Pure: text in, events out.

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseParser {
  /** Feed the next decoded chunk; any frame it completes is delivered to onEvent before this returns. */
  push(chunk: string): void;
}

export function createSseParser(handlers: {
  onEvent(event: SseEvent): void;
  /** The server's `retry:` in ms: how long to wait before reconnecting. */
  onRetry?(ms: number): void;
}): SseParser {
  let buffer = '';
  let eventName = '';
  let dataLines: string[] = [];
  // A CR at the end of a chunk may be the first half of a CRLF split across chunks.
  let pendingCr = false;

  const dispatch = () => {
    if (dataLines.length > 0)
      handlers.onEvent({ event: eventName === '' ? 'message' : eventName, data: dataLines.join('\n') });
    eventName = '';
    dataLines = [];
  };

  const processLine = (line: string) => {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  return {
    push(chunk) {
      let text = chunk;
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let index = 0; index < buffer.length; index += 1) {
        const char = buffer[index];
        if (char !== '\n' && char !== '\r') continue;
        processLine(buffer.slice(start, index));
        if (char === '\r') {
          if (index + 1 === buffer.length) pendingCr = true;
          else if (buffer[index + 1] === '\n') index += 1;
        }
        start = index + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
