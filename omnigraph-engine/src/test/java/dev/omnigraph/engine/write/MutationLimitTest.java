package dev.omnigraph.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.ResourceLimitException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C91: at most 8,192 staged entities per table per mutation; one more refuses the whole query. */
class MutationLimitTest {
  @TempDir Path root;

  private static String inserts(int n) {
    StringBuilder q = new StringBuilder("query many() {\n");
    for (int i = 0; i < n; i++) {
      q.append("  insert Thing { key: \"mutation-").append(i).append("\" }\n");
    }
    return q.append("}\n").toString();
  }

  private static long lines(Omnigraph g) {
    StringWriter out = new StringWriter();
    g.export("main", out);
    return out.toString().lines().count();
  }

  @Test
  void eightThousandOneHundredNinetyTwoInsertsCommitAndOneMoreIsRefusedWhole() {
    try (Omnigraph g = Omnigraph.init(root, "node Thing { key: String @key }")) {
      assertThatThrownBy(
              () -> g.mutate("main", inserts(8193), null, Map.of(), WriteOptions.defaults()))
          .isInstanceOfSatisfying(
              ResourceLimitException.class,
              e -> {
                assertThat(e.resource()).isEqualTo("keyed entities for node:Thing");
                assertThat(e.limit()).isEqualTo(8192);
                assertThat(e.actual()).isEqualTo(8193);
                assertThat(e.code()).isEqualTo("resource_limit");
              });
      assertThat(lines(g)).isZero();
      assertThat(g.snapshot("main").seq()).isEqualTo(1);

      MutationResult done =
          g.mutate("main", inserts(8192), null, Map.of(), WriteOptions.defaults());
      assertThat(done.affectedNodes()).isEqualTo(8192);
      assertThat(done.commit()).isPresent();
      assertThat(lines(g)).isEqualTo(8192);
    }
  }
}
