package io.metriccare.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed openapi.yaml is the contract: it must be exactly what the running service serves. */
class OpenApiContractIntegrationTests extends ApiIntegrationTest {

    @Test
    void committedOpenApiYaml_equalsWhatTheServiceServes() throws IOException {
        String served = api.get("/v3/api-docs.yaml").body();
        Path committed = Path.of("..", "openapi.yaml");
        Path actual = Path.of("target", "openapi.served.yaml");
        Files.writeString(actual, served);
        assertThat(Files.readString(committed))
                .as("openapi.yaml differs from what the service serves; review and copy %s to openapi.yaml", actual.toAbsolutePath())
                .isEqualTo(served);
    }

    @Test
    void swaggerUi_isServed() {
        assertThat(api.get("/swagger-ui.html").statusCode()).isEqualTo(302);
        assertThat(api.get("/swagger-ui/index.html").body()).contains("Swagger UI");
    }
}
