/**
 * Options of the SQL language. Only PostgreSQL is parsed today; `dialect` exists so that configs name
 * it explicitly and a future dialect is a new value rather than a silent change of meaning.
 */
// A type alias, not an interface, so that it is assignable to the record that validation inspects.
export type SqlLanguageOptions = {
  dialect?: "postgresql";
};

const DIALECTS: readonly unknown[] = ["postgresql"];

export function validateSqlLanguageOptions(options: Record<string, unknown>): void {
  for (const key of Object.keys(options)) {
    if (key !== "dialect") {
      throw new TypeError(`Unexpected key "${key}" in the SQL language options; the only option is "dialect".`);
    }
  }
  if (options.dialect !== undefined && !DIALECTS.includes(options.dialect)) {
    throw new TypeError(
      `The SQL language option "dialect" must be "postgresql"; got ${JSON.stringify(options.dialect)}.`,
    );
  }
}
