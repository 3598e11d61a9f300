package dev.omnigraph.engine.failpoint;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The subprocess of {@link FailpointSpecTest}: hits each named failpoint the given number of times
 * and prints one outcome per hit, then whether arming works and the hit counts.
 */
final class FailpointProbe {
  private FailpointProbe() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("enabled=" + Failpoints.ENABLED);
    StringBuilder hits = new StringBuilder();
    for (int i = 0; i < args.length; i += 2) {
      Failpoint fp = Failpoint.byId(args[i]).orElseThrow();
      int times = Integer.parseInt(args[i + 1]);
      for (int n = 0; n < times; n++) {
        out.println(fp.id() + "=" + outcome(fp));
      }
      hits.append(hits.isEmpty() ? "" : ":").append(Failpoints.hitCount(fp));
    }
    try (var _ = Failpoints.arm(Failpoint.LOG_BEFORE_HINT_PUT, Action.count())) {
      out.println("arm=ok");
    } catch (IllegalStateException e) {
      out.println("arm=" + e.getMessage());
    }
    out.println("hits=" + hits);
  }

  private static String outcome(Failpoint fp) {
    try {
      Failpoints.hit(fp);
      return "ok";
    } catch (FailpointError e) {
      return "error";
    } catch (FailpointAckLost e) {
      return "ack-lost";
    } catch (FailpointCrash e) {
      // Only this harness may catch a crash: it reports it instead of dying.
      return "crash";
    }
  }
}
