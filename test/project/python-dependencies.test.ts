import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findPythonPackageVersion, versionAtLeast } from "../../src/project/python-dependencies.js";

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/**
 * A fresh temporary project. It gets a `.git` directory by default so the walk never climbs into
 * whatever happens to sit above the system temp directory.
 */
function project(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "python-dependencies-"));
  roots.push(root);
  if (options.git ?? true) fs.mkdirSync(path.join(root, ".git"));
  for (const [name, content] of Object.entries(files)) write(root, name, content);
  return root;
}

function write(root: string, name: string, content: string): void {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Moves a path's mtime into the future, so the change is seen however coarse the clock is. */
function touch(file: string, secondsAhead: number): void {
  const time = new Date(Date.now() + secondsAhead * 1000);
  fs.utimesSync(file, time, time);
}

function lookup(root: string, packageName = "alembic", from = "migrations/versions/0001_init.py") {
  return findPythonPackageVersion(path.join(root, from), packageName);
}

describe("versionAtLeast", () => {
  it("orders versions by PEP 440", () => {
    expect(versionAtLeast("1.13.1", "1.13.0")).toBe(true);
    expect(versionAtLeast("1.13.0", "1.13")).toBe(true);
    expect(versionAtLeast("1.9.0", "1.13.0")).toBe(false);
    expect(versionAtLeast("1.13.0rc1", "1.13.0")).toBe(false);
    expect(versionAtLeast("1.13.0.post1", "1.13.0")).toBe(true);
    expect(versionAtLeast("2.0.0", "1.13.3")).toBe(true);
  });

  it("is false rather than throwing for strings that are not versions", () => {
    expect(versionAtLeast("not-a-version", "1.0")).toBe(false);
    expect(versionAtLeast("1.0", "nope")).toBe(false);
  });
});

describe("lock files", () => {
  it("reads poetry.lock", () => {
    const root = project({
      "poetry.lock": `
[[package]]
name = "mako"
version = "1.3.0"

[[package]]
name = "alembic"
version = "1.13.1"
description = "A database migration tool for SQLAlchemy."
`,
    });
    expect(lookup(root)).toEqual({ version: "1.13.1", source: path.join(root, "poetry.lock"), exact: true });
  });

  it("reads uv.lock and takes the lowest of several resolutions", () => {
    const root = project({
      "uv.lock": `
version = 1
requires-python = ">=3.9"

[[package]]
name = "alembic"
version = "1.14.0"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version >= '3.10'"]

[[package]]
name = "alembic"
version = "1.13"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version < '3.10'"]
`,
    });
    expect(lookup(root)).toEqual({ version: "1.13.0", source: path.join(root, "uv.lock"), exact: true });
  });

  it("reads Pipfile.lock default and develop sections", () => {
    const lock = (section: string) =>
      JSON.stringify({ _meta: {}, default: {}, develop: {}, [section]: { alembic: { version: "==1.12.1", hashes: [] } } });
    expect(lookup(project({ "Pipfile.lock": lock("default") }))).toMatchObject({ version: "1.12.1", exact: true });
    expect(lookup(project({ "Pipfile.lock": lock("develop") }))).toMatchObject({ version: "1.12.1", exact: true });
  });

  it("keeps pre-release suffixes in PEP 440 form", () => {
    const root = project({ "poetry.lock": '[[package]]\nname = "alembic"\nversion = "2.0.0-RC.1"\n' });
    expect(lookup(root)?.version).toBe("2.0.0rc1");
  });

  it("treats a locked package without a usable version as known but unknown", () => {
    const root = project({
      "poetry.lock": '[[package]]\nname = "alembic"\nversion = "not a version"\n',
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
    });
    expect(lookup(root)).toBeNull();
  });
});

describe("requirements files", () => {
  it.each([
    ["alembic==1.13.1", "1.13.1", true],
    ["alembic>=1.12,<2", "1.12.0", false],
    ["alembic~=1.13.0", "1.13.0", false],
    ["alembic==1.13.*", "1.13.0", false],
    ["alembic>1.12", "1.12.0", false],
    ["alembic===1.13.1", "1.13.1", true],
    ["alembic <2, >=1.11, >1.12.2", "1.12.2", false],
    ["alembic (>=1.12)", "1.12.0", false],
    ['Alembic[tz] >= 1.12 ; python_version >= "3.8"', "1.12.0", false],
    ["alembic==1.13.0rc1", "1.13.0rc1", true],
  ])("reads %s", (line, version, exact) => {
    const root = project({ "requirements.txt": `${line}\n` });
    expect(lookup(root)).toEqual({ version, source: path.join(root, "requirements.txt"), exact });
  });

  it.each([["alembic<2"], ["alembic"], ["alembic @ https://example.com/alembic-1.13.1.tar.gz"], ["alembic!=1.12.0"]])(
    "reports %s as mentioned without a lower bound, stopping the walk",
    (line) => {
      const root = project({ "requirements.txt": "alembic==1.13.1\n", "app/requirements.txt": `${line}\n` });
      expect(lookup(root, "alembic", "app/env.py")).toBeNull();
    },
  );

  it("skips comments, blank lines and options, and joins continuations", () => {
    const root = project({
      "requirements.txt": [
        "# alembic==0.1.0",
        "",
        "--index-url https://pypi.example.com/simple",
        "-e ./local-package",
        "sqlalchemy==2.0.25 \\",
        "    --hash=sha256:aaa \\",
        "    --hash=sha256:bbb",
        "alembic==1.13.1 \\",
        "    --hash=sha256:ccc",
        "mako>=1.3  # alembic==0.2.0",
      ].join("\n"),
    });
    expect(lookup(root)).toMatchObject({ version: "1.13.1", exact: true });
    expect(lookup(root, "sqlalchemy")).toMatchObject({ version: "2.0.25", exact: true });
    expect(lookup(root, "mako")).toMatchObject({ version: "1.3.0", exact: false });
  });

  it("counts an editable install named by #egg= as a mention without a version", () => {
    const root = project({
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
      "requirements.txt": "-e git+https://github.com/sqlalchemy/alembic.git#egg=alembic\n",
    });
    expect(lookup(root)).toBeNull();
  });

  it("ignores bare URLs and paths", () => {
    const root = project({
      "requirements.txt": "https://example.com/alembic-1.0.tar.gz\n./alembic\n",
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
    });
    expect(lookup(root)).toMatchObject({ version: "1.12.0", source: path.join(root, "pyproject.toml") });
  });

  it("tries every requirements*.txt in name order", () => {
    const root = project({
      "requirements.txt": "alembic==1.13.1\n",
      "requirements-dev.txt": "alembic==1.12.0\n",
      "requirements_test.txt": "alembic==1.11.0\n",
      "dev-requirements.txt": "alembic==1.0.0\n",
    });
    expect(lookup(root)).toMatchObject({ version: "1.12.0", source: path.join(root, "requirements-dev.txt") });
  });

  it("moves on to the next requirements file when one does not mention the package", () => {
    const root = project({ "requirements-dev.txt": "pytest==8.0.0\n", "requirements.txt": "alembic==1.13.1\n" });
    expect(lookup(root)).toMatchObject({ source: path.join(root, "requirements.txt") });
  });

  it("follows -r includes relative to the including file", () => {
    const root = project({
      "requirements.txt": "-r requirements/base.txt\n",
      "requirements/base.txt": "--requirement=common/db.txt\n",
      "requirements/common/db.txt": "alembic>=1.12\n",
    });
    expect(lookup(root)).toEqual({
      version: "1.12.0",
      source: path.join(root, "requirements/common/db.txt"),
      exact: false,
    });
  });

  it("survives include cycles", () => {
    const root = project({
      "requirements.txt": "-r requirements-b.txt\nflask==3.0.0\n",
      "requirements-b.txt": "-r requirements.txt\n-rrequirements-b.txt\n",
      "pyproject.toml": '[project]\ndependencies = ["alembic~=1.11.0"]\n',
    });
    expect(lookup(root)).toMatchObject({ version: "1.11.0", source: path.join(root, "pyproject.toml") });
    expect(lookup(root, "flask")).toMatchObject({ version: "3.0.0", source: path.join(root, "requirements.txt") });
  });

  it("ignores an include that does not exist", () => {
    const root = project({ "requirements.txt": "-r missing.txt\nalembic==1.13.1\n" });
    expect(lookup(root)).toMatchObject({ version: "1.13.1" });
  });
});

describe("pyproject.toml", () => {
  it("reads PEP 621 dependencies", () => {
    const root = project({
      "pyproject.toml": '[project]\nname = "app"\ndependencies = ["SQLAlchemy>=2.0", "alembic ~= 1.13.1"]\n',
    });
    expect(lookup(root)).toEqual({ version: "1.13.1", source: path.join(root, "pyproject.toml"), exact: false });
  });

  it("reads optional dependencies and PEP 735 dependency groups", () => {
    const optional = project({
      "pyproject.toml": '[project]\ndependencies = []\n[project.optional-dependencies]\ndb = ["alembic==1.12.0"]\n',
    });
    expect(lookup(optional)).toMatchObject({ version: "1.12.0", exact: true });
    const groups = project({
      "pyproject.toml": `
[dependency-groups]
db = ["alembic>=1.13"]
dev = [{ include-group = "db" }, "pytest"]
`,
    });
    expect(lookup(groups)).toMatchObject({ version: "1.13.0", exact: false });
  });

  it("takes the lowest bound when several entries mention the package", () => {
    const root = project({
      "pyproject.toml": `
[project]
dependencies = ["alembic", "alembic>=1.12; python_version < '3.10'", "alembic>=1.13; python_version >= '3.10'"]
`,
    });
    expect(lookup(root)).toMatchObject({ version: "1.12.0" });
  });

  it.each([
    ['"^1.13"', "1.13.0", false],
    ['"~1.13.1"', "1.13.1", false],
    ['">=1.12,<2"', "1.12.0", false],
    ['">= 1.12 < 2"', "1.12.0", false],
    ['"~=1.13"', "1.13.0", false],
    ['"1.13.1"', "1.13.1", true],
    ['"==1.13.1"', "1.13.1", true],
    ['"1.13.*"', "1.13.0", false],
    ['"^1.12 || ^2.0"', "1.12.0", false],
    ['{ version = "^1.13", extras = ["tz"] }', "1.13.0", false],
    ['[{ version = "^1.14", python = ">=3.10" }, { version = "^1.12", python = "<3.10" }]', "1.12.0", false],
  ])("reads the Poetry constraint %s", (constraint, version, exact) => {
    const root = project({ "pyproject.toml": `[tool.poetry.dependencies]\npython = "^3.9"\nalembic = ${constraint}\n` });
    expect(lookup(root)).toEqual({ version, source: path.join(root, "pyproject.toml"), exact });
  });

  it.each([['"*"'], ['"<2"'], ['{ git = "https://github.com/sqlalchemy/alembic.git" }'], ['"<2 || ^1.12"']])(
    "reports the Poetry constraint %s as having no lower bound",
    (constraint) => {
      const root = project({
        "pyproject.toml": '[project]\ndependencies = ["alembic==1.13.1"]\n',
        "app/pyproject.toml": `[tool.poetry.dependencies]\nalembic = ${constraint}\n`,
      });
      expect(lookup(root, "alembic", "app/env.py")).toBeNull();
    },
  );

  it("reads Poetry dependency groups", () => {
    const root = project({
      "pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\n[tool.poetry.group.db.dependencies]\nAlembic = "^1.13"\n',
    });
    expect(lookup(root)).toMatchObject({ version: "1.13.0", exact: false });
  });

  it("does not mistake Poetry's python entry for a package", () => {
    const root = project({ "pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\n' });
    expect(lookup(root, "python")).toBeNull();
  });
});

describe("choosing the file", () => {
  it("prefers a lock file to pyproject.toml in the same directory", () => {
    const root = project({
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
      "poetry.lock": '[[package]]\nname = "alembic"\nversion = "1.13.2"\n',
    });
    expect(lookup(root)).toEqual({ version: "1.13.2", source: path.join(root, "poetry.lock"), exact: true });
  });

  it("checks poetry.lock, uv.lock, Pipfile.lock, requirements, then pyproject.toml", () => {
    const root = project({
      "poetry.lock": '[[package]]\nname = "alembic"\nversion = "1.0.0"\n',
      "uv.lock": '[[package]]\nname = "alembic"\nversion = "2.0.0"\n',
      "Pipfile.lock": JSON.stringify({ default: { alembic: { version: "==3.0.0" } } }),
      "requirements.txt": "alembic==4.0.0\n",
      "pyproject.toml": '[project]\ndependencies = ["alembic==5.0.0"]\n',
    });
    const order = ["poetry.lock", "uv.lock", "Pipfile.lock", "requirements.txt", "pyproject.toml"];
    for (const [index, file] of order.entries()) {
      expect(lookup(root)).toEqual({ version: `${index + 1}.0.0`, source: path.join(root, file), exact: true });
      fs.rmSync(path.join(root, file));
      touch(root, index + 1);
    }
    expect(lookup(root)).toBeNull();
  });

  it("falls through a lock file that does not mention the package", () => {
    const root = project({
      "poetry.lock": '[[package]]\nname = "sqlalchemy"\nversion = "2.0.25"\n',
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
    });
    expect(lookup(root)).toMatchObject({ version: "1.12.0", source: path.join(root, "pyproject.toml") });
  });

  it("uses the nearest directory that mentions the package", () => {
    const root = project({
      "poetry.lock": '[[package]]\nname = "alembic"\nversion = "1.13.1"\n',
      "services/db/requirements.txt": "alembic==1.11.0\n",
      "services/requirements.txt": "alembic==1.10.0\n",
    });
    expect(lookup(root, "alembic", "services/db/migrations/env.py")).toMatchObject({
      version: "1.11.0",
      source: path.join(root, "services/db/requirements.txt"),
    });
    expect(lookup(root, "alembic", "services/api/main.py")).toMatchObject({ version: "1.10.0" });
    expect(lookup(root, "alembic", "other/main.py")).toMatchObject({ version: "1.13.1" });
  });

  it("walks upward past directories that do not mention the package", () => {
    const root = project({
      "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n',
      "services/db/requirements.txt": "sqlalchemy==2.0.25\n",
    });
    expect(lookup(root, "alembic", "services/db/migrations/env.py")).toMatchObject({
      source: path.join(root, "pyproject.toml"),
    });
  });

  it("stops at the directory holding .git", () => {
    const outer = project({ "requirements.txt": "alembic==1.13.1\n" }, { git: false });
    write(outer, "repo/.git/HEAD", "ref: refs/heads/main\n");
    write(outer, "repo/pyproject.toml", '[project]\ndependencies = ["sqlalchemy"]\n');
    expect(lookup(outer, "alembic", "repo/migrations/env.py")).toBeNull();
    // Without the .git marker the same layout does reach the outer file.
    write(outer, "plain/pyproject.toml", '[project]\ndependencies = ["sqlalchemy"]\n');
    expect(lookup(outer, "alembic", "plain/migrations/env.py")).toMatchObject({ version: "1.13.1" });
  });

  it("treats a .git file (worktree or submodule) as the repository root too", () => {
    const outer = project({ "requirements.txt": "alembic==1.13.1\n" }, { git: false });
    write(outer, "sub/.git", "gitdir: ../.git/modules/sub\n");
    expect(lookup(outer, "alembic", "sub/env.py")).toBeNull();
  });

  it("still reads the files in the repository root itself", () => {
    const root = project({ "requirements.txt": "alembic==1.13.1\n" });
    expect(lookup(root, "alembic", "env.py")).toMatchObject({ version: "1.13.1" });
  });
});

describe("package names", () => {
  it("compares names PEP 503-normalised", () => {
    const root = project({
      "requirements.txt": "SQLAlchemy==2.0.25\nFlask_SQLAlchemy==3.1.1\nzope.interface==6.0\n",
    });
    expect(lookup(root, "sqlalchemy")).toMatchObject({ version: "2.0.25" });
    expect(lookup(root, "SQLALCHEMY")).toMatchObject({ version: "2.0.25" });
    expect(lookup(root, "flask-sqlalchemy")).toMatchObject({ version: "3.1.1" });
    expect(lookup(root, "Flask.SQLAlchemy")).toMatchObject({ version: "3.1.1" });
    expect(lookup(root, "zope-interface")).toMatchObject({ version: "6.0.0" });
  });

  it("does not take flask-sqlalchemy for sqlalchemy", () => {
    const root = project({
      "pyproject.toml": '[project]\ndependencies = ["sqlalchemy>=1.4"]\n',
      "app/requirements.txt": "flask-sqlalchemy==3.1.1\n",
      "app/poetry.lock": '[[package]]\nname = "flask-sqlalchemy"\nversion = "3.1.1"\n',
      "app/Pipfile.lock": JSON.stringify({ default: { "flask-sqlalchemy": { version: "==3.1.1" } } }),
    });
    expect(lookup(root, "sqlalchemy", "app/models.py")).toMatchObject({
      version: "1.4.0",
      source: path.join(root, "pyproject.toml"),
    });
  });

  it("normalises names in lock files and Poetry tables", () => {
    const root = project({ "uv.lock": '[[package]]\nname = "SQLAlchemy"\nversion = "2.0.25"\n' });
    expect(lookup(root, "sqlalchemy")).toMatchObject({ version: "2.0.25" });
    const poetry = project({ "pyproject.toml": '[tool.poetry.dependencies]\nFlask_SQLAlchemy = "^3.1"\n' });
    expect(lookup(poetry, "flask-sqlalchemy")).toMatchObject({ version: "3.1.0" });
  });
});

describe("malformed files", () => {
  it.each([
    ["poetry.lock", "[[package]\nname = "],
    ["uv.lock", "package = ["],
    ["Pipfile.lock", "{ default: "],
    ["pyproject.toml", "[project\ndependencies = ["],
  ])("treats a broken %s as not mentioning the package", (file, content) => {
    const root = project({ [file]: content, "requirements.txt": "alembic==1.13.1\n" });
    write(root, `app/${file}`, content);
    expect(lookup(root, "alembic", "app/env.py")).toMatchObject({ version: "1.13.1" });
  });

  it("tolerates well-formed files of unexpected shape", () => {
    const root = project({
      "app/poetry.lock": 'package = "alembic"\n',
      "app/uv.lock": 'package = [1, "alembic", { name = 3 }]\n',
      "app/Pipfile.lock": JSON.stringify({ default: ["alembic"], develop: null }),
      "app/pyproject.toml": '[project]\ndependencies = "alembic"\n[tool]\npoetry = 3\n',
      "requirements.txt": "alembic==1.13.1\n",
    });
    expect(lookup(root, "alembic", "app/env.py")).toMatchObject({ version: "1.13.1" });
  });

  it("counts a Pipfile.lock entry without a version as a mention", () => {
    const root = project({
      "app/Pipfile.lock": JSON.stringify({ default: { alembic: { git: "https://github.com/sqlalchemy/alembic.git" } } }),
      "requirements.txt": "alembic==1.13.1\n",
    });
    expect(lookup(root, "alembic", "app/env.py")).toBeNull();
  });
});

describe("caching", () => {
  it("sees an edited file once its mtime changes", () => {
    const root = project({ "requirements.txt": "alembic==1.12.0\n" });
    expect(lookup(root)).toMatchObject({ version: "1.12.0" });
    fs.writeFileSync(path.join(root, "requirements.txt"), "alembic==1.13.0\n");
    touch(path.join(root, "requirements.txt"), 10);
    expect(lookup(root)).toMatchObject({ version: "1.13.0" });
  });

  it("sees an edited include", () => {
    const root = project({ "requirements.txt": "-r base.txt\n", "base.txt": "alembic==1.12.0\n" });
    expect(lookup(root)).toMatchObject({ version: "1.12.0" });
    fs.writeFileSync(path.join(root, "base.txt"), "alembic==1.13.0\n");
    touch(path.join(root, "base.txt"), 10);
    expect(lookup(root)).toMatchObject({ version: "1.13.0" });
  });

  it("sees a file created where none answered before", () => {
    const root = project({ "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n' });
    expect(lookup(root)).toMatchObject({ version: "1.12.0", exact: false });
    write(root, "poetry.lock", '[[package]]\nname = "alembic"\nversion = "1.13.1"\n');
    touch(root, 10);
    expect(lookup(root)).toMatchObject({ version: "1.13.1", exact: true });
  });

  it("sees a package added to a nearer file that did not mention it", () => {
    const root = project({
      "requirements.txt": "alembic==1.12.0\n",
      "app/requirements.txt": "flask==3.0.0\n",
    });
    expect(lookup(root, "alembic", "app/env.py")).toMatchObject({ version: "1.12.0" });
    fs.writeFileSync(path.join(root, "app/requirements.txt"), "flask==3.0.0\nalembic==1.13.1\n");
    touch(path.join(root, "app/requirements.txt"), 10);
    expect(lookup(root, "alembic", "app/env.py")).toMatchObject({ version: "1.13.1" });
  });

  it("does not let callers corrupt cached results", () => {
    const root = project({ "requirements.txt": "alembic==1.13.1\n" });
    const first = lookup(root);
    if (first !== null) first.version = "0.0.0";
    expect(lookup(root)).toMatchObject({ version: "1.13.1" });
  });
});
