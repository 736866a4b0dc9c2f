package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParamTest {
    @Test
    void acceptsValueInsideRange() {
        Param p = new Param(15, 12, 16, "W", "LFW 2023", Confidence.MEDIUM, PowerBoundary.MODULE);
        assertThat(p.value()).isEqualTo(15);
        assertThat(p.boundary()).isEqualTo(PowerBoundary.MODULE);
    }

    @Test
    void rejectsMinAboveMax() {
        assertThatThrownBy(() -> new Param(1, 2, 1, "W", "s", Confidence.LOW))
                .hasMessageContaining("min 2.0 > max 1.0");
    }

    @Test
    void rejectsValueOutsideRange() {
        assertThatThrownBy(() -> new Param(17, 12, 16, "W", "s", Confidence.LOW))
                .hasMessageContaining("outside [12.0, 16.0]");
    }

    @Test
    void rejectsBlankSourceAndUnit() {
        assertThatThrownBy(() -> new Param(1, 1, 1, "W", " ", Confidence.LOW)).hasMessageContaining("source");
        assertThatThrownBy(() -> new Param(1, 1, 1, "", "s", Confidence.LOW)).hasMessageContaining("unit");
    }

    @Test
    void withValueWidensTheRange() {
        Param p = new Param(15, 12, 16, "W", "s", Confidence.LOW).withValue(20);
        assertThat(p.value()).isEqualTo(20);
        assertThat(p.max()).isEqualTo(20);
        assertThat(p.min()).isEqualTo(12);
    }
}
