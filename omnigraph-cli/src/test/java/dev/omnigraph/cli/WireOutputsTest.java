package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadTargetOutput;
import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.lang.query.Expr.AggregateFunction;
import dev.omnigraph.lang.query.ResultField;
import dev.omnigraph.lang.query.ResultSchema;
import dev.omnigraph.lang.query.ResultType;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.VectorType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Query results as read output, for the value kinds the write path cannot store yet (unsigned
 * integers, lists, vectors), bare nodes and repeated column names.
 */
class WireOutputsTest {
  static ResultField scalar(String name, PropType type) {
    return new ResultField(name, new ResultType.Scalar(type), true);
  }

  @Test
  void u64ColumnsListsVectorsAndNodesAreEncodedByColumnType() {
    ResultSchema schema =
        new ResultSchema(
            List.of(
                new ResultField("p", new ResultType.Node("Person", new LinkedHashMap<>()), false),
                scalar("p.big", PropType.of(BaseType.U64, true)),
                scalar("p.count", PropType.of(BaseType.I64, true)),
                scalar("p.scores", PropType.listOf(BaseType.U64, true)),
                scalar("p.days", PropType.listOf(BaseType.DATE, true)),
                scalar("p.emb", PropType.of(new VectorType(3), true)),
                new ResultField(
                    "biggest",
                    new ResultType.Aggregate(
                        AggregateFunction.MAX, PropType.of(BaseType.U64, true)),
                    true)));
    List<Object> row =
        new ArrayList<>(
            Arrays.asList(
                "alice",
                -1L,
                -1L,
                List.of(-2L, 3L),
                List.of(LocalDate.of(2026, 3, 30), LocalDate.of(2026, 3, 31)),
                Arrays.asList(0.5f, null, 0.1f),
                Long.MIN_VALUE));
    ReadOutput out =
        WireOutputs.read(
            new QueryResult("q", "01K0000000000000000000000A", schema, List.of(row)),
            ReadTargetOutput.ofBranch("main"));
    assertThat(WireJson.compact(out))
        .isEqualTo(
            "{\"query_name\":\"q\",\"target\":{\"branch\":\"main\",\"snapshot\":null},"
                + "\"row_count\":1,\"columns\":[\"p\",\"p.big\",\"p.count\",\"p.scores\","
                + "\"p.days\",\"p.emb\",\"biggest\"],\"rows\":[{\"p\":\"alice\","
                + "\"p.big\":18446744073709551615,\"p.count\":-1,"
                + "\"p.scores\":[18446744073709551614,3],"
                + "\"p.days\":[\"2026-03-30\",\"2026-03-31\"],"
                + "\"p.emb\":[0.5,null,0.10000000149011612],"
                + "\"biggest\":9223372036854775808}],"
                + "\"graph_commit_id\":\"01K0000000000000000000000A\"}");
  }

  /** A JSON object holds a key once: a repeated column keeps its first place and last value. */
  @Test
  void aRepeatedColumnNameKeepsItsFirstPlaceAndLastValue() {
    ResultSchema schema =
        new ResultSchema(
            List.of(
                scalar("x", PropType.of(BaseType.I32, true)),
                scalar("y", PropType.of(BaseType.STRING, true)),
                scalar("x", PropType.of(BaseType.I32, true))));
    ReadOutput out =
        WireOutputs.read(
            new QueryResult("q", "01K0000000000000000000000A", schema, List.of(List.of(1, "b", 2))),
            ReadTargetOutput.ofSnapshot("01K0000000000000000000000A"));
    assertThat(out.columns()).containsExactly("x", "y", "x");
    assertThat(WireJson.compact(out.rows())).isEqualTo("[{\"x\":2,\"y\":\"b\"}]");
    assertThat(ReadPrinter.print(out, ReadFormat.CSV, TableStyle.DEFAULT))
        .isEqualTo("x,y,x\n2,b,2\n");
  }
}
