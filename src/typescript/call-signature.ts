import type ts from "typescript";
import { typescript } from "./compiler.js";

/**
 * One parameter position of a signature as a call site sees it: a declared parameter, or one
 * element of a rest parameter (`...ids: string[]`, `...args: [id: string, page?: number]`).
 */
export interface ParameterSlot {
  name: string;
  /** null: the position exists but its type cannot be checked here (a generic rest parameter). */
  type: ts.Type | null;
  optional: boolean;
}

/**
 * The shape of a resolved signature, read from its declaration so that arity needs no type query;
 * a parameter's type is asked for only when an argument sits in its position.
 */
export interface SignatureShape {
  signature: ts.Signature;
  minArguments: number;
  /** Infinity when a rest parameter takes any number of arguments. */
  maxArguments: number;
  /** The slot an argument at `index` fills; undefined beyond maxArguments. */
  slotAt(index: number): ParameterSlot | undefined;
}

/**
 * The signature TypeScript resolved for a call: the overload it chose, with inferred type
 * arguments, or, when none fits, the candidate it reports against. null when the callee is untyped
 * (`any`, an unresolved import), where there is nothing to check.
 */
export function resolvedSignature(checker: ts.TypeChecker, call: ts.CallExpression): ts.Signature | null {
  const signature = checker.getResolvedSignature(call);
  // Untyped callees resolve to a synthetic signature without a declaration.
  return signature?.declaration === undefined ? null : signature;
}

/**
 * Whether the function a call names is declared only in installed packages (`react`,
 * `@tanstack/react-query`) or in TypeScript's own lib files. Asks for the callee's symbol, which
 * TypeScript finds by name without inferring a type (for a member call it needs the object's type,
 * which resolving the call would need first anyway). A workspace package linked into
 * node_modules counts as the project's: TypeScript names its files by their real path. A symbol
 * TypeScript made itself (a mapped type's property, a member of an instantiated generic type) counts
 * as the project's too: its signature may come from the project's own types.
 */
export function isDeclaredInLibrary(checker: ts.TypeChecker, program: ts.Program, calleeName: ts.Node): boolean {
  const { SymbolFlags } = typescript();
  let symbol = checker.getSymbolAtLocation(calleeName);
  if (symbol !== undefined && (symbol.flags & SymbolFlags.Alias) !== 0) {
    symbol = checker.getAliasedSymbol(symbol);
  }
  const declarations = symbol?.declarations ?? [];
  if (symbol === undefined || (symbol.flags & SymbolFlags.Transient) !== 0 || declarations.length === 0) {
    return false;
  }
  return declarations.every((declaration) => {
    const file = declaration.getSourceFile();
    return file.fileName.includes("/node_modules/") || program.isSourceFileDefaultLibrary(file);
  });
}

/** The call signatures of the callee; more than one means overloads. */
export function callSignatures(checker: ts.TypeChecker, call: ts.CallExpression): readonly ts.Signature[] {
  return checker.getSignaturesOfType(checker.getTypeAtLocation(call.expression), typescript().SignatureKind.Call);
}

/**
 * Arity and parameter slots of a signature, or null when its parameters are not ordinary
 * declarations (JSDoc function types, synthetic parameters in the middle) and the call is left to
 * TypeScript.
 */
