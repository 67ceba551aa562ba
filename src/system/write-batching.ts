// One TCP write per socket per event-loop turn. Sending a WebSocket frame or an MQTT packet is a
// system call each; under load several events for the same socket arrive in one turn (one Redis
// read carries several messages), and writing them together cuts those calls (docs/performance.md).
// The socket is corked on the first write of a turn and uncorked by setImmediate, which runs after
// the turn's I/O callbacks: no timer, no added delay beyond the turn itself.

interface Corkable {
  cork(): void
  uncork(): void
}

const corked = new WeakSet<Corkable>()
/** Sockets corked this turn: one setImmediate uncorks them all (not one callback per socket). */
let toUncork: Corkable[] = []

function uncorkAll(): void {
  const list = toUncork
  toUncork = []
  for (const s of list) {
    corked.delete(s)
    s.uncork()
  }
}

/** Call before writing to `socket`; harmless for sockets without cork (or absent ones). */
export function batchWritesThisTurn(socket: Partial<Corkable> | null | undefined): void {
  if (!socket || typeof socket.cork !== 'function' || typeof socket.uncork !== 'function') return
  const s = socket as Corkable
  if (corked.has(s)) return
  corked.add(s)
  s.cork()
  if (toUncork.push(s) === 1) setImmediate(uncorkAll)
}
