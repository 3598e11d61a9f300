package dev.omnigraph.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.engine.Snapshot.EntityKind;
import dev.omnigraph.engine.Snapshot.TableState;
import dev.omnigraph.engine.table.ArrowSchemas;
import dev.omnigraph.engine.table.Tables;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.SchemaCompiler;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The check every migration race and crash test makes of a state a reader sees: its schema and its
 * tables are one pair, so the schema names exactly the state's tables and gives each the columns
 * its stored table version has.
 */
final class VisibleStates {
  private VisibleStates() {}

  static void assertSchemaMatchesTables(Tables tables, Snapshot s) {
    Catalog catalog = SchemaCompiler.catalog(s.schema().ir());
    Set<String> declared = new TreeSet<>();
    catalog.nodeTypes().keySet().forEach(n -> declared.add("node:" + n));
    catalog.edgeTypes().keySet().forEach(n -> declared.add("edge:" + n));
    Set<String> present = new TreeSet<>();
    for (TableState t : s.tables()) {
      present.add((t.kind() == EntityKind.NODE ? "node:" : "edge:") + t.typeName());
    }
    assertThat(present).as("the tables of commit %s", s.commitId()).isEqualTo(declared);
    for (TableState t : s.tables()) {
      Schema want =
          t.kind() == EntityKind.NODE
              ? ArrowSchemas.node(catalog.node(t.typeName()).orElseThrow())
              : ArrowSchemas.edge(catalog.edge(t.typeName()).orElseThrow());
      assertThat(columns(tables.schema(t.tableVersion())))
          .as("the columns of %s at %s in commit %s", t.typeName(), t.version(), s.commitId())
          .isEqualTo(columns(want));
    }
  }

  private static List<String> columns(Schema schema) {
    return schema.getFields().stream().map(VisibleStates::describe).toList();
  }

  private static String describe(Field f) {
    return f.getName()
        + ":"
        + f.getType()
        + (f.isNullable() ? "?" : "")
        + f.getChildren().stream().map(VisibleStates::describe).toList();
  }
}
