package io.metriccare.api.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.etl.EtlRunFinished;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunEventTests {

    private static final UUID RUN = UUID.fromString("0b5e6a8e-3f4c-4d7a-9c1e-2f0a6b7c8d9e");
    private static final Instant FINISHED = Instant.parse("2024-08-01T02:03:04Z");

    @Test
    void failedRun_givesEachTenantARunFailedEvent_withTheError_andNoRowCounts() {
        EtlRunFinished run = new EtlRunFinished(RUN, List.of("north", "south"), "failed", FINISHED,
                "Cannot run engine: exit code 1", Map.of());

        List<RunEvent> events = RunEvent.perTenant(run);

        assertThat(events).extracting(RunEvent::type).containsExactly("run.failed", "run.failed");
        assertThat(events).extracting(event -> event.data().tenantId()).containsExactly("north", "south");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.occurredAt()).isEqualTo(FINISHED);
            assertThat(event.data().runId()).isEqualTo(RUN);
            assertThat(event.data().status()).isEqualTo("failed");
            assertThat(event.data().error()).isEqualTo("Cannot run engine: exit code 1");
            assertThat(event.data().rowCounts()).isNull();
        });
    }

    @Test
    void eventId_isStablePerRunAndTenant_andDiffersBetweenTenants() {
        EtlRunFinished run = new EtlRunFinished(RUN, List.of("north", "south"), "succeeded", FINISHED, null,
                Map.of("north", Map.of("bronze/patient", 4L), "south", Map.of("bronze/patient", 6L)));

        List<RunEvent> first = RunEvent.perTenant(run);
        List<RunEvent> again = RunEvent.perTenant(run);

        assertThat(again).extracting(RunEvent::id).isEqualTo(first.stream().map(RunEvent::id).toList());
        assertThat(first.get(0).id()).isNotEqualTo(first.get(1).id());
        assertThat(first.get(0).data().rowCounts()).containsExactly(Map.entry("bronze/patient", 4L));
        assertThat(first.get(1).data().rowCounts()).containsExactly(Map.entry("bronze/patient", 6L));
    }
}
