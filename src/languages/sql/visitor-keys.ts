/** Sections hold statements and statements hold the ones nested in their PL/pgSQL bodies, all under `children`. */
export const sqlVisitorKeys: Record<string, string[]> = {
  SqlScript: ["children"],
  SqlSection: ["children"],
  SqlStatement: ["children"],
};
