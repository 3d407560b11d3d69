import type ts from "typescript";
import { typescript } from "./compiler.js";

/**
 * One parameter position of a signature as a call site sees it: a declared parameter, or one
 * element of a rest parameter (`...ids: string[]`, `...args: [id: string, page?: number]`).
 */
export interface ParameterSlot {
  /** The parameter as its declaration reads: `params`, `{ path, params }`, a tuple element's label. */
  name: string;
  /** null: the position exists but its type cannot be checked here (a generic rest parameter). */
  type: ts.Type | null;
  optional: boolean;
  /**
   * Whether a caller may pass `undefined` although `type` lacks it: a parameter with a default
   * value, whose type TypeScript gives as seen inside the function (`kinds: string[] = []` is
   * `string[]` there, `string[] | undefined` to a caller).
   */
  defaulted: boolean;
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
  const fixed: { symbol: ts.Symbol; name: string; optional: boolean; defaulted: boolean }[] = [];
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
      fixed.push({ symbol, name: parameterDisplayName(parameter), optional: isOptional(parameter), defaulted: isDefaulted(parameter) });
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
        ? { elements: [], variadic: { name: rest.name, type: null, optional: true, defaulted: false }, minLength: 0 }
        : readRest(checker, rest);
  const fixedCount = fixed.length;
  return {
    signature,
    minArguments: restSlots === null || untyped ? minArguments : Math.max(minArguments, fixedCount + restSlots.minLength),
    maxArguments: restSlots === null ? fixedCount : restSlots.variadic === null ? fixedCount + restSlots.elements.length : Infinity,
    slotAt(index) {
      const parameter = fixed[index];
      if (parameter !== undefined) {
        return {
          name: parameter.name,
          type: checker.getTypeOfSymbol(parameter.symbol),
          optional: index >= minArguments,
          defaulted: parameter.defaulted,
        };
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

function isDefaulted(parameter: ts.ParameterDeclaration): boolean {
  return parameter.initializer !== undefined && parameter.questionToken === undefined;
}

/** Longer destructuring patterns are named by their type annotation, when it has a name. */
const LONGEST_PATTERN = 40;

/**
 * A parameter's name as its declaration reads. TypeScript names a destructured parameter `__0`,
 * which no reader of the code has seen: it is shown as its pattern, `{ path, params }`, without
 * default values, or, when that is long, as its type's name.
 */
function parameterDisplayName(parameter: ts.ParameterDeclaration): string {
  const ts = typescript();
  const { name } = parameter;
  if (ts.isIdentifier(name)) {
    return name.text;
  }
  const pattern = bindingPatternText(name);
  const annotation = parameter.type;
  if (pattern.length > LONGEST_PATTERN && annotation !== undefined && ts.isTypeReferenceNode(annotation)) {
    return annotation.typeName.getText();
  }
  return pattern;
}

function bindingPatternText(name: ts.BindingName): string {
  const ts = typescript();
  if (ts.isIdentifier(name)) {
    return name.text;
  }
  if (ts.isObjectBindingPattern(name)) {
    const elements = name.elements.map(
      (element) =>
        `${element.dotDotDotToken === undefined ? "" : "..."}${element.propertyName === undefined ? "" : `${element.propertyName.getText()}: `}${bindingPatternText(element.name)}`,
    );
    return elements.length === 0 ? "{}" : `{ ${elements.join(", ")} }`;
  }
  const elements = name.elements.map((element) =>
    ts.isOmittedExpression(element) ? "" : `${element.dotDotDotToken === undefined ? "" : "..."}${bindingPatternText(element.name)}`,
  );
  return `[${elements.join(", ")}]`;
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
    return { elements: [], variadic: { name: restName(rest), type: element ?? null, optional: true, defaulted: false }, minLength: 0 };
  }
  if (checker.isTupleType(type)) {
    const tuple = (type as ts.TupleTypeReference).target;
    const types = checker.getTypeArguments(type as ts.TypeReference);
    const elements: ParameterSlot[] = [];
    let variadic: ParameterSlot | null = null;
    tuple.elementFlags.forEach((flags, index) => {
      const label = tuple.labeledElementDeclarations?.[index]?.name;
      const name = label !== undefined && typescript().isIdentifier(label) ? label.text : `${restName(rest)}[${index}]`;
      if ((flags & typescript().ElementFlags.Variable) !== 0) {
        // Elements after a variadic one cannot be placed by position; leave them unchecked.
        variadic ??= { name, type: (flags & typescript().ElementFlags.Rest) !== 0 ? (types[index] ?? null) : null, optional: true, defaulted: false };
      } else if (variadic === null) {
        elements.push({ name, type: types[index] ?? null, optional: (flags & typescript().ElementFlags.Optional) !== 0, defaulted: false });
      }
    });
    return { elements, variadic, minLength: tuple.minLength };
  }
  // A generic rest (`...args: P` with P extends unknown[]): any number of unchecked arguments.
  return { elements: [], variadic: { name: restName(rest), type: null, optional: true, defaulted: false }, minLength: 0 };
}

function restName(rest: ts.Symbol): string {
  const declaration = rest.valueDeclaration;
  return declaration !== undefined && typescript().isParameter(declaration) ? parameterDisplayName(declaration) : rest.name;
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

export function staticPropertyName(name: ts.PropertyName): string | undefined {
  if (typescript().isIdentifier(name) || typescript().isStringLiteral(name) || typescript().isNumericLiteral(name) || typescript().isPrivateIdentifier(name)) {
    return name.text;
  }
  return undefined;
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
    const slot = shape.slotAt(index);
    const type = slot?.type ?? null;
    return slot === undefined || type === null || argumentFits(checker, checker.getTypeAtLocation(argument), { type, defaulted: slot.defaulted });
  });
}

/**
 * Whether an argument of type `actual` fits a parameter as the caller sees it. A defaulted
 * parameter's type is read as seen inside the function, so `undefined` is set aside first: each
 * remaining member of the argument's union must fit on its own, which is how TypeScript relates a
 * union to a type. (TypeScript's API builds no `T | undefined` for us to test against.)
 */
export function argumentFits(checker: ts.TypeChecker, actual: ts.Type, slot: { type: ts.Type; defaulted: boolean }): boolean {
  if (checker.isTypeAssignableTo(actual, slot.type)) {
    return true;
  }
  if (!slot.defaulted) {
    return false;
  }
  const members = actual.isUnion() ? actual.types : [actual];
  return members.every((member) => (member.flags & typescript().TypeFlags.Undefined) !== 0 || checker.isTypeAssignableTo(member, slot.type));
}

/**
 * The one object type a parameter stands for once `undefined` and `null` are set aside, or null:
 * the type that an argument can be moved into.
 */
export function objectParameterType(checker: ts.TypeChecker, type: ts.Type): ts.Type | null {
  const targets = objectConstituents(checker, type);
  return targets?.length === 1 ? (targets[0] ?? null) : null;
}
