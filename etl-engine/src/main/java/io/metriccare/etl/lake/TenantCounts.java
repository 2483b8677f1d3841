package io.metriccare.etl.lake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's rows in a table's latest snapshot.
 *
 * @param rows the tenant's rows
 * @param nulls per counted column, the rows where it is null
 */
public record TenantCounts(long rows, Map<String, Long> nulls) {

  public TenantCounts {
    nulls = Map.copyOf(nulls);
  }

  /** The nulls of a counted column. */
  public long nullsOf(String column) {
    Long count = nulls.get(column);
    if (count == null) {
      throw new IllegalArgumentException("Cannot read null count: column was not counted (" + column + ")");
    }
    return count;
  }

  static TenantCounts none(List<String> columns) {
    Map<String, Long> nulls = new HashMap<>();
    columns.forEach(column -> nulls.put(column, 0L));
    return new TenantCounts(0, nulls);
  }

  TenantCounts plus(TenantCounts other) {
    Map<String, Long> sum = new HashMap<>(nulls);
    other.nulls.forEach((column, count) -> sum.merge(column, count, Long::sum));
    return new TenantCounts(rows + other.rows, sum);
  }
}
