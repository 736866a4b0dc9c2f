package dev.nearlight.compose.pool;

/** The four pooled resource types and their integer units. */
public enum ResourceType {
    /** CPU cores. */
    CPU("cpu", "cores"),
    /** GPUs. */
    GPU("gpu", "GPUs"),
    /** Memory in GiB. */
    MEMORY("memory", "GiB"),
    /** NVMe storage in GB (CSV and JSON use TB). */
    STORAGE("storage", "GB");

    /** Number of types, the length of every per-type array. */
    public static final int COUNT = 4;

    private final String key;
    private final String unit;

    ResourceType(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    /** The internal unit. */
    public String unit() {
        return unit;
    }
}
