package dev.omnigraph.engine.maintain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which commits of each live branch keep their data through a cleanup: the newest {@code keep}
 * (counting the head), those created within {@code olderThan} of now, or, with both set, every
 * commit either keeps (a commit goes only when it is older than both); the head always stays. Files
 * no kept commit needs are deleted only once older than {@code grace}, which must exceed the
 * longest write, since a write's files exist before its commit names them.
 */
public record RetentionPolicy(OptionalInt keep, Optional<Duration> olderThan, Duration grace) {
  /** The grace period unless set: far longer than any write attempt takes. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  /**
   * @throws InvalidRetentionPolicyException if neither {@code keep} nor {@code olderThan} is set,
   *     {@code keep} is below 1, or a duration is negative
   */
  public RetentionPolicy {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(olderThan, "olderThan");
    Objects.requireNonNull(grace, "grace");
    if (keep.isEmpty() && olderThan.isEmpty()) {
      throw new InvalidRetentionPolicyException(
          "cleanup needs a retention policy: keep N (the newest N commits of each branch),"
              + " older-than D (commits created within D), or both; nothing was deleted");
    }
    if (keep.isPresent() && keep.getAsInt() < 1) {
      throw new InvalidRetentionPolicyException(
          "cleanup keep must be at least 1 (a branch's newest commit is always kept), got "
              + keep.getAsInt());
    }
    if (olderThan.isPresent() && olderThan.get().isNegative()) {
      throw new InvalidRetentionPolicyException(
          "cleanup older-than must not be negative, got " + olderThan.get());
    }
    if (grace.isNegative()) {
      throw new InvalidRetentionPolicyException(
          "cleanup grace period must not be negative, got " + grace);
    }
  }

  /** Keep, older-than, or both, with the default grace period. */
  public static RetentionPolicy of(OptionalInt keep, Optional<Duration> olderThan) {
    return new RetentionPolicy(keep, olderThan, DEFAULT_GRACE);
  }

  /** The newest {@code n} commits of each live branch. */
  public static RetentionPolicy keep(int n) {
    return of(OptionalInt.of(n), Optional.empty());
  }

  /** The commits of each live branch created within {@code age} of now, and every head. */
  public static RetentionPolicy olderThan(Duration age) {
    return of(OptionalInt.empty(), Optional.of(age));
  }

  /**
   * This policy with another grace period. Zero is for tests and offline graphs only: a file a
   * concurrent write made but has not yet committed would be deleted.
   */
  public RetentionPolicy withGrace(Duration grace) {
    return new RetentionPolicy(keep, olderThan, grace);
  }

  /**
   * Whether the commit {@code newer} positions below its branch's head (the head is 0), created at
   * {@code createdAt}, keeps its data at {@code now}.
   */
  boolean retains(int newer, Instant createdAt, Instant now) {
    if (newer == 0) {
      return true;
    }
    boolean byCount = keep.isPresent() && newer < keep.getAsInt();
    boolean byAge = olderThan.isPresent() && !createdAt.isBefore(now.minus(olderThan.get()));
    return byCount || byAge;
  }
}
