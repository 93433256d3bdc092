// The error a config value parser throws. It carries only the reason: the caller knows the section, key and line
// and turns it into a ConfigIssue, so every bad value in a file is reported at once.

/** A value that cannot be used; the message says why and what would be accepted. */
export class InvalidValueError extends Error {
  override name = 'InvalidValueError';
}
