package io.metriccare.api.metrics;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.hospital.Hospital;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a hospital's published HAI events per code and adds them up per period and over the range. */
@Component
class HaiEventsByCodeQuery {

    private record Count(LocalDate periodStart, String codeSystem, String code, long events) {

        String coding() {
            return codeSystem + "|" + code;
        }
    }

    private final JdbcClient jdbc;

    HaiEventsByCodeQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    HaiEventsByCode query(TenantId tenant, Hospital hospital, LocalDate from, LocalDate to, Grain grain) {
        List<Count> counts = jdbc.sql("""
                        SELECT period_start, code_system, code, events FROM hai_event_count
                        WHERE tenant_id = ? AND hospital_id = ? AND period_grain = ? AND period_start BETWEEN ? AND ?
                        ORDER BY period_start, code_system, code
                        """)
                .params(tenant.value(), hospital.hospitalId(), grain.code(), Date.valueOf(grain.startOf(from)), Date.valueOf(to))
                .query((rs, row) -> new Count(rs.getDate("period_start").toLocalDate(), rs.getString("code_system"),
                        rs.getString("code"), rs.getLong("events")))
                .list();

        Map<LocalDate, List<HaiEventsByCode.CodeEvents>> byPeriod = new TreeMap<>();
        Map<String, HaiEventsByCode.CodeEvents> total = new TreeMap<>();
        for (Count count : counts) {
            HaiEventsByCode.CodeEvents events = new HaiEventsByCode.CodeEvents(count.codeSystem(), count.code(), count.events());
            byPeriod.computeIfAbsent(count.periodStart(), p -> new ArrayList<>()).add(events);
            total.merge(count.coding(), events, (a, b) -> new HaiEventsByCode.CodeEvents(a.codeSystem(), a.code(), a.events() + b.events()));
        }
        List<HaiEventsByCode.PeriodEvents> periods = new ArrayList<>();
        byPeriod.forEach((start, codes) -> periods.add(new HaiEventsByCode.PeriodEvents(start, grain.endOf(start), codes)));
        return new HaiEventsByCode(tenant.value(), hospital.hospitalId(), from, to, grain.code(), List.copyOf(total.values()), periods);
    }
}
