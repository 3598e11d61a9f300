package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.log.CommitRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a whole: version, help, usage errors, deprecated verbs. */
class OmnigraphCliTest {
  @TempDir Path home;

  private CliRunner cli() {
    return new CliRunner(home);
  }

  @Test
  void versionVerbAndFlagsPrintTheVersionAndTheStorageFormat() {
    String expected =
        "omnigraph "
            + OmnigraphCli.buildVersion()
            + "\ninternal-schema "
            + CommitRecord.FORMAT_VERSION
            + "\n";
    assertThat(OmnigraphCli.buildVersion()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    for (String[] args :
        new String[][] {{"version"}, {"-v"}, {"--version"}, {"snapshot", "--version"}}) {
      CliRunner.Result r = cli().run(args);
      assertThat(r.exitCode()).as("%s", String.join(" ", args)).isZero();
      assertThat(r.out()).isEqualTo(expected);
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void versionIsLocalAndRefusesGraphFlags() {
    CliRunner.Result r = cli().run("version", "--store", "/tmp/g");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: `version` is a local command; it uses no graph or actor, so --store does not"
                + " apply. Drop --store.\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void versionIgnoresTheProfileFromTheEnvironment() {
    CliRunner.Result r = cli().env("OMNIGRAPH_PROFILE", "staging").run("version");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void helpListsVerbsByCapabilityAndExitsZero() {
    CliRunner.Result r = cli().run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("Usage: omnigraph")
        .contains("Commands by capability:")
        .contains("init")
        .contains("snapshot")
        .contains("branch")
        .contains("commit")
        .contains("lint")
        .contains("query")
        .contains("optimize")
        .contains("cleanup")
        .contains("--store=<URI>");
    CliRunner.Result sub = cli().run("branch", "delete", "--help");
    assertThat(sub.exitCode()).isZero();
    assertThat(sub.out()).contains("Usage: omnigraph branch delete").contains("<NAME>");
  }

  @Test
  void noVerbIsAUsageError() {
    CliRunner.Result r = cli().run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: omnigraph");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownVerbsAndFlagsAndMissingRequiredFlagsAreUsageErrorsOnOneLine() {
    CliRunner.Result verb = cli().run("frobnicate");
    assertThat(verb.exitCode()).isEqualTo(2);
    assertThat(verb.err()).startsWith("error: ").contains("frobnicate").hasLineCount(1);

    CliRunner.Result flag = cli().run("snapshot", "--frob");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.err())
        .startsWith("error: Unknown option: '--frob'")
        .contains("omnigraph snapshot --help")
        .hasLineCount(1);

    CliRunner.Result missing = cli().run("init", "/tmp/nowhere");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith("error: Missing required option: '--schema=<file.pg>'")
        .hasLineCount(1);

    CliRunner.Result subcommand = cli().run("branch");
    assertThat(subcommand.exitCode()).isEqualTo(2);
    assertThat(subcommand.err()).startsWith("error: Missing required subcommand").hasLineCount(1);
  }

  @Test
  void globalFlagsAreAcceptedBeforeOrAfterTheVerb() {
    // Both spellings reach the same rule: --store and a URI together are refused.
    CliRunner.Result before = cli().run("--store", "/a", "snapshot", "/b");
    CliRunner.Result after = cli().run("snapshot", "/b", "--store", "/a");
    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.err()).isEqualTo(after.err()).contains("are mutually exclusive");
  }

  @Test
  void deprecatedCheckAndQueryLintRunLintWithAWarning() {
    Path schema = CliRunner.copy("fixtures/test.pg", home);
    Path query = CliRunner.copy("fixtures/test.gq", home);
    CliRunner.Result canonical =
        cli().run("lint", "--schema", schema.toString(), "--query", query.toString(), "--json");
    assertThat(canonical.exitCode()).isZero();
    assertThat(canonical.err()).isEmpty();

    CliRunner.Result check =
        cli().run("check", "--schema", schema.toString(), "--query", query.toString(), "--json");
    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).isEqualTo(canonical.out());
    assertThat(check.err())
        .isEqualTo("warning: `omnigraph check` is deprecated; use `omnigraph lint`\n");

    CliRunner.Result queryLint =
        cli()
            .run(
                "--quiet",
                "query",
                "lint",
                "--schema",
                schema.toString(),
                "--query",
                query.toString(),
                "--json");
    assertThat(queryLint.exitCode()).isZero();
    assertThat(queryLint.out()).isEqualTo(canonical.out());
    assertThat(queryLint.err())
        .isEqualTo("warning: `omnigraph query lint` is deprecated; use `omnigraph lint`\n");
  }

  @Test
  void deprecatedVerbShimSkipsGlobalFlagValues() {
    assertThat(DeprecatedVerbs.rewrite(new String[] {"--store", "check", "snapshot"}, w -> {}))
        .containsExactly("--store", "check", "snapshot");
    assertThat(DeprecatedVerbs.rewrite(new String[] {"--store=x", "check"}, w -> {}))
        .containsExactly("--store=x", "lint");
    assertThat(DeprecatedVerbs.rewrite(new String[] {"snapshot", "check"}, w -> {}))
        .containsExactly("snapshot", "check");
    List<String> warnings = new ArrayList<>();
    assertThat(
            DeprecatedVerbs.rewrite(
                new String[] {"--store", "read", "read", "-e", "q"}, warnings::add))
        .containsExactly("--store", "read", "query", "-e", "q");
    assertThat(warnings).containsExactly("`omnigraph read` is deprecated; use `omnigraph query`");
  }
}
