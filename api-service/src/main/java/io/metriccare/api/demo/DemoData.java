package io.metriccare.api.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import io.metriccare.api.etl.EtlRuns;
import io.metriccare.ingest.bundle.BundleIntake;
import io.metriccare.ingest.bundle.SubmissionKind;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Loads two demo tenants on first start (profile {@code demo}) and runs the ETL once, so the
 * metrics API has numbers to show: {@code demo-north} holds the KPI-SPEC §7 worked fixture,
 * {@code demo-south} a generated population of two hospitals.
 */
@Component
@ConditionalOnBooleanProperty("metriccare.demo.enabled")
class DemoData {

    static final TenantId NORTH = new TenantId("demo-north");
    static final TenantId SOUTH = new TenantId("demo-south");
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final TenantRegistry tenants;
    private final BundleIntake intake;
    private final EtlRuns runs;
    private final FhirContext fhirContext;
    private final DatabaseTenantScope databaseScope;

    DemoData(TenantRegistry tenants, BundleIntake intake, EtlRuns runs, FhirContext fhirContext, DatabaseTenantScope databaseScope) {
        this.tenants = tenants;
        this.intake = intake;
        this.runs = runs;
        this.fhirContext = fhirContext;
        this.databaseScope = databaseScope;
    }

    /** In platform scope: it creates tenants and writes for two of them. */
    @EventListener(ApplicationReadyEvent.class)
    void load() {
        databaseScope.runAsPlatform(this::loadOnce);
    }

    private void loadOnce() {
        if (tenants.find(NORTH).isPresent()) {
            log.info("Demo tenants already loaded");
            return;
        }
        tenants.create(NORTH, "Harbor Health (demo: KPI-SPEC worked fixture)");
        intake.accept(NORTH.value(), fixture(), SubmissionKind.TRANSACTION);

        tenants.create(SOUTH, "Lone Star Care (demo: generated population)");
        var population = new DemoPopulation(20240101L, 2024);
        List<Bundle> bundles = population.bundles(List.of(
                DemoPopulation.hospital("riverside", "Riverside Medical Center", "450001", "TX"),
                DemoPopulation.hospital("lakeside", "Lakeside Community Hospital", "450002", "TX")), 600, 100);
        for (Bundle bundle : bundles) {
            intake.accept(SOUTH.value(), fhirContext.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8),
                    SubmissionKind.TRANSACTION);
        }
        var run = runs.start(List.of(), Map.of(NORTH.value(), LocalDate.parse("2024-07-31")));
        log.info("Demo data loaded for tenants {} and {}; ETL run {} queued (GET /api/v1/etl/runs/{})",
                NORTH, SOUTH, run.runId(), run.runId());
    }

    private static byte[] fixture() {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
