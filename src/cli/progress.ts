/** Progress of long steps on stderr: a bar on a terminal, nothing when piped. */
export type ProgressCallback = (done: number, total: number, message: string) => void;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressCallback {
  if (!stream.isTTY) return () => {};
  const started = performance.now();
  return (done, total, message) => {
    const width = 24;
    const filled = Math.round((width * done) / Math.max(total, 1));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${seconds}s ${message}`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
    if (done >= total) stream.write("\n");
  };
}
