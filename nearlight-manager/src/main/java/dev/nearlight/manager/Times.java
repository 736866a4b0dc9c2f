package dev.nearlight.manager;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO 8601 date-times with seconds and an explicit offset, as Redfish requires. */
final class Times {
    private static final DateTimeFormatter FMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private Times() {}

    static String now() {
        return format(Instant.now());
    }

    static String format(Instant t) {
        return FMT.format(t.atOffset(ZoneOffset.UTC));
    }
}
