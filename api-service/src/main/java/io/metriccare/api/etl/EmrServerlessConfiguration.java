package io.metriccare.api.etl;

import java.time.Clock;

import io.metriccare.ingest.storage.LakeProperties;
import io.metriccare.ingest.storage.S3ObjectStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code metriccare.etl.engine=emr-serverless}: the EMR Serverless engine and its AWS clients, which close with the context. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "metriccare.etl.engine", havingValue = "emr-serverless")
class EmrServerlessConfiguration {

    @Bean
    EmrServerlessClient emrServerlessClient(EmrServerlessProperties settings) {
        return clientBuilder(settings).build();
    }

    /** Run files travel through the same S3 endpoint, region and encryption as the raw zone. */
    @Bean
    S3Client runFilesS3Client(LakeProperties lake) {
        return S3ObjectStore.clientBuilder(lake.s3()).build();
    }

    @Bean
    EmrServerlessEtlEngine emrServerlessEtlEngine(EmrServerlessClient emr, S3Client runFilesS3Client,
                                                  EmrServerlessProperties settings, LakeProperties lake, Clock clock) {
        return new EmrServerlessEtlEngine(emr, new S3RunFiles(runFilesS3Client, lake.s3().kmsKeyId()), settings,
                lakeRoot(settings, lake), clock);
    }

    /** A client for the settings' region and endpoint, on the Apache HTTP client, with the SDK's default credentials chain. */
    static EmrServerlessClientBuilder clientBuilder(EmrServerlessProperties settings) {
        EmrServerlessClientBuilder builder = EmrServerlessClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    /**
     * The lake the job reads and writes: the S3 raw zone's bucket and prefix unless set explicitly. EMR
     * Serverless cannot read a local lake, so the raw zone must be on S3 either way.
     */
    static String lakeRoot(EmrServerlessProperties settings, LakeProperties lake) {
        if (lake.store() != LakeProperties.Store.S3) {
            throw new IllegalStateException("Cannot configure the EMR Serverless engine: the raw zone must be on S3 "
                    + "(metriccare.lake.store=s3), EMR Serverless cannot read a local lake (" + lake.store() + ")");
        }
        return settings.lakeRoot() != null ? settings.lakeRoot() : lake.s3().location();
    }
}
