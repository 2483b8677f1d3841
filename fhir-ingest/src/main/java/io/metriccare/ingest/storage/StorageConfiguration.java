package io.metriccare.ingest.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LakeProperties.class)
class StorageConfiguration {

    /** The raw zone's store that {@code metriccare.lake.store} selects; an S3 store's client closes with the context. */
    @Bean
    ObjectStore objectStore(LakeProperties lake) {
        return switch (lake.store()) {
            case LOCAL -> new LocalDirectoryObjectStore(lake.root());
            case S3 -> new S3ObjectStore(S3ObjectStore.clientBuilder(lake.s3()).build(), lake.s3());
        };
    }
}
