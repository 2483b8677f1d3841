package io.metriccare.api;

import io.metriccare.api.security.SecurityProperties;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a real port with its embedded PostgreSQL, a lake in a temp directory, the
 * local engine and the local authorization server. Subclasses share one application context, hence one
 * database and one lake. {@link #api} calls as a platform admin; {@code api.as(role, tenant)} as anyone else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class ApiIntegrationTest {

    @LocalServerPort
    private int port;

    @Autowired
    private JwtEncoder jwtEncoder;

    @Autowired
    private SecurityProperties securityProperties;

    protected ApiTestSupport api;

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        ApiTestSupport.isolatedDirectories(registry);
    }

    @BeforeEach
    void connect() {
        api = new ApiTestSupport(port, new TestTokens(jwtEncoder, securityProperties));
    }
}
