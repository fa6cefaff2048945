export interface StreamEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * An incremental parser for `text/event-stream` (the WHATWG SSE format): feed it text as it
 * arrives, in chunks split anywhere, and it calls `onEvent` once per complete event. The studio
 * reads the stream with fetch rather than EventSource because EventSource cannot send the
 * `Authorization` header that deployments with API keys need.
 */
export function createEventStreamParser(onEvent: (event: StreamEvent) => void): {
  push(chunk: string): void;
} {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  let sawField = false;

  const dispatch = (): void => {
    if (sawField && data.length > 0)
      onEvent({ event: event || 'message', data: data.join('\n'), id });
    event = '';
    data = [];
    sawField = false;
  };

  const line = (text: string): void => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // comment (keep-alive)
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    sawField = true;
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };

  return {
    push(chunk) {
      buffer += chunk;
      // Lines end in \n, \r\n or \r; a trailing \r may be the first half of \r\n, so keep it.
      for (;;) {
        const match = /\r\n|\n|\r(?!$)/.exec(buffer);
        if (!match) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
  };
}
