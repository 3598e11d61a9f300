package dev.omnigraph.bench;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link HistoryFixture}: {@code java ... BuildHistoryFixture <folder> <commits>}
 * replaces whatever is in the folder with a bench graph of that many appends.
 */
public final class BuildHistoryFixture {
  private BuildHistoryFixture() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BuildHistoryFixture <folder> <commits>");
      System.exit(2);
    }
    build(Path.of(args[0]), Integer.parseInt(args[1]));
  }

  /** Builds the fixture in {@code folder} (deleting what was there) and returns its facts. */
  static HistoryFixture build(Path folder, int commits) {
    ScratchDirectory.deleteTree(folder);
    Path graphPath = folder.resolve("graph");
    HistoryFixture fixture;
    try (Omnigraph graph = Omnigraph.init(graphPath, BenchSchema.SOURCE)) {
      for (int c = 0; c < commits; c++) {
        List<Map<String, Object>> people = new ArrayList<>();
        List<Map<String, Object>> knows = new ArrayList<>();
        for (int i = 0; i < HistoryFixture.PEOPLE_PER_COMMIT; i++) {
          String id = "p" + c + "-" + i;
          people.add(BenchSchema.node(id));
          knows.add(BenchSchema.edge("k" + c + "-" + i, id, "p" + c + "-0"));
        }
        graph.append("main", Map.of(BenchSchema.PERSON, people, BenchSchema.KNOWS, knows));
      }
      Snapshot s = graph.snapshot("main");
      Snapshot.TableState person =
          s.table(Snapshot.EntityKind.NODE, BenchSchema.PERSON).orElseThrow();
      fixture =
          new HistoryFixture(
              graphPath, s.seq(), person.path(), person.version(), person.rowCount());
    }
    fixture.write(folder, commits);
    return fixture;
  }
}
