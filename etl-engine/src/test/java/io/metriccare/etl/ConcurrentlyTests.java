package io.metriccare.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConcurrentlyTests {

  @Test
  void piecesRunAtOnceAndResultsKeepTheirOrder() {
    CountDownLatch secondStarted = new CountDownLatch(1);
    List<Supplier<String>> pieces = List.of(
        // Ends only once the second piece has started: run one after the other, this would wait in vain.
        () -> await(secondStarted) ? "first" : "first, alone",
        () -> {
          secondStarted.countDown();
          return "second";
        });

    assertThat(Concurrently.get(pieces)).containsExactly("first", "second");
  }

  @Test
  void aFailureIsRethrownOnceEveryPieceHasEnded() {
    CountDownLatch failed = new CountDownLatch(1);
    AtomicBoolean slowPieceEnded = new AtomicBoolean();

    assertThatThrownBy(() -> Concurrently.run(
            () -> {
              failed.countDown();
              throw new IllegalStateException("Cannot commit table: disk full");
            },
            () -> {
              // Still working well after the failure: a caller that stopped waiting at it would not see this end.
              await(failed);
              sleep(200);
              slowPieceEnded.set(true);
            },
            () -> {
              throw new IllegalArgumentException("a later failure");
            }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot commit table: disk full");
    assertThat(slowPieceEnded).isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
