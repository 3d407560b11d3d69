/**
 * `settings.migrations`: what the plugin's rules share, such as the `dialect` of Python and JS/TS
 * migrations and the `searchPath` the migration runner sets.
 */
export function migrationSettings(settings: Record<string, unknown> | undefined): { dialect?: unknown; searchPath?: unknown } {
  const shared = settings?.migrations;
  return typeof shared === "object" && shared !== null ? shared : {};
}
