package io.metriccare.ingest.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LakeProperties.class)
class StorageConfiguration {

    @Bean
    ObjectStore objectStore(LakeProperties lake) {
        return new LocalDirectoryObjectStore(lake.root());
    }
}
