// A deterministic React + TanStack Query app for the typed bench: resource modules, one hook module
// per resource, and a few hundred components calling those hooks, React's hooks and each other's.
// One component in fifty still calls a hook the way it was called before the hook took a params
// object (`useOrders([])`), which both tsc and migrations/hook-call-signature report.

import { Buffer } from "node:buffer";
import fs from "node:fs";
import path from "node:path";

const RESOURCES = [
  "apps", "builds", "deployments", "environments", "incidents", "invoices", "members", "metrics",
  "notifications", "orders", "pipelines", "projects", "releases", "repositories", "secrets",
  "services", "teams", "tickets", "tokens", "webhooks",
];
const STALE_EVERY = 50;

/** @param {string} word */
const pascal = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** @param {string} resource */
function resourceModule(resource) {
  const type = pascal(resource);
  return `export interface ${type}Item {
  id: string;
  name: string;
  createdAt: string;
  status: "active" | "archived";
}

export interface ${type}Params {
  ids?: string[];
  page?: number;
  pageSize?: number;
  sort?: "asc" | "desc";
}

export interface ${type}Page {
  items: ${type}Item[];
  total: number;
}

export async function fetch${type}(params: ${type}Params = {}): Promise<${type}Page> {
  const query = new URLSearchParams();
  for (const id of params.ids ?? []) query.append("id", id);
  query.set("page", String(params.page ?? 1));
  query.set("page_size", String(params.pageSize ?? 50));
  if (params.sort) query.set("sort", params.sort);
  const response = await fetch(\`/api/${resource}?\${query.toString()}\`);
  return (await response.json()) as ${type}Page;
}

export async function fetch${type}Item(id: string): Promise<${type}Item> {
  const response = await fetch(\`/api/${resource}/\${encodeURIComponent(id)}\`);
  return (await response.json()) as ${type}Item;
}
`;
}

/** @param {string} resource */
function hookModule(resource) {
  const type = pascal(resource);
  return `import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetch${type}, fetch${type}Item, type ${type}Params } from "../api/${resource}";

export function use${type}(params?: ${type}Params) {
  return useQuery({ queryKey: ["${resource}", params ?? {}], queryFn: () => fetch${type}(params) });
}

export function use${type}Item(id: string, enabled = true) {
  return useQuery({ queryKey: ["${resource}", id], queryFn: () => fetch${type}Item(id), enabled });
}

export function useArchive${type}() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetch(\`/api/${resource}/\${id}/archive\`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["${resource}"] }),
  });
}
`;
}

/**
 * @param {number} index
 * @returns {{ text: string, hookCalls: number }}
 */
function component(index) {
  const resource = RESOURCES[index % RESOURCES.length] ?? "apps";
  const other = RESOURCES[(index * 7 + 3) % RESOURCES.length] ?? "apps";
  const type = pascal(resource);
  const otherType = pascal(other);
  const stale = index % STALE_EVERY === STALE_EVERY - 1;
  const listCall = stale ? `use${type}([])` : `use${type}({ page, pageSize: ${10 + (index % 5) * 10}, sort: "${index % 2 === 0 ? "asc" : "desc"}" })`;
  const hookImports = `use${type}, use${type}Item, useArchive${type}`;
  const text = `import { useCallback, useMemo, useState } from "react";
import { ${hookImports} } from "../hooks/${resource}";${other === resource ? "" : `\nimport { use${otherType} as useOther } from "../hooks/${other}";`}

export interface Component${index}Props {
  selectedId: string;
  title?: string;
}

export function Component${index}({ selectedId, title = "${type} ${index}" }: Component${index}Props) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState("");
  const list = ${listCall};
  const item = use${type}Item(selectedId, filter.length === 0);
  const related = ${other === resource ? `use${type}({ ids: [selectedId] })` : `useOther({ ids: [selectedId], page: 1 })`};
  const archive = useArchive${type}();
  const visible = useMemo(
    () => (list.data?.items ?? []).filter((entry) => entry.name.toLowerCase().includes(filter.toLowerCase())),
    [list.data, filter],
  );
  const next = useCallback(() => setPage((current) => current + 1), []);
  return (
    <section>
      <h2>{title}</h2>
      <input value={filter} onChange={(event) => setFilter(event.target.value)} />
      <p>
        {item.data?.name ?? "…"} · {related.data?.total ?? 0} related
      </p>
      <ul>
        {visible.map((entry) => (
          <li key={entry.id}>
            {entry.name} <button onClick={() => archive.mutate(entry.id)}>Archive</button>
          </li>
        ))}
      </ul>
      <button onClick={next}>Page {page + 1}</button>
    </section>
  );
}
`;
  // useState ×2, list, item, related, archive, useMemo, useCallback.
  return { text, hookCalls: 8 };
}

/**
 * Writes the app into `dir` (which gets a `node_modules` link to the repository's, for React and
 * TanStack Query's types).
 * @param {string} dir
 * @param {string} repoNodeModules
 * @param {{ components?: number }} [options]
 * @returns {{ root: string, files: number, statements: number, bytes: number, stale: number }}
 */
export function generateTypedApp(dir, repoNodeModules, { components = 300 } = {}) {
  const root = path.join(dir, "typed-app");
  fs.mkdirSync(path.join(root, "src", "api"), { recursive: true });
  fs.mkdirSync(path.join(root, "src", "hooks"), { recursive: true });
  fs.mkdirSync(path.join(root, "src", "components"), { recursive: true });
  fs.symlinkSync(repoNodeModules, path.join(root, "node_modules"), "dir");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      jsx: "react-jsx",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
      types: [],
    },
    include: ["src"],
  };
  let files = 0;
  let bytes = 0;
  let statements = 0;
  /** @param {string} relative @param {string} text */
  const write = (relative, text) => {
    fs.writeFileSync(path.join(root, relative), text);
    files += 1;
    bytes += Buffer.byteLength(text);
  };
  fs.writeFileSync(path.join(root, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  for (const resource of RESOURCES) {
    write(path.join("src", "api", `${resource}.ts`), resourceModule(resource));
    write(path.join("src", "hooks", `${resource}.ts`), hookModule(resource));
    // use…, use…Item, useArchive… bodies: useQuery ×2, useQueryClient, useMutation.
    statements += 4;
  }
  for (let index = 0; index < components; index++) {
    const { text, hookCalls } = component(index);
    write(path.join("src", "components", `Component${index}.tsx`), text);
    statements += hookCalls;
  }
  return { root, files, statements, bytes, stale: Math.floor(components / STALE_EVERY) };
}
