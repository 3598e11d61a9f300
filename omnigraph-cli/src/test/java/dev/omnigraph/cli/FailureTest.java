package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.engine.BranchExistsException;
import dev.omnigraph.engine.BranchNameConflictException;
import dev.omnigraph.engine.BranchNotFoundException;
import dev.omnigraph.engine.CommitNotFoundException;
import dev.omnigraph.engine.GraphAlreadyExistsException;
import dev.omnigraph.engine.GraphNotFoundException;
import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one error classification: envelope codes, kinds, exit codes and what stderr shows. */
class FailureTest {
  @TempDir Path dir;

  static void assertFailure(Throwable error, ErrorCode code, String kind) {
    Failure f = Failure.of(error);
    assertThat(f.envelope()).isEqualTo(new ErrorOutput(error.getMessage(), code));
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(f.display()).isEqualTo("error: " + error.getMessage());
  }

  @Test
  void engineErrorsKeepTheirMessageAndGetUpstreamsEnvelopeCode() {
    assertFailure(new InvalidInputException("bad"), ErrorCode.BAD_REQUEST, "invalid_input");
    assertFailure(new GraphNotFoundException("/g"), ErrorCode.NOT_FOUND, "graph_not_found");
    assertFailure(new BranchNotFoundException("/g", "b"), ErrorCode.NOT_FOUND, "branch_not_found");
    assertFailure(
        new CommitNotFoundException("/g", "01K0000000000000000000000A"),
        ErrorCode.NOT_FOUND,
        "commit_not_found");
    assertFailure(
        new GraphAlreadyExistsException("/g"), ErrorCode.CONFLICT, "graph_already_exists");
    assertFailure(new BranchExistsException("/g", "b"), ErrorCode.CONFLICT, "branch_exists");
    assertFailure(
        new BranchNameConflictException("/g", "a", "a/b", "a and a/b"),
        ErrorCode.CONFLICT,
        "branch_name_conflict");
  }

  @Test
  void compileErrorsShowTheSourcePlaceButTheEnvelopeKeepsOneLine() {
    CompileError e = new CompileError(ErrorKind.PARSE, "expected a type name");
    Failure f = Failure.of(e);
    assertThat(f.envelope())
        .isEqualTo(new ErrorOutput("parse error: expected a type name", ErrorCode.BAD_REQUEST));
    assertThat(f.kind()).isEqualTo(Failure.COMPILE_KIND);
    assertThat(f.display()).isEqualTo(e.render());
  }

  @Test
  void cliRefusalsAreBadRequests() {
    assertFailure(new CliException("no graph addressed"), ErrorCode.BAD_REQUEST, "invalid_usage");
  }

  @Test
  void anythingElseIsReportedAsABugWithoutPretendingToKnowMore() {
    Failure f = Failure.of(new IllegalStateException("boom"));
    assertThat(f.envelope().code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(f.envelope().error())
        .isEqualTo(
            "internal error: java.lang.IllegalStateException: boom (a bug; rerun with --verbose"
                + " for the stack trace and report it)");
    assertThat(f.exitCode()).isEqualTo(ExitCode.FAILURE);
  }

  private String initGraph() {
    String graph = dir.resolve("g").toString();
    CliRunner.Result r =
        new CliRunner(dir)
            .run("init", "--schema", CliRunner.copy("fixtures/test.pg", dir).toString(), graph);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return graph;
  }

  private static Path firstRecord(String graph) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(graph, "log"))) {
      return files
          .filter(p -> p.getFileName().toString().equals("00000000000000000001.json"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aCorruptCommitRecordIsReportedAsCorruptGraphWithoutAStackTrace() throws IOException {
    String graph = initGraph();
    Files.writeString(firstRecord(graph), "{\"format_version\": 1}", StandardCharsets.UTF_8);
    CliRunner.Result r = new CliRunner(dir).run("snapshot", graph);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: ").contains("00000000000000000001.json").hasLineCount(1);

    CliRunner.Result verbose = new CliRunner(dir).run("snapshot", graph, "--verbose");
    assertThat(verbose.err())
        .startsWith(r.err() + "kind: corrupt_graph\ndev.omnigraph.engine.CorruptGraphException")
        .contains("\tat dev.omnigraph.");
  }

  @Test
  void aRecordFromANewerFormatAsksForAnUpgrade() throws IOException {
    String graph = initGraph();
    Files.writeString(firstRecord(graph), "{\"format_version\": 99}", StandardCharsets.UTF_8);
    CliRunner.Result r = new CliRunner(dir).run("commit", "list", graph, "--verbose");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("upgrade").contains("\nkind: unsupported_format\n");
  }
}
