// Whether an IPC request may be answered: it must come from the window's top-level frame (not an
// iframe) showing our UI. Pure, so it is tested without Electron.
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export function isTrustedSender(
  frame: SenderFrameLike | null | undefined,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isTrustedUrl(frame.url);
}
