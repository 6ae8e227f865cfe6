// Error names for the run record: never an error's message (SES and DynamoDB messages can quote addresses).

/** An error's name if it is a plain identifier, else `Error`. */
export function errorName(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(name) ? name : 'Error';
}
