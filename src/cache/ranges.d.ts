import type { Hash } from "node:crypto";
/** `into` filled with the bytes of `fd` from `position`: all of them, or an error saying where the file ends. */
export function readInto(fd: number, into: Uint8Array, position: number): void;
/** Bytes [start, end) of `fd`. */
export function readRange(fd: number, start: number, end: number): Uint8Array;
/** Bytes [start, end) of `fd` given to `hash`. */
export function hashRange(fd: number, start: number, end: number, hash: Hash): void;
/** Bytes [start, end) of `from` written to `to` at `at` (and hashed, given a hash); where the written bytes end. */
export function copyRange(from: number, start: number, end: number, to: number, at: number, hash?: Hash): number;
