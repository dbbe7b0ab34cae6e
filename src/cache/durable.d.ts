/** Write all of `bytes` to `fd` (a short write is continued); the bytes written. */
export function writeAll(fd: number, bytes: Uint8Array): number;
export const PAUSE_VARIABLE: string;
/** For tests of interrupted runs: block this thread for good when BLUEETL_PAUSE_AT names `moment`. */
export function pauseAt(moment: string): void;
