/** The Python language has no options today; the type exists so that configs stay type-checked. */
export type PythonLanguageOptions = Record<string, never>;
