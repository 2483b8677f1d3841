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
 */
public record RunSummary(String runId, int inputs, List<Stage> stages, Map<String, Map<String, Long>> tables) {

  public record Stage(String name, long millis) {}

  public RunSummary {
    stages = List.copyOf(stages);
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }
}
