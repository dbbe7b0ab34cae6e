/** Write all of `bytes` to `fd` (at `position`, else where the file is; a short write is continued); the bytes written. */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): number;
export const PAUSE_VARIABLE: string;
/** For tests of interrupted runs: block this thread for good when BLUEETL_PAUSE_AT names `moment`. */
export function pauseAt(moment: string): void;
