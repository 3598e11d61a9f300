package dev.omnigraph.engine.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.table.TableException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lance's untyped errors, as Lance 7.0.0 words them, land in the kind a caller acts on. */
class TableExceptionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Invalid user input: A inverted index can only be created on a Utf8 or LargeUtf8 field | INVALID
          Invalid user input: No partition metadata files found in index directory: t/_indices/x | INVALID
          LanceError(Index): CreateIndex: column 'nope' does not exist, create.rs:150:24 | INVALID
          Unprocessable: KMeans cannot train 8 centroids with 5 vectors; choose a smaller K | INVALID
          Not supported: Creating empty vector indices with train=False is not yet implemented | INVALID
          Ambiguous merge inserts are prohibited: multiple source rows match the same target row | INVALID
          LanceError(IO): Object at location /t/_indices/u/tokens.lance not found: No such file | NOT_FOUND
          Dataset at path tables/never-created was not found | NOT_FOUND
          Retryable commit conflict for version 3: preempted by concurrent transaction Update | CONFLICT
          Incompatible transaction: This UpdateConfig transaction is incompatible | CONFLICT
          Dataset already exists: tables/t | CONFLICT
          LanceError(IO): does not have sufficient data, len: 0 | IO
          Dataset is closed | OTHER
          """)
  void lanceMessagesAreClassified(String message, Kind kind) {
    assertThat(TableException.kindOf(message)).isEqualTo(kind);
    TableException e =
        TableException.classify("scan", "table t at version 1", new RuntimeException(message));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).startsWith("scan table t at version 1 failed (" + kind + "): ");
  }
}
