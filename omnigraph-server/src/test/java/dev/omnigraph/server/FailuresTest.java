package dev.omnigraph.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.engine.BranchExistsException;
import dev.omnigraph.engine.BranchNameConflictException;
import dev.omnigraph.engine.BranchNotFoundException;
import dev.omnigraph.engine.CommitNotFoundException;
import dev.omnigraph.engine.GraphAlreadyExistsException;
import dev.omnigraph.engine.GraphNotFoundException;
import dev.omnigraph.engine.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status and envelope code each failure is answered with. */
class FailuresTest {
  static void answers(Throwable t, int status, ErrorCode code) {
    HttpFailure f = Failures.of(t);
    assertThat(f.status()).as("%s", t).isEqualTo(status);
    assertThat(f.body().code()).as("%s", t).isEqualTo(code);
    assertThat(f.body().error()).isNotBlank();
  }

  @Test
  void engineErrorsKeepTheirMessageAndGetUpstreamStatuses() {
    answers(new InvalidInputException("bad"), 400, ErrorCode.BAD_REQUEST);
    answers(new GraphNotFoundException("/g"), 404, ErrorCode.NOT_FOUND);
    answers(new BranchNotFoundException("/g", "b"), 404, ErrorCode.NOT_FOUND);
    answers(new CommitNotFoundException("/g", "c"), 404, ErrorCode.NOT_FOUND);
    answers(new GraphAlreadyExistsException("/g"), 409, ErrorCode.CONFLICT);
    answers(new BranchExistsException("/g", "b"), 409, ErrorCode.CONFLICT);
    answers(new BranchNameConflictException("/g", "a", "a/b", "a vs a/b"), 409, ErrorCode.CONFLICT);
    assertThat(Failures.of(new InvalidInputException("bad input")).body().error())
        .isEqualTo("bad input");
  }

  @Test
  void anythingElseIsAnInternalErrorAndAnHttpFailurePassesThrough() {
    answers(new IllegalStateException("boom"), 500, ErrorCode.INTERNAL);
    assertThat(Failures.of(new IllegalStateException("boom")).body().error())
        .isEqualTo("internal error: java.lang.IllegalStateException: boom");
    HttpFailure f =
        new HttpFailure(
            429,
            new dev.omnigraph.api.ErrorOutput("m", ErrorCode.TOO_MANY_REQUESTS),
            Map.of("Retry-After", "60"));
    assertThat(Failures.of(f)).isSameAs(f);
    assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.INTERNAL);
  }
}
