// Feeds terminal writes in small slices with flow control, so a burst of output never makes one long
// main-thread task. xterm parses each write() whole, then checks its 12 ms time budget between
// writes; so slices stay small (one costs ~1 ms to parse) and only a few are handed over before xterm
// says (write callback) it has parsed them. The rest waits here, in order; nothing is dropped.
/** Largest piece handed to xterm in one write(). */
export const SLICE_CHARS = 8 * 1024;
/** Slices handed to xterm and not yet parsed; more would just queue inside xterm unbounded. */
export const MAX_IN_FLIGHT = 4;

export interface Writable {
  write(data: string, callback?: () => void): void;
}

export class FrameWriter {
  private pending: string[] = [];
  /** Index of the first pending string not fully written (no shift(): the queue can be long). */
  private head = 0;
  /** Where that string's unwritten part starts. */
  private offset = 0;
  private frame: number | null = null;
  private inFlight = 0;
  /** Bumped on dispose: callbacks of slices written before then are ignored. */
  private epoch = 0;

  constructor(
    private readonly target: Writable,
    // Wrapped: called as methods, the bare functions would get the wrong `this` (Illegal invocation).
    private readonly schedule: (flush: () => void) => number = (flush) =>
      requestAnimationFrame(flush),
    private readonly unschedule: (frame: number) => void = (frame) => cancelAnimationFrame(frame),
  ) {}

  push(data: string): void {
    if (data === '') return;
    this.pending.push(data);
    // The first write waits for a frame, so a burst of small chunks goes out together.
    this.frame ??= this.schedule(() => this.flush());
  }

  /** Hands slices to the target until MAX_IN_FLIGHT are unparsed or nothing is pending. */
  flush(): void {
    this.frame = null;
    while (this.inFlight < MAX_IN_FLIGHT) {
      const slice = this.take();
      if (slice === '') return;
      this.inFlight++;
      const epoch = this.epoch;
      this.target.write(slice, () => {
        if (epoch !== this.epoch) return;
        this.inFlight--;
        // Called by xterm between its parse steps: the next slice joins its current time slice or
        // the next one; xterm itself yields to rendering and input every 12 ms.
        this.flush();
      });
    }
  }

  /** Characters waiting to be handed to the target. */
  backlog(): number {
    let chars = 0 - this.offset; // not -this.offset, which is -0 when empty
    for (let i = this.head; i < this.pending.length; i++) chars += this.pending[i]?.length ?? 0;
    return chars;
  }

  dispose(): void {
    if (this.frame !== null) this.unschedule(this.frame);
    this.frame = null;
    this.pending = [];
    this.head = 0;
    this.offset = 0;
    this.inFlight = 0;
    this.epoch++;
  }

  /** Up to SLICE_CHARS from the front of the queue, joining small chunks. */
  private take(): string {
    let slice = '';
    while (slice.length < SLICE_CHARS && this.head < this.pending.length) {
      const part = this.pending[this.head] ?? '';
      const room = SLICE_CHARS - slice.length;
      if (part.length - this.offset <= room) {
        slice += this.offset === 0 ? part : part.slice(this.offset);
        this.head++;
        this.offset = 0;
      } else {
        slice += part.slice(this.offset, this.offset + room);
        this.offset += room;
      }
    }
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return slice;
  }
}
