// Declarations the rule tests call. Each test's code replaces the text of one of the empty files
// beside this one (file.ts, page.tsx, legacy.js, widget.jsx), which the tsconfig includes.

export interface App {
  name: string;
}

/** The hook after the pagination change; it used to be `useApps(appNames?: string[])`. */
export interface AppsParams {
  appNames?: string[];
  page?: number;
  pageSize?: number;
}
export declare function useApps(params?: AppsParams): App[];

export declare function useApp(name: string, options?: { refetch?: boolean }): App | undefined;
export declare function useTheme(): string;

export interface SearchParams {
  query?: string;
  tags?: string[];
  owners?: string[];
}
export declare function useSearch(params?: SearchParams): App[];

export interface PageParams {
  appNames: string[];
  page?: number;
}
export declare function usePage(params: PageParams): App[];

export declare function useSetting(key: "theme"): string;
export declare function useSetting(key: "pageSize", fallback: number): number;

export declare function useTags(...tags: string[]): string[];
export declare function useRoute(...segments: [path: string, id?: number]): string;

export declare function useCached<T>(key: readonly string[], fallback?: T): T;
export declare function useChoice<T extends "list" | "grid">(value: T): T;

export declare const api: { useApps: typeof useApps };

/** A package's hook that the project re-exports: still declared in the package. */
export { useMemo as useMemoized } from "react";

export declare function fetchApps(params?: AppsParams): Promise<App[]>;

/** Defaulted parameters: a caller may pass `undefined` for each. */
export function useList(kinds: string[] = [], limit = 20): string[] {
  return kinds.slice(0, limit);
}

export interface UsersOptions {
  forceRefresh?: boolean;
}
/** It used to be `useUsers(team?: string, options?: UsersOptions)`. */
export declare function useUsers(options?: UsersOptions): App[];

/** A getter only: the setter became `useSetDarkMode`. */
export declare function useDarkMode(): boolean;

export interface OrdersOptions {
  page?: number;
  pageSize?: number;
  sort?: "asc" | "desc";
}
/** It used to be `useOrders(status, page?, pageSize?, sort?)`. */
export declare function useOrders(status: string, options?: OrdersOptions): App[];

export interface MetricsOptions {
  enabled?: boolean;
  meta?: Record<string, unknown>;
}
export declare function useMetrics(id: string, options?: MetricsOptions): number[];

/** A destructured parameter, which TypeScript names `__0`. */
export function useRouteParams({ path, params }: { path: string; params?: Record<string, string> }): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

/** It used to take `{ discussionId, refetch? }`. */
export declare function useDiscussion(discussionId: string, options?: { refetch?: boolean }): App | undefined;
