package dev.nearlight.compose.disagg;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PCIe/CXL generation carried over a medium, named {@code <generation>-<medium>} such as {@code pcie6-optical},
 * {@code cxl3-optical-retimed} or {@code pcie5-copper}.
 *
 * @param generation generation key in the parameter file ({@code pcie5}, {@code pcie6}, {@code pcie7}, {@code cxl2},
 *     {@code cxl3})
 * @param medium copper, linear optical or retimed optical
 */
public record Technology(String generation, Medium medium) {
    /** Checks presence. */
    public Technology {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(medium, "medium");
    }

    /** The name used on the command line and in JSON. */
    public String name() {
        return generation + "-" + medium.suffix();
    }

    /** All technologies that the parameter set defines, in a stable order. */
    public static List<Technology> all(DisaggParameters params) {
        List<Technology> out = new ArrayList<>();
        for (String g : params.generations().keySet().stream().sorted().toList()) {
            for (Medium m : Medium.values()) {
                out.add(new Technology(g, m));
            }
        }
        return out;
    }

    /** Parses a technology name, throwing an {@link InputException} that lists the valid names. */
    public static Technology parse(String name, DisaggParameters params) {
        for (Technology t : all(params)) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new InputException("--tech '" + name + "' is unknown; use one of "
                + all(params).stream().map(Technology::name).toList());
    }

    @Override
    public String toString() {
        return name();
    }
}
