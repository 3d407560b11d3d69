import type ts from "typescript";
import { typescript } from "./compiler.js";

/** Why a value is offered a key: the value's name resembles it, or it is the only key its type fits. */
export type KeyEvidence = { kind: "name"; name: string; exact: boolean } | { kind: "type" };

export interface KeyChoice {
  key: string;
  evidence: KeyEvidence;
}

/**
 * The words of an identifier, lower case, a plural's final `s` dropped: `pageSize` and
 * `page_sizes` both read `page size`, so that `tags` and `tagList` share `tag`.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/gu, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/gu, "$1 $2")
    .split(/[^A-Za-z0-9]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase().replace(/(?<=..)s$/u, ""));
}

/**
 * How closely a value's name matches a key: 2 for the same words (`appNames` and `app_names`),
 * 1 when one's words are all among the other's (`size` and `pageSize`, `pageNumber` and
 * `page`), 0 otherwise. Sharing one word of several (`pageCount`, `pageSize`) is no evidence.
 */
function nameMatch(name: string, key: string): number {
  const nameSet = new Set(nameWords(name));
  const keySet = new Set(nameWords(key));
  if (nameSet.size === 0 || keySet.size === 0) {
    return 0;
  }
  const inName = [...keySet].every((word) => nameSet.has(word));
  const inKey = [...nameSet].every((word) => keySet.has(word));
  if (inName && inKey) {
    return 2;
  }
  return inName || inKey ? 1 : 0;
}

/** Whether two names have the same words: `discussionId` and `discussion_id`, `pages` and `page`. */
export function sameName(a: string, b: string): boolean {
  return nameMatch(a, b) === 2;
}

/**
 * Whether a property's type says anything about what goes in it. An index signature
 * (`Record<string, unknown>`), `any`, `unknown`, `object` and `{}` accept every object, so a value
 * moved there always type-checks and is almost never what the call meant.
 */
function isSpecific(checker: ts.TypeChecker, type: ts.Type): boolean {
  const { TypeFlags } = typescript();
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => {
    if ((member.flags & (TypeFlags.Undefined | TypeFlags.Null)) !== 0) {
      return true;
    }
    if ((member.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.NonPrimitive)) !== 0) {
      return false;
    }
    // Arrays and tuples have a number index signature, but say what their elements are.
    if ((member.flags & TypeFlags.Object) === 0 || checker.isArrayLikeType(member)) {
      return true;
    }
    if (checker.getIndexInfosOfType(member).length > 0) {
      return false;
    }
    return (
      checker.getPropertiesOfType(member).length > 0 ||
      member.getCallSignatures().length > 0 ||
      member.getConstructSignatures().length > 0
    );
  });
}

/**
 * The keys of `objectType` a value may move under, in the object type's order. Name evidence comes
 * first: keys whose type accepts the value and whose name has the same words as one of the
 * value's names, or else shares words with it. Without it, the type alone decides only when
 * exactly one key accepts the value. Keys in `taken` (already in the object) and catch-all keys
 * are never offered.
 */
export function keysFor(
  checker: ts.TypeChecker,
  names: readonly string[],
  valueType: ts.Type,
  objectType: ts.Type,
  taken: ReadonlySet<string>,
): KeyChoice[] {
  const properties = checker.getPropertiesOfType(objectType);
  const bestName = (key: string) =>
    names
      .map((name) => ({ name, score: nameMatch(name, key) }))
      .filter((match) => match.score > 0)
      .sort((a, b) => b.score - a.score)[0];
  // A value named exactly like a key the object already has is that key's value, given twice.
  if (properties.some((property) => taken.has(property.name) && bestName(property.name)?.score === 2)) {
    return [];
  }
  const fitting = properties.filter((property) => {
    if (taken.has(property.name)) {
      return false;
    }
    const type = checker.getTypeOfSymbol(property);
    return isSpecific(checker, type) && checker.isTypeAssignableTo(valueType, type);
  });
  const named = fitting.flatMap((property) => {
    const best = bestName(property.name);
    return best === undefined ? [] : [{ key: property.name, name: best.name, exact: best.score === 2 }];
  });
  // The same name outranks a shared word so much that the shared words are not offered beside it.
  const exact = named.filter((match) => match.exact);
  const chosen = exact.length > 0 ? exact : named;
  if (chosen.length > 0) {
    return chosen.map(({ key, name, exact: same }) => ({ key, evidence: { kind: "name", name, exact: same } }));
  }
  const [only] = fitting;
  return fitting.length === 1 && only !== undefined ? [{ key: only.name, evidence: { kind: "type" } }] : [];
}

/** The properties of `objectType` a caller must give. */
export function requiredKeys(checker: ts.TypeChecker, objectType: ts.Type): string[] {
  return checker
    .getPropertiesOfType(objectType)
    .filter((property) => (property.flags & typescript().SymbolFlags.Optional) === 0)
    .map((property) => property.name);
}
