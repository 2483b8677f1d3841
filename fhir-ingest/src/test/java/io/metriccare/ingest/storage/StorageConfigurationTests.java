package io.metriccare.ingest.storage;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class StorageConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(StorageConfiguration.class);

    @Test
    void objectStore_isTheLocalDirectory_byDefault(@TempDir Path root) {
        context.withPropertyValues("metriccare.lake.root=" + root).run(started -> {
            assertThat(started).getBean(ObjectStore.class).isInstanceOfSatisfying(LocalDirectoryObjectStore.class,
                    store -> assertThat(store.root()).isEqualTo(root.toAbsolutePath().normalize()));
            assertThat(started.getBean(LakeProperties.class).store()).isEqualTo(LakeProperties.Store.LOCAL);
        });
    }

    @Test
    void objectStore_isS3_whenTheStoreIsS3() {
        context.withPropertyValues(
                        "metriccare.lake.root=var/lake",
                        "metriccare.lake.store=s3",
                        "metriccare.lake.s3.bucket=metriccare-lake",
                        "metriccare.lake.s3.prefix=prod",
                        "metriccare.lake.s3.region=eu-west-1",
                        "metriccare.lake.s3.endpoint=http://localhost:9090",
                        "metriccare.lake.s3.path-style=true",
                        "metriccare.lake.s3.kms-key-id=raw-zone-key")
                .run(started -> {
                    assertThat(started).getBean(ObjectStore.class).isInstanceOf(S3ObjectStore.class);
                    LakeProperties lake = started.getBean(LakeProperties.class);
                    assertThat(lake.root()).isEqualTo(Path.of("var/lake"));
                    assertThat(lake.s3()).isEqualTo(new LakeProperties.S3("metriccare-lake", "prod", "eu-west-1",
                            URI.create("http://localhost:9090"), true, "raw-zone-key"));
                });
    }

    @Test
    void s3Settings_areOptional_exceptTheBucket() {
        context.withPropertyValues(
                        "metriccare.lake.root=var/lake",
                        "metriccare.lake.store=s3",
                        "metriccare.lake.s3.bucket=metriccare-lake",
                        "metriccare.lake.s3.region=eu-west-1")
                .run(started -> assertThat(started.getBean(LakeProperties.class).s3())
                        .isEqualTo(new LakeProperties.S3("metriccare-lake", "", "eu-west-1", null, false, null)));
    }

    @Test
    void startup_fails_whenTheStoreIsS3WithoutABucket() {
        context.withPropertyValues("metriccare.lake.root=var/lake", "metriccare.lake.store=s3")
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Cannot configure the lake: metriccare.lake.s3.bucket is required when metriccare.lake.store is s3"));
    }
}
