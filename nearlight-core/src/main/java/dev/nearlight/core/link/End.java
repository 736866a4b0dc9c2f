package dev.nearlight.core.link;

import java.util.Locale;

/** The two ends of a link. */
public enum End {
    /** The end whose placement is given first (e.g. the switch). */
    NEAR,
    /** The other end. */
    FAR;

    /** JSON key: {@code near} or {@code far}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
