package io.metriccare.tenancy.hospital;

import java.util.Locale;

/**
 * What an ETL run learned about a hospital from its Organization. Values the registry cannot hold
 * as they are (a state that is no USPS code, an over-long CCN) are dropped rather than failing the run.
 */
public record HospitalSighting(String tenantId, String hospitalId, String name, String ccn, String state) {

    private static final int MAX_NAME = 300;
    private static final int MAX_CCN = 16;

    public HospitalSighting {
        name = name == null || name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
        ccn = ccn == null || ccn.length() <= MAX_CCN ? ccn : null;
        state = state == null || !UspsStates.isCode(state.toUpperCase(Locale.ROOT)) ? null : state.toUpperCase(Locale.ROOT);
    }
}
