package io.metriccare.api.tenants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.metriccare.api.etl.EtlProperties;
import io.metriccare.api.metrics.MetricsProperties;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.settings.KpiValueSets;
import io.metriccare.tenancy.settings.TenantSettings;
import io.metriccare.tenancy.settings.TenantSettingsRepository;
import io.metriccare.tenancy.settings.ValidationPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A tenant's settings: how its submissions are validated, its suppression threshold, its ETL schedule and its KPI value sets. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/settings")
@Tag(name = "Tenants")
class TenantSettingsController {

    @Schema(description = "The settings to have; a field left out (or null) takes the platform default")
    record SettingsRequest(
            @Schema(description = "reject-bundle (default): any invalid entry rejects the submission; "
                    + "accept-valid-entries: invalid entries are left out and reported", allowableValues = {"reject-bundle", "accept-valid-entries"})
            String validationPolicy,
            @Schema(description = "validate accepted submissions with HAPI's instance validator, in the background (default false)")
            Boolean instanceValidation,
            @Schema(description = "KPI-SPEC §6: values whose denominator is below it are suppressed; at least 1", minimum = "1")
            Integer suppressionThreshold,
            @Schema(description = "Spring cron expression, six fields with seconds first, e.g. '0 */15 * * * *'")
            String etlSchedule,
            @Schema(implementation = KpiValueSets.class, description = "KPI value sets that replace the platform's list of the "
                    + "same name whole; lists left out keep the platform default. Codes are strings; dispositions and deathCodes "
                    + "are system|code (dispositions: the HL7 discharge-disposition or NUBC patient-discharge system); haiCodes "
                    + "entries are {system, code, type, labIdentified?, prefix?}")
            JsonNode valueSets) {

        /** The settings this request asks for; {@code InvalidTenantSettingsException} when they are not allowed. */
        TenantSettings toSettings(TenantId tenant) {
            return new TenantSettings(tenant, validationPolicy == null ? ValidationPolicy.REJECT_BUNDLE : ValidationPolicy.of(validationPolicy),
                    Boolean.TRUE.equals(instanceValidation), suppressionThreshold, etlSchedule, KpiValueSets.read(valueSets), null);
        }
    }

    @Schema(description = "The settings in effect for the tenant")
    record SettingsView(String tenantId, String validationPolicy, boolean instanceValidation, int suppressionThreshold,
                        String etlSchedule,
                        @Schema(description = "Every KPI value set as the tenant's KPIs are computed: its own lists, the platform's "
                                + "for the rest (named valueSets.<list> in platformDefaults)")
                        KpiValueSets valueSets,
                        @Schema(description = "The settings that have the platform's default value")
                        List<String> platformDefaults,
                        @Schema(description = "When the tenant last changed its settings; absent while it never has")
                        Instant updatedAt) {

        static SettingsView of(TenantSettings settings, int defaultThreshold, String defaultSchedule) {
            List<String> defaults = new ArrayList<>();
            if (settings.validationPolicy() == ValidationPolicy.REJECT_BUNDLE) {
                defaults.add("validationPolicy");
            }
            if (!settings.instanceValidation()) {
                defaults.add("instanceValidation");
            }
            if (settings.suppressionThreshold() == null) {
                defaults.add("suppressionThreshold");
            }
            if (settings.etlSchedule() == null) {
                defaults.add("etlSchedule");
            }
            settings.valueSets().unset().forEach(list -> defaults.add("valueSets." + list));
            return new SettingsView(settings.tenantId().value(), settings.validationPolicy().code(), settings.instanceValidation(),
                    settings.suppressionThresholdOr(defaultThreshold), settings.etlScheduleOr(defaultSchedule),
                    settings.valueSetsInEffect(), defaults, settings.updatedAt());
        }
    }

    private final TenantRegistry tenants;
    private final TenantSettingsRepository settings;
    private final MetricsProperties metrics;
    private final EtlProperties etl;

    TenantSettingsController(TenantRegistry tenants, TenantSettingsRepository settings, MetricsProperties metrics, EtlProperties etl) {
        this.tenants = tenants;
        this.settings = settings;
        this.metrics = metrics;
        this.etl = etl;
    }

    @Operation(summary = "Get a tenant's settings in effect, and which of them are platform defaults")
    @GetMapping
    SettingsView getSettings(@PathVariable String tenantId) {
        return view(settings.find(existing(tenantId)));
    }

    @Operation(summary = "Replace a tenant's settings",
            description = "Fields left out take the platform default. Invalid settings answer 400 and change nothing.")
    @PutMapping
    SettingsView replaceSettings(@PathVariable String tenantId, @RequestBody SettingsRequest request) {
        TenantId tenant = existing(tenantId);
        return view(settings.save(request.toSettings(tenant)));
    }

    private SettingsView view(TenantSettings tenantSettings) {
        return SettingsView.of(tenantSettings, metrics.suppressionThreshold(), etl.schedule());
    }

    /** Settings stay reachable while a tenant is suspended: its admins may fix them before it is reactivated. */
    private TenantId existing(String tenantId) {
        return tenants.require(new TenantId(tenantId)).id();
    }
}
