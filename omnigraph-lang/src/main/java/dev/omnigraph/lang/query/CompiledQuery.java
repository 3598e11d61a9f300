package dev.omnigraph.lang.query;

/**
 * A query ready to run: typechecked against one catalog and lowered, with the operation it performs
 * (what it reads and writes, and for reads its result columns).
 */
public sealed interface CompiledQuery {
  CheckedQuery checked();

  OperationDescriptor operation();

  /** The query's name. */
  default String name() {
    return checked().decl().name();
  }

  /** A read: its pipeline and result schema. */
  record Read(
      CheckedQuery checked, QueryIr ir, ResultSchema resultSchema, OperationDescriptor operation)
      implements CompiledQuery {}

  /** A mutation: its statements, each with its target kind. */
  record Write(CheckedQuery checked, MutationIr ir, OperationDescriptor operation)
      implements CompiledQuery {}
}
