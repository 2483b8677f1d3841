package io.metriccare.api.etl;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerRuleTests {

    private static final CronExpression EVERY_15_MINUTES = CronExpression.parse("0 */15 * * * *");
    private static final Instant LAST_RUN = Instant.parse("2024-08-01T10:00:00Z");

    @Test
    void nothingUnprocessed_isNeverDue() {
        TriggerRule rule = new TriggerRule(EVERY_15_MINUTES, true, Duration.ofMinutes(2));

        assertThat(rule.due(LAST_RUN, null, Instant.parse("2024-08-02T00:00:00Z"))).isEmpty();
    }

    @Test
    void newData_isDueOnceQuietForTheDebounce() {
        TriggerRule rule = new TriggerRule(EVERY_15_MINUTES, true, Duration.ofMinutes(2));
        Instant newest = Instant.parse("2024-08-01T10:03:00Z");

        assertThat(rule.due(LAST_RUN, newest, Instant.parse("2024-08-01T10:04:59Z"))).isEmpty();
        assertThat(rule.due(LAST_RUN, newest, Instant.parse("2024-08-01T10:05:00Z"))).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("new data"));
    }

    @Test
    void dataArrivingWithoutPause_waitsForTheSchedule() {
        TriggerRule rule = new TriggerRule(EVERY_15_MINUTES, true, Duration.ofMinutes(2));

        assertThat(rule.due(LAST_RUN, Instant.parse("2024-08-01T10:14:30Z"), Instant.parse("2024-08-01T10:14:59Z"))).isEmpty();
        assertThat(rule.due(LAST_RUN, Instant.parse("2024-08-01T10:14:59Z"), Instant.parse("2024-08-01T10:15:00Z")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("schedule"));
    }

    @Test
    void withoutOnNewData_onlyTheScheduleTriggers() {
        TriggerRule rule = new TriggerRule(CronExpression.parse("0 0 2 * * *"), false, Duration.ofMinutes(2));
        Instant newest = Instant.parse("2024-08-01T10:03:00Z");

        assertThat(rule.due(LAST_RUN, newest, Instant.parse("2024-08-02T01:59:59Z"))).isEmpty();
        assertThat(rule.due(LAST_RUN, newest, Instant.parse("2024-08-02T02:00:00Z"))).isPresent();
    }
}
