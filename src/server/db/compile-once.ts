import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/**
 * A query built with Kysely's builder whose SQL text never changes, only its parameters: it is built
 * and compiled on the first call, and later calls send the same text with their own parameters (on
 * PostgreSQL a named prepared statement, db/database.ts). For the statements every request runs (the
 * session, the case a command reads), building and compiling the query each time was a measurable part
 * of a case transition's CPU (issue 8's benchmark, docs/benchmarks.md).
 *
 * The builder must use exactly the call's arguments as its parameters, in order, and nothing else
 * (no literal values turned into parameters): the first call checks it and throws otherwise.
 */
export function compileOnce<DB, Row, P extends readonly unknown[]>(build: (db: Kysely<DB>, ...params: P) => Compilable<Row>) {
  let text: string | undefined;
  return async (db: Kysely<DB>, ...params: P): Promise<Row[]> => {
    if (text === undefined) {
      const compiled = build(db, ...params).compile();
      if (compiled.parameters.length !== params.length || compiled.parameters.some((v, i) => v !== params[i])) {
        throw new Error(`compileOnce: the query's parameters must be exactly its arguments, in order: ${compiled.sql}`);
      }
      text = compiled.sql;
      return (await db.executeQuery(compiled)).rows;
    }
    return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...params]))).rows;
  };
}
