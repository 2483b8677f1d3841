package io.metriccare.etl;

import java.util.List;
import java.util.Map;

/**
 * The run's {@code summary.json}, written last and only on success.
 *
 * @param inputs number of raw files read
 * @param tables per lake table (e.g. {@code bronze/patient}) the committed row count per tenant
 */
public record RunSummary(String runId, int inputs, List<Stage> stages, Map<String, Map<String, Long>> tables) {

  public record Stage(String name, long millis) {}

  public RunSummary {
    stages = List.copyOf(stages);
    tables = Map.copyOf(tables);
  }
}
