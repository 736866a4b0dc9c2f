package dev.nearlight.core.catalogue;

/**
 * A rewrite of catalogue numbers for {@link Catalogue#mapParams}: given where a {@link Param} sits and the param, the
 * param to use instead (for Monte Carlo sampling of the ranges and for what-if overrides of one number).
 */
@FunctionalInterface
public interface ParamMapper {
    /**
     * The param to use at {@code path}.
     *
     * @param path where the number sits: the catalogue kind, the entry id, then the field names down to the param,
     *     slash-separated, list indices in brackets (e.g. {@code endpoints/h100/costUsd})
     * @param param the param as catalogued
     * @return the param to use; {@code param} itself to keep it
     */
    Param apply(String path, Param param);
}
