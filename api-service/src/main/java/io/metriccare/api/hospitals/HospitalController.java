package io.metriccare.api.hospitals;

import java.time.Instant;
import java.util.List;

import io.metriccare.api.problems.NotFoundException;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.TenantRegistry;
import io.metriccare.tenancy.hospital.Hospital;
import io.metriccare.tenancy.hospital.HospitalEdit;
import io.metriccare.tenancy.hospital.HospitalId;
import io.metriccare.tenancy.hospital.HospitalRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's hospitals: registered by the ETL from their Organization on first sight, edited by the tenant admin. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/hospitals")
@Tag(name = "Hospitals")
class HospitalController {

    /**
     * The fields to change; absent or null ones stay as they are.
     *
     * @param ccn         CMS Certification Number: 2-digit state code, a digit or unit letter, 3 digits (e.g. 220071)
     * @param state       USPS state or territory code
     * @param timeZone    IANA time zone id (e.g. America/Chicago): the calendar of the hospital's stays from the next ETL run on
     * @param staffedBeds 0 or more
     */
    record HospitalChanges(String name, String ccn, String state, String timeZone, Integer staffedBeds) {
    }

    /**
     * @param editedFields fields a tenant admin set; the hospital's Organization no longer overwrites them
     */
    record HospitalView(String hospitalId, String name, String ccn, String state, String timeZone, Integer staffedBeds,
                        Instant firstSeenAt, Instant editedAt, List<String> editedFields) {
        static HospitalView of(Hospital hospital) {
            return new HospitalView(hospital.hospitalId(), hospital.name(), hospital.ccn(), hospital.state(), hospital.timeZone(),
                    hospital.staffedBeds(), hospital.firstSeenAt(), hospital.editedAt(), hospital.editedFields());
        }
    }

    private final TenantRegistry tenants;
    private final HospitalRegistry hospitals;

    HospitalController(TenantRegistry tenants, HospitalRegistry hospitals) {
        this.tenants = tenants;
        this.hospitals = hospitals;
    }

    @Operation(summary = "List a tenant's hospitals")
    @GetMapping
    List<HospitalView> listHospitals(@PathVariable String tenantId) {
        return hospitals.list(tenants.requireActive(tenantId)).stream().map(HospitalView::of).toList();
    }

    @Operation(summary = "Get a hospital")
    @GetMapping("/{hospitalId}")
    HospitalView getHospital(@PathVariable String tenantId, @PathVariable String hospitalId) {
        HospitalId hospital = new HospitalId(hospitalId);
        TenantId tenant = tenants.requireActive(tenantId);
        return HospitalView.of(hospitals.find(tenant, hospital).orElseThrow(() -> unknown(tenant, hospital)));
    }

    @Operation(summary = "Edit a hospital: name, ccn, state, timeZone, staffedBeds",
            description = "Edited fields stay as the admin set them when later ETL runs see the hospital's Organization again. "
                    + "A bad value is a 400 and changes nothing.")
    @PatchMapping(path = "/{hospitalId}", consumes = {"application/json", "application/merge-patch+json"})
    HospitalView editHospital(@PathVariable String tenantId, @PathVariable String hospitalId, @RequestBody HospitalChanges changes) {
        HospitalId hospital = new HospitalId(hospitalId);
        HospitalEdit edit = HospitalEdit.of(changes.name(), changes.ccn(), changes.state(), changes.timeZone(), changes.staffedBeds());
        TenantId tenant = tenants.requireActive(tenantId);
        return HospitalView.of(hospitals.edit(tenant, hospital, edit).orElseThrow(() -> unknown(tenant, hospital)));
    }

    private static NotFoundException unknown(TenantId tenant, HospitalId hospital) {
        return new NotFoundException("Cannot find hospital: tenant %s has no hospital with this id (%s)".formatted(tenant, hospital));
    }
}
