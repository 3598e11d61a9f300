package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/demo}, the README's first command, end to end as a process after {@code package}
 * (Failsafe runs this in {@code verify}, so the jar is fresh and the demo does not build): it
 * creates the example knowledge graph, loads it, and prints the rows of each query it runs.
 */
class DemoIT {
  @TempDir Path dir;

  @Test
  void theDemoLoadsTheKnowledgeGraphAndPrintsEveryQuerysRows() throws Exception {
    Path repository = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path demo = repository.resolve("bin/demo");
    assertThat(demo).isExecutable();
    Path graph = dir.resolve("graph");

    ProcessBuilder pb =
        new ProcessBuilder(demo.toString(), graph.toString()).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.resolve("home").toString());
    env.remove("OMNIGRAPH_HOME");
    env.remove("OMNIGRAPH_PROFILE");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/demo finished").isTrue();
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as("exit\n%s\n%s", stdout, stderr).isZero();
    assertThat(stderr).isEmpty();
    assertThat(stdout)
        .doesNotContain("== building")
        .contains("initialized " + graph + "\n")
        .contains(
            "loaded "
                + graph
                + " on branch main with overwrite: 32 entities across 3 node types and 4 edge"
                + " types\n")
        .contains(
            """
            4 rows from branch main via written_about
            a.name  | d.title
            --------+--------------------------
            Ada     | Storing graphs in columns
            Grace   | Storing graphs in columns
            Alan    | Vector search at Quarry
            Barbara | Vector search at Quarry
            """)
        .contains(
            """
            1 rows from branch main via not_authors
            p.name | p.role
            -------+-------
            Linus  | null
            """)
        .contains(
            """
            3 rows from branch main via head_count
            company      | people
            -------------+-------
            Lattice Labs | 2
            Quarry       | 2
            Northwind    | 1
            """)
        .contains(
            """
            2 rows from branch main via search_documents
            d.slug        | d.title
            --------------+--------------------------
            graph-storage | Storing graphs in columns
            routing-notes | Routing notes
            """)
        .contains("== done. The graph stays in " + graph);

    Path existing = dir.resolve("existing");
    Files.createDirectories(existing);
    Process refused =
        new ProcessBuilder(demo.toString(), existing.toString()).redirectErrorStream(true).start();
    String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(1);
    assertThat(refusal)
        .isEqualTo(
            "demo: " + existing + " already exists; name a new folder (the demo creates it)\n");
  }
}
