// Tools that tests need beyond npm packages (pre-commit, MariaDB, …) come from Debian's packages,
// the one registry besides npm that these machines reach. A fresh clone's `npm test` must pass on a
// machine that has only Node, npm and PostgreSQL, so the test set-up installs what is missing itself
// and fails loudly, with the command to run, where it cannot.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

export interface DebianTool {
  /** The Debian package that brings the tool. */
  packageName: string;
  /** Finds the tool's executable, or returns undefined when it is not installed. */
  locate(): string | undefined;
  /**
   * The package starts a system service on install (a database server). The tests start their own
   * throwaway servers, so the install must not leave one running that holds a port and memory.
   */
  startsService?: boolean;
}

/**
 * Where Debian packages put their commands: a tool installed there is found even when the PATH of
 * the test run leaves those folders out (the README's check with a PATH that hides such tools).
 */
export const DEBIAN_BIN_DIRS = ["/usr/bin", "/usr/sbin"];

/** The first executable called `name` on PATH, or in one of `extraDirs`. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this folder; try the next one.
    }
  }
  return undefined;
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function canSudo(): boolean {
  return spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
}

function aptGet(args: readonly string[]): { ok: boolean; output: string } {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const command = isRoot() ? "apt-get" : "sudo";
  const fullArgs = isRoot() ? [...args] : ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args];
  const result = spawnSync(command, fullArgs, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 900_000 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ""}` };
}

const POLICY_RC_D = "/usr/sbin/policy-rc.d";

/**
 * Runs `install` with a policy-rc.d that forbids invoke-rc.d to start services (exit 101, as Debian's
 * policy-rc.d interface defines), unless the machine already has a policy of its own (Docker images
 * ship one that does exactly this), which is left alone.
 */
function withoutServiceStarts<T>(install: () => T): T {
  if (fs.existsSync(POLICY_RC_D)) return install();
  fs.writeFileSync(POLICY_RC_D, "#!/bin/sh\n# test/support/debian-package.ts: no service starts while the tests install a package\nexit 101\n", { mode: 0o755 });
  try {
    return install();
  } finally {
    fs.rmSync(POLICY_RC_D, { force: true });
  }
}

/**
 * Returns the tool's executable, installing its Debian package first when it is missing (as root, or
 * through passwordless sudo). Throws with the reason and the command to run when it cannot: a test
 * that needs the tool must fail, never skip.
 */
export function ensureDebianTool(tool: DebianTool): string {
  const found = tool.locate();
  if (found) return found;
  const manual = `apt-get install -y --no-install-recommends ${tool.packageName}`;
  if (!isRoot() && !canSudo()) {
    throw new Error(`${tool.packageName} is not installed and this user cannot install it (not root, no passwordless sudo). Run \`${manual}\` as root first.`);
  }
  // Test files run in parallel; a second install waits for the first one's dpkg lock.
  const install = ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "--no-install-recommends", tool.packageName];
  const tryInstall = () => {
    let attempt = aptGet(install);
    if (!attempt.ok) {
      // A fresh machine has no package lists yet; refresh them once and try again.
      aptGet(["update", "-q"]);
      attempt = aptGet(install);
    }
    return attempt;
  };
  // Writing policy-rc.d needs root; through sudo, the package's own service start is left as it is.
  const attempt = tool.startsService === true && isRoot() ? withoutServiceStarts(tryInstall) : tryInstall();
  const installed = tool.locate();
  if (!attempt.ok || !installed) {
    throw new Error(`Installing the Debian package ${tool.packageName} failed (run \`${manual}\` by hand):\n${attempt.output.slice(-4000)}`);
  }
  return installed;
}
