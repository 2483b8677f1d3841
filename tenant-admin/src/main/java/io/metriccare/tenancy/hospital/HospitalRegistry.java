package io.metriccare.tenancy.hospital;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.metriccare.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Hospitals per tenant, registered on first sight of their Organization and kept current by later
 * runs, except for the fields a tenant admin has edited: those belong to the admin from then on.
 */
@Repository
public class HospitalRegistry {

    private final JdbcClient jdbc;

    public HospitalRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the hospital or refreshes what its Organization says in the fields no admin has edited. */
    public void register(HospitalSighting hospital) {
        jdbc.sql("""
                INSERT INTO hospital (tenant_id, hospital_id, name, ccn, state) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, hospital_id) DO UPDATE
                SET name = CASE WHEN 'name' = ANY (hospital.edited_fields) THEN hospital.name ELSE EXCLUDED.name END,
                    ccn = CASE WHEN 'ccn' = ANY (hospital.edited_fields) THEN hospital.ccn
                               ELSE COALESCE(EXCLUDED.ccn, hospital.ccn) END,
                    state = CASE WHEN 'state' = ANY (hospital.edited_fields) THEN hospital.state
                                 ELSE COALESCE(EXCLUDED.state, hospital.state) END
                """)
                .params(hospital.tenantId(), hospital.hospitalId(), hospital.name(), hospital.ccn(), hospital.state())
                .update();
    }

    public Optional<Hospital> find(TenantId tenantId, HospitalId hospitalId) {
        return jdbc.sql("SELECT * FROM hospital WHERE tenant_id = ? AND hospital_id = ?")
                .params(tenantId.value(), hospitalId.value())
                .query(HospitalRegistry::hospital)
                .optional();
    }

    public List<Hospital> list(TenantId tenantId) {
        return jdbc.sql("SELECT * FROM hospital WHERE tenant_id = ? ORDER BY hospital_id")
                .param(tenantId.value())
                .query(HospitalRegistry::hospital)
                .list();
    }

    /** Applies the edit and marks its fields as edited; empty when the tenant has no such hospital. */
    public Optional<Hospital> edit(TenantId tenantId, HospitalId hospitalId, HospitalEdit edit) {
        return jdbc.sql("""
                UPDATE hospital
                SET name = COALESCE(CAST(? AS varchar), name),
                    ccn = COALESCE(CAST(? AS varchar), ccn),
                    state = COALESCE(CAST(? AS varchar), state),
                    time_zone = COALESCE(CAST(? AS varchar), time_zone),
                    staffed_beds = COALESCE(CAST(? AS integer), staffed_beds),
                    edited_fields = ARRAY(SELECT DISTINCT field FROM unnest(edited_fields || CAST(? AS varchar[])) AS field ORDER BY field),
                    edited_at = now()
                WHERE tenant_id = ? AND hospital_id = ?
                RETURNING *
                """)
                .params(edit.name(), edit.ccn(), edit.state(), edit.timeZone(), edit.staffedBeds(),
                        edit.fieldNames().toArray(String[]::new), tenantId.value(), hospitalId.value())
                .query(HospitalRegistry::hospital)
                .optional();
    }

    /** Per tenant, hospital id → IANA time zone: what an ETL run dates each hospital's stays by. */
    public Map<String, Map<String, String>> timeZones(Collection<String> tenantIds) {
        Map<String, Map<String, String>> zones = new TreeMap<>();
        jdbc.sql("SELECT tenant_id, hospital_id, time_zone FROM hospital WHERE tenant_id = ANY (?)")
                .param(tenantIds.toArray(String[]::new))
                .query(rs -> {
                    zones.computeIfAbsent(rs.getString("tenant_id"), tenant -> new TreeMap<>())
                            .put(rs.getString("hospital_id"), rs.getString("time_zone"));
                });
        return zones;
    }

    private static Hospital hospital(ResultSet rs, int row) throws SQLException {
        Timestamp editedAt = rs.getTimestamp("edited_at");
        return new Hospital(rs.getString("tenant_id"), rs.getString("hospital_id"), rs.getString("name"),
                rs.getString("ccn"), rs.getString("state"), rs.getString("time_zone"), (Integer) rs.getObject("staffed_beds"),
                rs.getTimestamp("first_seen_at").toInstant(), editedAt == null ? null : editedAt.toInstant(),
                strings(rs.getArray("edited_fields")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
