/**
 * A bug, not a user's mistake: a function called against its contract (a row code the template
 * lacks, a bad column index, a template registered twice). Its message is developer English for
 * whoever fixes it; the pane shows its own words with this message as the detail for support, and
 * nothing checks for it to tell a user what to do.
 */
export class MisuseError extends Error {
  override name = 'MisuseError';
}
