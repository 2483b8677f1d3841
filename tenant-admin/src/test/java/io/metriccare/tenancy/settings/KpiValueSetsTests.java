package io.metriccare.tenancy.settings;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class KpiValueSetsTests {

    private static final JsonMapper JSON = JsonMapper.shared();

    @Test
    void written_namesOnlyTheListsSet_andReadsBackEqual() {
        KpiValueSets valueSets = KpiValueSets.read(JSON.readTree("""
                {"inpatientClasses": ["IMP", "EMER"], "deathCodes": null,
                 "haiCodes": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "A04.7", "type": "cdi", "prefix": true}]}"""));

        JsonNode written = JSON.readTree(JSON.writeValueAsString(valueSets));

        assertThat(written).isEqualTo(JSON.readTree("""
                {"inpatientClasses": ["IMP", "EMER"],
                 "haiCodes": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "A04.7", "type": "cdi",
                               "labIdentified": false, "prefix": true}]}"""));
        assertThat(KpiValueSets.read(written)).isEqualTo(valueSets);
        assertThat(valueSets.unset()).containsExactly("expiredDispositions", "againstMedicalAdviceDispositions",
                "transferDispositions", "excludedVerificationStatuses", "deathCodes", "continuationAdmitSources");
    }

    @Test
    void over_takesEachUnsetListFromTheDefaults() {
        KpiValueSets own = KpiValueSets.read(JSON.readTree("{\"continuationAdmitSources\": []}"));

        KpiValueSets inEffect = own.over(KpiValueSets.platformDefaults());

        assertThat(inEffect.continuationAdmitSources()).isEmpty();
        assertThat(inEffect.inpatientClasses()).isEqualTo(KpiValueSets.platformDefaults().inpatientClasses());
        assertThat(inEffect.unset()).isEmpty();
        assertThat(KpiValueSets.platformDefaults().continuationAdmitSources()).containsExactly("hosp-trans");
    }

    @Test
    void nothingSet_isNone() {
        assertThat(KpiValueSets.read(null)).isEqualTo(KpiValueSets.NONE);
        assertThat(KpiValueSets.read(JSON.readTree("null"))).isEqualTo(KpiValueSets.NONE);
        assertThat(KpiValueSets.read(JSON.readTree("{}"))).isEqualTo(KpiValueSets.NONE);
        assertThat(KpiValueSets.NONE.unset()).isEqualTo(KpiValueSets.NAMES);
        assertThat(KpiValueSets.platformDefaults().unset()).isEqualTo(List.of());
    }
}
