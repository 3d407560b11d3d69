import path from "node:path";
import type { FileList } from "./files.js";

/**
 * What `--list-sources` prints: one line per migration folder with what pointed at it and how many
 * files the command would lint there, then the configs read; or why nothing was found.
 */
export function listSources(list: Pick<FileList, "sources" | "configs">, cwd: string): string {
  const shown = (file: string) => path.relative(cwd, file).split(path.sep).join("/") || ".";
  const lines = list.sources.map((source) => `${source.origin} → ${shown(source.folder)} (${String(source.files)} ${source.files === 1 ? "file" : "files"})`);
  if (lines.length === 0) lines.push("No migrations found.");
  lines.push(configsRead(list.configs, cwd));
  return `${lines.join("\n")}\n`;
}

/** One line naming the framework configs that were read, for `--list-sources` and "no migrations found". */
export function configsRead(configs: readonly string[], cwd: string): string {
  if (configs.length === 0) return "Framework configs read: none found (alembic.ini, knexfile.*, .sequelizerc, data-source.*, drizzle.config.*, schema.prisma, flyway.conf, …).";
  return `Framework configs read: ${configs.map((file) => path.relative(cwd, file).split(path.sep).join("/")).join(", ")}.`;
}
