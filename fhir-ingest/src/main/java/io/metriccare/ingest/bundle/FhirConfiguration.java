package io.metriccare.ingest.bundle;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    /** One R4 context per JVM: building it scans the whole model, and it is thread-safe once built. */
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }
}
