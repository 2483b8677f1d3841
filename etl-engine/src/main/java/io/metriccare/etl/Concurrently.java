package io.metriccare.etl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs independent pieces of a stage side by side on one Spark session: derivations and commits that
 * touch different tables. An incremental run is hundreds of small Spark jobs and a dozen Hudi commits;
 * one at a time, the cores idle while the driver plans a query or writes a commit's metadata, and a
 * job of one task leaves the other core idle.
 *
 * <p>Each piece runs on a thread of its own, started by the caller's thread so that it inherits the
 * caller's active Spark session and local properties. Every piece runs to its end; the first failure,
 * in the order given, is rethrown after all have ended.
 */
public final class Concurrently {

  private Concurrently() {}

  /** @return the pieces' results, in their order */
  public static <T> List<T> get(List<Supplier<T>> pieces) {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(pieces.size(), work -> {
      Thread thread = new Thread(work, "etl-piece-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<T>> futures = pieces.stream().map(piece -> threads.submit(piece::get)).toList();
      List<T> results = new ArrayList<>();
      Throwable failure = null;
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for a stage's pieces", e);
        }
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  /** Each plan as a local checkpoint, the plans computed side by side; in their order. */
  @SafeVarargs
  public static List<Dataset<Row>> materialise(Dataset<Row>... plans) {
    return get(Arrays.stream(plans).<Supplier<Dataset<Row>>>map(plan -> plan::localCheckpoint).toList());
  }

  public static void run(Runnable... pieces) {
    get(Arrays.stream(pieces).<Supplier<Object>>map(piece -> () -> {
      piece.run();
      return null;
    }).toList());
  }
}
