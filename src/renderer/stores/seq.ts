// A counter shared by the stores so "which did the UI learn last" is answerable across them
// (e.g. a status event received after the snapshot that called the asset stale wins over staleness).
let counter = 0;

export function nextSeq(): number {
  counter += 1;
  return counter;
}
