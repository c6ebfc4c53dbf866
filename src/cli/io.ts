/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** stderr is a terminal: progress may be shown */
  readonly interactive?: boolean;
}

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
