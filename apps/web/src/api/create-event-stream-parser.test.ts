import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type StreamEvent } from './create-event-stream-parser.js';

function parse(chunks: string[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = createEventStreamParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

describe('createEventStreamParser', () => {
  it('reads the API’s status events, ids and keep-alive comments', () => {
    expect(
      parse([
        'id: 1\nevent: status\ndata: {"status":"queued"}\n\n',
        ': keep-alive\n\n',
        'id: 2\nevent: status\ndata: {"status":"processing"}\n\n',
      ]),
    ).toEqual([
      { event: 'status', data: '{"status":"queued"}', id: '1' },
      { event: 'status', data: '{"status":"processing"}', id: '2' },
    ]);
  });

  it('joins events split anywhere, including inside a CRLF pair', () => {
    const text = 'event: status\r\ndata: {"a":1}\r\n\r\nevent: deleted\r\ndata: x\r\n\r\n';
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual([
        { event: 'status', data: '{"a":1}', id: null },
        { event: 'deleted', data: 'x', id: null },
      ]);
    }
  });

  it('joins multi-line data, defaults the event name, and waits for the blank line', () => {
    expect(parse(['data: a\ndata: b\n\ndata: pending'])).toEqual([
      { event: 'message', data: 'a\nb', id: null },
    ]);
  });
});
