package dev.omnigraph.engine.failpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FailpointTest {
  private static final Pattern DOTTED = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  @Test
  void idsAreDottedUniqueAndResolveBack() {
    assertThat(Failpoint.values())
        .allSatisfy(fp -> assertThat(fp.id()).matches(DOTTED))
        .allSatisfy(fp -> assertThat(Failpoint.byId(fp.id())).contains(fp));
    assertThat(Arrays.stream(Failpoint.values()).map(Failpoint::id)).doesNotHaveDuplicates();
    assertThat(Failpoint.byId("log.no_such_point")).isEmpty();
  }

  @Test
  void everyFailpointDescribesItsBoundaryInOneLine() {
    assertThat(Failpoint.values())
        .allSatisfy(fp -> assertThat(fp.description()).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void afterPointsFollowADurableEffect() {
    // ack-lost is only accepted where afterEffect holds; an "after_" name claiming otherwise would
    // make that check refuse a meaningful test.
    assertThat(Failpoint.values())
        .filteredOn(fp -> fp.id().contains(".after_"))
        .isNotEmpty()
        .allSatisfy(fp -> assertThat(fp.afterEffect()).as(fp.id()).isTrue());
  }

  @Test
  void toStringIsTheIdForMessages() {
    assertThat(Failpoint.LOG_AFTER_RECORD_PUT).hasToString("log.after_record_put");
  }
}
