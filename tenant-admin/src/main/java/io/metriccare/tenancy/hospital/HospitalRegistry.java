package io.metriccare.tenancy.hospital;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hospitals per tenant, registered on first sight of their Organization and kept current. */
@Repository
public class HospitalRegistry {

    private final JdbcClient jdbc;

    public HospitalRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers the hospital or refreshes what its Organization says; attributes a tenant admin
     * sets (time zone, beds) are left as they are.
     */
    public void register(Hospital hospital) {
        jdbc.sql("""
                INSERT INTO hospital (tenant_id, hospital_id, name, ccn, state) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, hospital_id) DO UPDATE
                SET name = EXCLUDED.name,
                    ccn = COALESCE(EXCLUDED.ccn, hospital.ccn),
                    state = COALESCE(EXCLUDED.state, hospital.state)
                """)
                .params(hospital.tenantId(), hospital.hospitalId(), hospital.name(), hospital.ccn(), hospital.state())
                .update();
    }

    public Optional<Hospital> find(String tenantId, String hospitalId) {
        return jdbc.sql("SELECT * FROM hospital WHERE tenant_id = ? AND hospital_id = ?")
                .params(tenantId, hospitalId)
                .query(HospitalRegistry::hospital)
                .optional();
    }

    public List<Hospital> list(String tenantId) {
        return jdbc.sql("SELECT * FROM hospital WHERE tenant_id = ? ORDER BY hospital_id")
                .param(tenantId)
                .query(HospitalRegistry::hospital)
                .list();
    }

    private static Hospital hospital(ResultSet rs, int row) throws SQLException {
        return new Hospital(rs.getString("tenant_id"), rs.getString("hospital_id"), rs.getString("name"),
                rs.getString("ccn"), rs.getString("state"), rs.getString("time_zone"));
    }
}
