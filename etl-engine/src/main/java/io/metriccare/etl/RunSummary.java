package io.metriccare.etl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's {@code summary.json}, written last and only on success.
 *
 * @param inputs number of raw files read
 * @param tables for every lake table (e.g. {@code bronze/patient}), in lake order, the committed row
 *     count per tenant; empty for a table no run has created yet
 * @param purged for a run that purges tenants, per lake table the rows each purged tenant had before
 *     its partition was deleted; empty otherwise
 */
public record RunSummary(String runId, int inputs, List<Stage> stages, Map<String, Map<String, Long>> tables,
    Map<String, Map<String, Long>> purged) {

  public record Stage(String name, long millis) {}

  public RunSummary {
    stages = List.copyOf(stages);
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    purged = Collections.unmodifiableMap(new LinkedHashMap<>(purged));
  }
}
