package dev.nearlight.core.catalogue;

/** Anything in the catalogue: it has a unique id within its kind and a readable name. */
public interface CatalogueEntry {
    /** Unique id within the entry's kind, e.g. {@code megtron-7}. */
    String id();

    /** Human-readable name. */
    String name();
}
