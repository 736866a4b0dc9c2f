package dev.nearlight.sim.train;

import java.util.function.Function;

/**
 * The layout fields {@link ParallelismSearch} chooses, so that a search refuses them as inputs: one list for the
 * {@code train --search} options and the scenario keys of {@code search: true}. Callers map each constant to their
 * input in an exhaustive {@code switch}, so a field added here cannot be forgotten by either.
 *
 * @param option the CLI spelling ({@code --first-stage-layers} without the dashes)
 * @param key the scenario spelling ({@code firstStageLayers})
 */
public enum SearchedField {
    TP("tp", "tp"),
    PP("pp", "pp"),
    DP("dp", "dp"),
    CP("cp", "cp"),
    EP("ep", "ep"),
    VPP("vpp", "vpp"),
    FIRST_STAGE_LAYERS("first-stage-layers", "firstStageLayers"),
    LAST_STAGE_LAYERS("last-stage-layers", "lastStageLayers"),
    ACCOUNT_EMBEDDING("account-for-embedding-in-pipeline-split", "accountEmbedding"),
    ACCOUNT_LOSS("account-for-loss-in-pipeline-split", "accountLoss"),
    CPU_OFFLOAD_LAYERS("cpu-offload-layers", "cpuOffloadLayers");

    private final String option;
    private final String key;

    SearchedField(String option, String key) {
        this.option = option;
        this.key = key;
    }

    /** The CLI option name without its leading dashes. */
    public String option() {
        return option;
    }

    /** The scenario key. */
    public String key() {
        return key;
    }

    /** The first field, in declaration order, whose input {@code given} returns non-null for; null when none. */
    public static SearchedField firstGiven(Function<SearchedField, Object> given) {
        for (SearchedField f : values()) {
            if (given.apply(f) != null) {
                return f;
            }
        }
        return null;
    }
}
