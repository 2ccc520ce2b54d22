package io.bondy.core.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One versioned value; a {@code null} value is a tombstone (a delete that must replicate).
 *
 * @param key     the full key, e.g. {@code realm/com.example/user/alice}
 * @param value   the bytes (usually JSON), or null for a tombstone
 * @param version who wrote it, when
 */
public record Entry(String key, byte[] value, Version version) {

    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        value = value == null ? null : value.clone();
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    public boolean isTombstone() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && key.equals(e.key) && Arrays.equals(value, e.value) && version.equals(e.version);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + version.hashCode();
    }

    @Override
    public String toString() {
        return "Entry[" + key + (value == null ? " tombstone" : " " + value.length + " bytes") + " @" + version + "]";
    }
}
