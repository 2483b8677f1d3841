package io.metriccare.api;

import java.time.Clock;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

// The local profile configures its authorization server itself; Boot's would add a JwtDecoder over a
// random key in every profile, where an external identity provider issues the tokens.
@SpringBootApplication(scanBasePackages = "io.metriccare",
        exclude = {OAuth2AuthorizationServerAutoConfiguration.class, OAuth2AuthorizationServerJwtAutoConfiguration.class})
@ConfigurationPropertiesScan("io.metriccare")
@OpenAPIDefinition(
        info = @Info(title = "MetricCare API", version = "v1",
                description = "FHIR R4 ingestion, lakehouse ETL runs and CMS quality KPIs per hospital."),
        servers = @Server(url = "/", description = "This MetricCare service"))
public class MetricCareApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetricCareApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
