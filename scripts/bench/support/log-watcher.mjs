// Child process: watches dbt's JSON log of a run (path given by the parent once the run id is known)
// and notes when each NodeStart / NodeFinished line first became readable — independently of the run
// engine's event loop, so the status latency can be split into dbt's part and floe's part.
// Polls every 2 ms (plus fs.watch); on the parent's 'stop' message it replies with the map and exits.
import { closeSync, openSync, readSync, watch } from 'node:fs';
import { dirname } from 'node:path';

const now = () => performance.timeOrigin + performance.now();
const seen = {};
let file = null;
let fd = null;
let offset = 0;
let partial = '';
const buffer = Buffer.alloc(1 << 20);

function poll() {
  if (file === null) return;
  if (fd === null) {
    try {
      fd = openSync(file, 'r');
    } catch {
      return;
    }
  }
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    if (read === 0) break;
    offset += read;
    const at = now();
    const lines = (partial + buffer.toString('utf8', 0, read)).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const kind = line.includes('"name": "NodeStart"')
        ? 'start'
        : line.includes('"name": "NodeFinished"')
          ? 'finish'
          : null;
      if (kind === null) continue;
      const id = /"unique_id": "([^"]+)"/.exec(line)?.[1];
      if (id !== undefined) seen[`${id} ${kind}`] ??= at;
    }
  }
}

process.on('message', (message) => {
  if (message.file !== undefined) {
    file = message.file;
    try {
      watch(dirname(file), () => poll());
    } catch {
      // polling alone
    }
  } else if (message === 'stop') {
    poll();
    if (fd !== null) closeSync(fd);
    process.send?.({ seen }, () => process.exit(0));
  }
});
setInterval(poll, 2);
