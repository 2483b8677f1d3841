package io.metriccare.api.etl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a tenant's next automatic run is due. Only a tenant with unprocessed submissions gets one:
 * on new data, once its newest submission has been quiet for the debounce (a burst of bundles makes
 * one run, not one each); on its schedule, once the schedule has fired since the tenant's last
 * automatic run, even while submissions keep arriving.
 *
 * @param schedule  the tenant's ETL schedule (Spring cron, evaluated in UTC)
 * @param onNewData whether new data triggers a run at all
 */
record TriggerRule(CronExpression schedule, boolean onNewData, Duration debounce) {

    /** Why a run is due now, if it is. */
    Optional<String> due(Instant lastTriggered, Instant newestUnprocessed, Instant now) {
        if (newestUnprocessed == null) {
            return Optional.empty();
        }
        if (onNewData && !newestUnprocessed.plus(debounce).isAfter(now)) {
            return Optional.of("new data, quiet for " + debounce);
        }
        ZonedDateTime next = schedule.next(lastTriggered.atZone(ZoneOffset.UTC));
        if (next != null && !next.toInstant().isAfter(now)) {
            return Optional.of("schedule " + schedule);
        }
        return Optional.empty();
    }
}
