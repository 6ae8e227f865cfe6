/** A Step Functions API error: `{"__type": name, "message": ...}` with HTTP 400. */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** An error a Task raises inside an execution; `name` is what Retry/Catch match (e.g. the handler's error name). */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
