package io.metriccare.api.metrics;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The encounters behind one KPI of a hospital over a range of months (issue 6 drill-down).
 *
 * @param numerator   Σ of the encounters' numerators: the KPI's numerator over the same months
 * @param denominator Σ of the encounters' denominators
 * @param pending     readmission_30d: Σ of the stays whose 30-day window is not complete yet; 0 otherwise
 * @param encounters  what each encounter contributes to each month, ordered by month and encounter id
 */
record KpiLineage(String tenantId, String hospitalId, String measure, LocalDate from, LocalDate to,
                  long numerator, long denominator, long pending, List<Contribution> encounters) {

    /** @param ingestionId the submission the encounter's counted version came from */
    record Contribution(LocalDate periodStart, String encounterId, UUID ingestionId, long numerator, long denominator,
                        long pending) {
    }
}
