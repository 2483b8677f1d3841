package io.metriccare.ingest.storage;

import java.util.Arrays;

/** The rules every store applies to keys and prefixes before it touches storage. */
final class ObjectKeys {

    private ObjectKeys() {
    }

    static String requireKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || Arrays.asList(key.split("/", -1)).contains("..")) {
            throw new IllegalArgumentException("Cannot address object: key leaves the lake root (" + key + ")");
        }
        return key;
    }

    static String requirePrefix(String prefix) {
        if (prefix == null || !prefix.endsWith("/") || prefix.startsWith("/")
                || Arrays.stream(prefix.substring(0, prefix.length() - 1).split("/", -1))
                        .anyMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
            throw new IllegalArgumentException(
                    "Cannot address objects: a prefix is one or more path segments ending with '/' (" + prefix + ")");
        }
        return prefix;
    }
}
