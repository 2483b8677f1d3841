package io.metriccare.api.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress read from engine logs in the shape etl-engine's log4j2 layout writes them. */
class RunProgressTests {

    private static final String STARTED =
            "2026-11-22T04:53:32.309 INFO  [main] i.m.e.EtlMain - Run 371e8c50-8a68-4da6-a53c-9f3e4f322c76: 12 inputs, tenants [north], profile local";

    @TempDir
    Path dir;

    @Test
    void beforeTheEngineStartsItsStages_thereIsNoProgress() throws IOException {
        Path log = Files.writeString(dir.resolve("engine.log"), "WARNING: Using incubator modules: jdk.incubator.vector\n");

        assertThat(RunProgress.fromEngineLog(log)).isEmpty();
    }

    @Test
    void withoutALog_thereIsNoProgress() {
        assertThat(RunProgress.fromEngineLog(dir.resolve("engine.log"))).isEmpty();
    }

    @Test
    void anEngineLogOfJobRunStates_hasNoProgress() throws IOException {
        Path log = Files.writeString(dir.resolve("engine.log"), """
                2026-11-22T04:53:32Z EMR Serverless job run jr-1 started on application app; Spark logs under s3://logs/applications/app/jobs/jr-1/
                2026-11-22T04:53:33Z EMR Serverless job run jr-1: RUNNING
                """);

        assertThat(RunProgress.fromEngineLog(log)).isEmpty();
    }

    @Test
    void onceStarted_theStageIsBronze_atZero() throws IOException {
        Path log = Files.writeString(dir.resolve("engine.log"), STARTED + "\n"
                + "2026-11-22T04:54:07.016 INFO  [main] i.m.e.l.Lake - Committed bronze/patient (upsert) in 10638 ms\n");

        assertThat(RunProgress.fromEngineLog(log)).contains(new RunProgress("bronze", 0));
    }

    @Test
    void afterBronzeAndSilver_theStageIsGold_atHalf() throws IOException {
        Path log = Files.writeString(dir.resolve("engine.log"), STARTED + """

                2026-11-22T04:54:32.689 INFO  [main] i.m.e.EtlMain - Stage bronze took 60376 ms
                2026-11-22T04:54:33.100 WARN  [main] o.a.h.c.HoodieSparkSqlWriter - a warning in between
                2026-11-22T04:54:45.544 INFO  [main] i.m.e.EtlMain - Stage silver took 12853 ms
                """);

        assertThat(RunProgress.fromEngineLog(log)).contains(new RunProgress("gold", 50));
    }

    @Test
    void afterAllFourStages_theRunIsPublishing_atHundred() throws IOException {
        Path log = Files.writeString(dir.resolve("engine.log"), STARTED + """

                2026-11-22T04:54:32.689 INFO  [main] i.m.e.EtlMain - Stage bronze took 60376 ms
                2026-11-22T04:54:45.544 INFO  [main] i.m.e.EtlMain - Stage silver took 12853 ms
                2026-11-22T04:54:59.279 INFO  [main] i.m.e.EtlMain - Stage gold took 13734 ms
                2026-11-22T04:55:03.001 INFO  [main] i.m.e.EtlMain - Stage quality took 3722 ms
                """);

        assertThat(RunProgress.fromEngineLog(log)).contains(new RunProgress("publish", 100));
    }
}
