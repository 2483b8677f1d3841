package io.metriccare.etl;

import static org.apache.spark.sql.functions.broadcast;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Filters a table by a set of keys the engine has materialised: the keys an incremental run derives
 * again, the encounters in its scope. Spark cannot tell such a set is small (it estimates from the
 * files it came from), so it would shuffle the whole table to join it; a set known to be small is
 * broadcast to the scan instead.
 */
public final class KeyJoins {

  /** Up to this many keys are broadcast: a few MB of ids, far below what a shuffle of the table costs. */
  public static final long MAX_BROADCAST_KEYS = 100_000;

  private KeyJoins() {}

  /**
   * The rows whose key columns equal those of some row of {@code keys}.
   *
   * @param keys materialised (a checkpoint, or a local relation): it is counted to choose the join
   */
  public static Dataset<Row> withKeysIn(Dataset<Row> rows, Dataset<Row> keys, String... keyColumns) {
    // Counted on the materialised rows: one job, where Dataset.count plans an aggregation and its shuffle.
    Dataset<Row> filter = keys.queryExecution().toRdd().count() <= MAX_BROADCAST_KEYS ? broadcast(keys) : keys;
    return rows.join(filter, JavaConverters.asScalaBuffer(List.of(keyColumns)).toSeq(), "left_semi");
  }
}
