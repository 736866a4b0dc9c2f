package dev.nearlight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A model's error names its own fields; each front end renders them in its vocabulary. */
class InputExceptionTest {
    /** A scenario file's vocabulary: the field's key, a setting written {@code key: value}. */
    private static final InputException.Vocabulary YAML = new InputException.Vocabulary() {
        @Override
        public String name(String field) {
            return field;
        }

        @Override
        public String setting(String field, String value) {
            return field + ": " + value;
        }
    };

    @Test
    void aStructuredProblemRendersAsOptionsOnTheCommandLineAndAsKeysElsewhere() {
        InputException e = InputException.of(
                "memory", "needs 90 GiB", "use {recompute full}, raise {tp} or shard with {dpSharding}");
        assertThat(e.getMessage())
                .isEqualTo("memory: needs 90 GiB (use --recompute full, raise --tp or shard with --dp-sharding)");
        assertThat(e.field()).isEqualTo("memory");
        assertThat(e.problem()).isEqualTo("needs 90 GiB");
        assertThat(e.fix(YAML)).isEqualTo("use recompute: full, raise tp or shard with dpSharding");
        // camelCase fields become kebab-case options, digits included; a value may hold spaces
        assertThat(InputException.of("firstStageLayers", "p", "drop {firstStageLayers} or {fp8Scaling current x}")
                        .getMessage())
                .isEqualTo("first-stage-layers: p (drop --first-stage-layers or --fp8-scaling current x)");
        // a fix without references is kept as written; $ and \\ in values are literal
        assertThat(InputException.of("gbs", "p", "use a multiple of 64").fix(YAML))
                .isEqualTo("use a multiple of 64");
        assertThat(InputException.of("x", "p", "{price $5\\\\}").getMessage()).isEqualTo("x: p (--price $5\\\\)");
    }

    @Test
    void anUnstructuredMessageIsKeptWhole() {
        InputException e = new InputException("file.yaml:3:1: a: b (c)");
        assertThat(e.getMessage()).isEqualTo("file.yaml:3:1: a: b (c)");
        assertThat(e.field()).isNull();
        assertThat(e.fix(YAML)).isNull();
        assertThat(e.problem()).isEqualTo(e.getMessage());
        assertThatThrownBy(() -> InputException.of(null, "p", "f")).isInstanceOf(IllegalArgumentException.class);
    }
}
