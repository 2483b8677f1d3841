package io.metriccare.api;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a real port with its embedded PostgreSQL, a lake in a temp directory and the
 * local engine. Subclasses share one application context, hence one database and one lake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiIntegrationTest {

    @LocalServerPort
    private int port;

    protected ApiTestSupport api;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        ApiTestSupport.isolatedDirectories(registry);
    }

    @BeforeEach
    void connect() {
        api = new ApiTestSupport(port);
    }
}
