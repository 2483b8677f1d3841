package io.metriccare.ingest.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LakePropertiesTests {

    @Test
    void s3Location_isTheBucketAndThePrefix_withoutEmptySegments() {
        assertThat(s3("lake-bucket", "/metriccare/prod/").location()).isEqualTo("s3://lake-bucket/metriccare/prod");
    }

    @Test
    void s3Location_withoutPrefix_isTheBucket() {
        assertThat(s3("lake-bucket", "").location()).isEqualTo("s3://lake-bucket");
    }

    private static LakeProperties.S3 s3(String bucket, String prefix) {
        return new LakeProperties(Path.of("var/lake"), LakeProperties.Store.S3,
                new LakeProperties.S3(bucket, prefix, null, null, false, null)).s3();
    }
}
