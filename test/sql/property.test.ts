import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql } from "../../src/sql/document.js";
import { __testing, parseSql } from "../../src/sql/parser.js";
import { seededRandom } from "../support/random.js";

beforeAll(async () => {
  await __testing.ready;
});

class Generator {
  constructor(private readonly next: () => number) {}

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Whitespace or comments between two tokens. */
  gap(): string {
    return this.pick([" ", " ", " ", "\n", "\t", "\r\n  ", " /* c; */ ", "\n-- x; 😀\n", " /* a /* ; */ b */ ", "\n\n", "\f", " \v-- \u0001\n"]);
  }

  identifier(): string {
    const plain = `${this.pick(["t", "ix", "col", "app", "user"])}_${this.pick(["a", "b", "é", "日本", "x1", "z_9"])}`;
    if (this.chance(0.6)) return /^[a-z0-9_]+$/u.test(plain) ? plain : `"${plain}"`;
    const quoted = this.pick(['Mixed Case', 'semi;colon', 'quote""d', "émoji 😀", "日本語", "it's", "$$dollar$$", "--dash", "/*c*/"]);
    return `"${quoted}"`;
  }

  qualified(): string {
    return this.chance(0.3) ? `${this.identifier()}.${this.identifier()}` : this.identifier();
  }

  literal(): string {
    return this.pick(["0", "1.5", "'x;y'", "'it''s'", "E'a\\'b;'", "$$;$$", "$q$ ; $q$", "'é😀'", "NULL", "now()"]);
  }

  type(): string {
    return this.pick(["int", "text", "varchar(10)", "timestamptz", "numeric(10, 2)", "boolean", "jsonb"]);
  }

  statement(): string[] {
    switch (Math.floor(this.next() * 7)) {
      case 0: {
        const columns = Array.from({ length: 1 + Math.floor(this.next() * 3) }, () => {
          const parts = [this.identifier(), this.type()];
          if (this.chance(0.3)) parts.push("NOT", "NULL");
          if (this.chance(0.3)) parts.push("DEFAULT", this.literal());
          return parts.join(" ");
        });
        return ["CREATE", "TABLE", ...(this.chance(0.5) ? ["IF", "NOT", "EXISTS"] : []), this.qualified(), `(${columns.join(", ")})`];
      }
      case 1:
        return [
          "CREATE",
          ...(this.chance(0.3) ? ["UNIQUE"] : []),
          "INDEX",
          ...(this.chance(0.5) ? ["CONCURRENTLY"] : []),
          ...(this.chance(0.5) ? ["IF", "NOT", "EXISTS"] : []),
          this.identifier(),
          "ON",
          this.qualified(),
          "(",
          this.identifier(),
          ")",
          ...(this.chance(0.3) ? ["WHERE", this.identifier(), "IS", "NULL"] : []),
        ];
      case 2:
        return ["DROP", this.pick(["TABLE", "INDEX", "VIEW", "TYPE"]), ...(this.chance(0.5) ? ["IF", "EXISTS"] : []), this.qualified(), ...(this.chance(0.3) ? ["CASCADE"] : [])];
      case 3: {
        const action = this.pick([
          ["ADD", "COLUMN", this.identifier(), this.type()],
          ["ADD", "COLUMN", "IF", "NOT", "EXISTS", this.identifier(), this.type(), "DEFAULT", this.literal()],
          ["DROP", "COLUMN", "IF", "EXISTS", this.identifier()],
          ["RENAME", "COLUMN", this.identifier(), "TO", this.identifier()],
          ["ADD", "CONSTRAINT", this.identifier(), "CHECK", `(${this.identifier()} > 0)`, "NOT", "VALID"],
        ]);
        return ["ALTER", "TABLE", ...(this.chance(0.3) ? ["IF", "EXISTS"] : []), this.qualified(), ...action];
      }
      case 4:
        return ["CREATE", "TYPE", this.qualified(), "AS", "ENUM", `('a', 'b;c', 'é''s')`];
      case 5:
        return ["COMMENT", "ON", "TABLE", this.qualified(), "IS", this.pick(["'a; b'", "$c$ -- ; $c$", "E'x\\'; y'"])];
      default:
        return ["CREATE", "OR", "REPLACE", "VIEW", this.qualified(), "AS", "SELECT", this.literal(), "AS", this.identifier()];
    }
  }

  document(statements: string[][]): string {
    let text = this.chance(0.5) ? this.gap() : "";
    for (const tokens of statements) {
      text += tokens.map((token, index) => (index === 0 ? token : this.gap() + token)).join("");
      text += (this.chance(0.3) ? this.gap() : "") + ";" + (this.chance(0.1) ? ";" : "") + this.gap();
    }
    return text;
  }
}

/** A node without libpg-query's positions, which differ between the whole text and one statement. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "location" && key !== "name_location")
      .map(([key, child]) => [key, withoutLocations(child)]),
  );
}

describe("analyzeSql on generated DDL", () => {
  it("gives statement ranges that re-parse to the whole-text parse's nodes", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const generator = new Generator(seededRandom(seed));
      const statements = Array.from({ length: generator.pick([1, 2, 3, 4, 5, 6, 7, 8]) }, () => generator.statement());
      const text = generator.document(statements);
      const whole = parseSql(text);
      if (!whole.ok) throw new Error(`seed ${seed}: generated invalid SQL (${whole.error.message}):\n${text}`);
      const document = analyzeSql(text);
      const context = `seed ${seed}:\n${text}`;
      expect(document.error, context).toBeNull();
      expect(document.statements, context).toHaveLength(whole.statements.length);
      document.statements.forEach((statement, index) => {
        const source = text.slice(...statement.range);
        expect(source, context).toBe(source.trim());
        const alone = parseSql(source);
        expect(alone.ok && alone.statements.length, context).toBe(1);
        const expected = withoutLocations(whole.statements[index]?.stmt);
        expect(alone.ok && withoutLocations(alone.statements[0]?.stmt), context).toEqual(expected);
        expect(statement.kind && withoutLocations({ [statement.kind]: statement.node }), context).toEqual(expected);
        for (const token of statement.tokens) {
          const tokenText = text.slice(token.start, token.end);
          expect(token.kind === "keyword" ? tokenText.toUpperCase() : tokenText, context).toBe(token.text);
          expect(token.start >= statement.range[0] && token.end <= statement.range[1], context).toBe(true);
        }
      });
    }
  });

  it("keeps every other statement when one is broken", () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const generator = new Generator(seededRandom(seed));
      const statements = Array.from({ length: generator.pick([3, 4, 5, 6]) }, () => generator.statement());
      const broken = generator.pick([0, 1, 2]);
      statements[broken] = [...(statements[broken] ?? []), ")"];
      const text = generator.document(statements);
      const document = analyzeSql(text);
      const context = `seed ${seed}:\n${text}`;
      expect(document.statements.map((statement) => statement.error === null), context).toEqual(statements.map((_, index) => index !== broken));
      const error = document.statements[broken]?.error;
      expect(error && text.slice(error.offset, error.offset + 1), context).toBe(")");
      document.statements.forEach((statement, index) => {
        if (index === broken) return;
        const alone = parseSql(text.slice(...statement.range));
        expect(alone.ok && withoutLocations(alone.statements[0]?.stmt), context).toEqual(statement.kind && withoutLocations({ [statement.kind]: statement.node }));
      });
    }
  });
});
