package dev.nearlight.explore.scenario;

/**
 * A validation failure raised by a scenario record's compact constructor. It names the offending field relative to the
 * record being built, so the loader can point at the exact line and column of that field in the YAML file.
 */
public final class FieldProblem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;
    private final String fix;

    /**
     * @param field the field path relative to the record being built, e.g. {@code gpus} or {@code workloads[0].dp}
     * @param problem what is wrong, naming the bad value
     * @param fix how to fix it (allowed range, allowed values)
     */
    public FieldProblem(String field, String problem, String fix) {
        super(field + ": " + problem + " (" + fix + ")");
        this.field = field;
        this.problem = problem;
        this.fix = fix;
    }

    /** The field path relative to the record being built. */
    public String field() {
        return field;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** How to fix it. */
    public String fix() {
        return fix;
    }

    /** The same problem with its field path placed under {@code prefix} (e.g. {@code workloads[1]}). */
    public FieldProblem under(String prefix) {
        return new FieldProblem(prefix.isEmpty() ? field : prefix + "." + field, problem, fix);
    }
}
