/** What can go wrong with the user's Python: no interpreter, a missing package, a function failing, a worker dying. */
export class PythonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PythonError";
  }
}

/** The user's function raised (`call`: `detail` is the Python traceback) or returned what BlueETL refuses (`result`). */
export class PythonCallError extends PythonError {
  constructor(
    readonly kind: "call" | "result",
    readonly detail: string,
    /** The group (of the request) and config being computed, for feature functions. */
    readonly group?: number,
    readonly config?: number,
  ) {
    super(detail);
    this.name = "PythonCallError";
  }
}

/** The worker process ended in the middle of a request (a crash, `os._exit`, out of memory). */
export class PythonWorkerDied extends PythonError {
  constructor(
    readonly detail: string,
    readonly group?: number,
    readonly config?: number,
  ) {
    super(detail);
    this.name = "PythonWorkerDied";
  }
}
