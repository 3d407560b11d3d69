/** `settings.migrations`: what the plugin's rules share, such as the `dialect` of Python and JS/TS migrations. */
export function migrationSettings(settings: Record<string, unknown> | undefined): { dialect?: unknown } {
  const shared = settings?.migrations;
  return typeof shared === "object" && shared !== null ? shared : {};
}
