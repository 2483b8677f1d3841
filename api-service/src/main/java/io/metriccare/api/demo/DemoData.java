package io.metriccare.api.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.metriccare.api.etl.EtlRuns;
import io.metriccare.generator.GeneratorMain;
import io.metriccare.generator.GeneratorSettings;
import io.metriccare.ingest.bundle.BundleIntake;
import io.metriccare.ingest.bundle.SubmissionKind;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.database.DatabaseTenantScope;
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
 * {@code demo-south} a population from the synthetic data generator (two hospitals, 2024).
 */
@Component
@ConditionalOnBooleanProperty("metriccare.demo.enabled")
class DemoData {

    static final TenantId NORTH = new TenantId("demo-north");
    static final TenantId SOUTH = new TenantId("demo-south");
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final long SEED = 20240101L;
    private static final int PATIENTS = 600;

    private final TenantRegistry tenants;
    private final BundleIntake intake;
    private final EtlRuns runs;
    private final DatabaseTenantScope databaseScope;

    DemoData(TenantRegistry tenants, BundleIntake intake, EtlRuns runs, DatabaseTenantScope databaseScope) {
        this.tenants = tenants;
        this.intake = intake;
        this.runs = runs;
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
        for (byte[] bundle : generatedBundles()) {
            intake.accept(SOUTH.value(), bundle, SubmissionKind.TRANSACTION);
        }
        var run = runs.start(List.of(), Map.of(NORTH.value(), LocalDate.parse("2024-07-31")));
        log.info("Demo data loaded for tenants {} and {}; ETL run {} queued (GET /api/v1/etl/runs/{})",
                NORTH, SOUTH, run.runId(), run.runId());
    }

    /** The generator's transaction bundles for one tenant of two hospitals, read back from a scratch directory. */
    private static List<byte[]> generatedBundles() {
        try {
            return generatedBundles(Files.createTempDirectory("metriccare-demo-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot generate demo data: " + e.getMessage(), e);
        }
    }

    private static List<byte[]> generatedBundles(Path scratch) throws IOException {
        try {
            GeneratorMain.generate(new GeneratorSettings(scratch, 1, 2, PATIENTS,
                    LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), SEED, 100, "demo-"));
            try (Stream<Path> files = Files.walk(scratch.resolve("raw"))) {
                return files.filter(Files::isRegularFile).sorted().map(DemoData::read).toList();
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fixture() {
        try (InputStream in = new ClassPathResource("demo/kpi-spec-section7-h1.json").getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
