import { DIALECTS, isDialect, type Dialect } from "../../dialects.js";

/**
 * Options of the SQL language. `dialect` names the database the files of a `files` block run on;
 * without it, each file's dialect is read from the project (src/project/dialect.ts).
 */
// A type alias, not an interface, so that it is assignable to the record that validation inspects.
export type SqlLanguageOptions = {
  dialect?: Dialect;
};

export function validateSqlLanguageOptions(options: Record<string, unknown>): void {
  for (const key of Object.keys(options)) {
    if (key !== "dialect") {
      throw new TypeError(`Unexpected key "${key}" in the SQL language options; the only option is "dialect".`);
    }
  }
  if (options.dialect !== undefined && !isDialect(options.dialect)) {
    throw new TypeError(
      `The SQL language option "dialect" must be one of ${DIALECTS.map((name) => `"${name}"`).join(", ")}; got ${JSON.stringify(options.dialect)}.`,
    );
  }
}