export function signatureShape(checker: ts.TypeChecker, signature: ts.Signature): SignatureShape | null {
  const declaration = signature.declaration;
  if (declaration === undefined || typescript().isJSDocSignature(declaration)) {
    return null;
  }
  const parameters = signature.parameters;
  const fixed: { symbol: ts.Symbol; optional: boolean }[] = [];
  let rest: ts.Symbol | null = null;
  let restIsSynthetic = false;
  for (const [index, symbol] of parameters.entries()) {
    const parameter = symbol.valueDeclaration;
    const last = index === parameters.length - 1;
    if (parameter === undefined || !typescript().isParameter(parameter)) {
      // A JavaScript function that reads `arguments` gets a synthetic `...args: any[]` last.
      if (!last) {
        return null;
      }
      rest = symbol;
      restIsSynthetic = true;
    } else if (last && typescript().isRestParameter(parameter)) {
      rest = symbol;
    } else {
      fixed.push({ symbol, optional: isOptional(parameter) });
    }
  }
  // A required parameter after an optional one (`f(a = 1, b)`) makes every earlier one required.
  let minArguments = 0;
  fixed.forEach((parameter, index) => {
    if (!parameter.optional) {
      minArguments = index + 1;
    }
  });
  // TypeScript lets untyped JavaScript functions be called with fewer arguments.
  const untyped = isUntypedJavaScript(declaration);
  if (untyped) {
    minArguments = 0;
  }

  const restSlots =
    rest === null
      ? null
      : restIsSynthetic
        ? { elements: [], variadic: { name: rest.name, type: null, optional: true }, minLength: 0 }
        : readRest(checker, rest);
  const fixedCount = fixed.length;
  return {
    signature,
    minArguments: restSlots === null || untyped ? minArguments : Math.max(minArguments, fixedCount + restSlots.minLength),
    maxArguments: restSlots === null ? fixedCount : restSlots.variadic === null ? fixedCount + restSlots.elements.length : Infinity,
    slotAt(index) {
      const parameter = fixed[index];
      if (parameter !== undefined) {
        return { name: parameter.symbol.name, type: checker.getTypeOfSymbol(parameter.symbol), optional: index >= minArguments };
      }
      return restSlots === null ? undefined : (restSlots.elements[index - fixedCount] ?? restSlots.variadic ?? undefined);
    },
  };
}

function isOptional(parameter: ts.ParameterDeclaration): boolean {
  if (parameter.questionToken !== undefined || parameter.initializer !== undefined) {
    return true;
  }
  // JSDoc in JavaScript: `@param {string} [name]` or `@param {string=} name`.
  return typescript()
    .getJSDocParameterTags(parameter)
    .some((tag) => tag.isBracketed || tag.typeExpression?.type.kind === typescript().SyntaxKind.JSDocOptionalType);
}

function isUntypedJavaScript(declaration: ts.SignatureDeclaration): boolean {
  return (declaration.getSourceFile().flags & typescript().NodeFlags.JavaScriptFile) !== 0 && !typescript().hasJSDocParameterTags(declaration);
}

/** A rest parameter as slots: `...ids: T[]` is one variadic slot, a tuple type one slot per element. */
function readRest(
  checker: ts.TypeChecker,
  rest: ts.Symbol,
): { elements: ParameterSlot[]; variadic: ParameterSlot | null; minLength: number } {
  const type = checker.getTypeOfSymbol(rest);
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return { elements: [], variadic: { name: rest.name, type: element ?? null, optional: true }, minLength: 0 };
  }
  if (checker.isTupleType(type)) {
    const tuple = (type as ts.TupleTypeReference).target;
    const types = checker.getTypeArguments(type as ts.TypeReference);
    const elements: ParameterSlot[] = [];
    let variadic: ParameterSlot | null = null;
    tuple.elementFlags.forEach((flags, index) => {
      const label = tuple.labeledElementDeclarations?.[index]?.name;
      const name = label !== undefined && typescript().isIdentifier(label) ? label.text : `${rest.name}[${index}]`;
      if ((flags & typescript().ElementFlags.Variable) !== 0) {
        // Elements after a variadic one cannot be placed by position; leave them unchecked.
        variadic ??= { name, type: (flags & typescript().ElementFlags.Rest) !== 0 ? (types[index] ?? null) : null, optional: true };
      } else if (variadic === null) {
        elements.push({ name, type: types[index] ?? null, optional: (flags & typescript().ElementFlags.Optional) !== 0 });
      }
    });
    return { elements, variadic, minLength: tuple.minLength };
  }
  // A generic rest (`...args: P` with P extends unknown[]): any number of unchecked arguments.
  return { elements: [], variadic: { name: rest.name, type: null, optional: true }, minLength: 0 };
}

/** The object types a parameter type stands for once `undefined` and `null` are set aside. */
function objectConstituents(checker: ts.TypeChecker, type: ts.Type): ts.Type[] | null {
  const constituents = type.isUnion() ? type.types : [type];
  const objects = constituents.filter((member) => (member.flags & (typescript().TypeFlags.Undefined | typescript().TypeFlags.Null)) === 0);
  const allObjects = objects.every(
    (member) =>
      (member.flags & (typescript().TypeFlags.Object | typescript().TypeFlags.Intersection)) !== 0 &&
      checker.getIndexInfosOfType(member).length === 0 &&
      checker.getPropertiesOfType(member).length > 0,
  );
  return objects.length > 0 && allObjects ? objects : null;
}

/**
 * The keys of an object-literal argument that the parameter's object type does not have: what
 * TypeScript reports as "Object literal may only specify known properties". Only plain keys of a
 * literal without spreads are judged; types with index signatures accept any key.
 */
export function unknownKeys(
  checker: ts.TypeChecker,
  literal: ts.ObjectLiteralExpression,
  parameterType: ts.Type,
): ts.ObjectLiteralElementLike[] {
  if (literal.properties.some((property) => typescript().isSpreadAssignment(property))) {
    return [];
  }
  const targets = objectConstituents(checker, parameterType);
  if (targets === null) {
    return [];
  }
  return literal.properties.filter((property) => {
    const name = property.name === undefined ? undefined : staticPropertyName(property.name);
    return name !== undefined && targets.every((target) => checker.getPropertyOfType(target, name) === undefined);
  });
}

function staticPropertyName(name: ts.PropertyName): string | undefined {
  if (typescript().isIdentifier(name) || typescript().isStringLiteral(name) || typescript().isNumericLiteral(name) || typescript().isPrivateIdentifier(name)) {
    return name.text;
  }
  return undefined;
}

/**
 * The properties of an object parameter type that an argument would fit if it were wrapped in an
 * object: `useApps(["github"])` → `appNames` of `{ appNames?: string[]; page?: number }`. Only
 * offered when every other property is optional, so that the wrapped object is complete.
 */
export function propertiesAccepting(checker: ts.TypeChecker, argumentType: ts.Type, parameterType: ts.Type): string[] {
  const targets = objectConstituents(checker, parameterType);
  const [target] = targets ?? [];
  if (targets?.length !== 1 || target === undefined) {
    return [];
  }
  const properties = checker.getPropertiesOfType(target);
  const required = properties.filter((property) => (property.flags & typescript().SymbolFlags.Optional) === 0);
  if (required.length > 1) {
    return [];
  }
  return properties
    .filter((property) => required.length === 0 || required[0] === property)
    .filter((property) => checker.isTypeAssignableTo(argumentType, checker.getTypeOfSymbol(property)))
    .map((property) => property.name);
}

/** A call against one signature, judged without producing messages: for overload selection. */
export function acceptsCall(
  checker: ts.TypeChecker,
  signature: ts.Signature,
  argumentsOfCall: readonly ts.Expression[],
): boolean {
  const shape = signatureShape(checker, signature);
  if (shape === null) {
    return true;
  }
  if (argumentsOfCall.length < shape.minArguments || argumentsOfCall.length > shape.maxArguments) {
    return false;
  }
  // The type parameters of an overload not chosen are not inferred here; its arity is all we judge.
  if (signature.typeParameters !== undefined) {
    return true;
  }
  return argumentsOfCall.every((argument, index) => {
    const type = shape.slotAt(index)?.type ?? null;
    return type === null || checker.isTypeAssignableTo(checker.getTypeAtLocation(argument), type);
  });
}
