package dev.nearlight.fabric.topology;

import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.device.SwitchModel;
import dev.nearlight.fabric.layout.Layout;
import java.util.Map;
import java.util.Objects;

/**
 * Parameters every scale-out builder shares: the switch model (radix and port rate), the floor plan, the optics
 * technology per link class and whether copper may be used where it reaches.
 *
 * @param switchModel switch used at every level
 * @param layout floor plan
 * @param optics technology id per link class name; key {@code "*"} is the default for classes not listed
 * @param copperAllowed whether short links may be copper (DAC/AEC) instead of optics
 */
public record Common(SwitchModel switchModel, Layout layout, Map<String, String> optics, boolean copperAllowed) {
    /** Default optics technology when none is configured. */
    public static final String DEFAULT_OPTICS = "pluggable-dsp";

    public Common {
        Objects.requireNonNull(switchModel, "switchModel");
        Objects.requireNonNull(layout, "layout");
        optics = Map.copyOf(optics);
    }

    /** Common parameters with default layout, pluggable optics everywhere and copper allowed. */
    public static Common of(SwitchModel switchModel) {
        return new Common(switchModel, Layout.defaults(), Map.of(), true);
    }

    /** Optics technology for a link class. */
    public String opticsFor(String className) {
        return optics.getOrDefault(className, optics.getOrDefault("*", DEFAULT_OPTICS));
    }

    /** A link class at the switch port rate with the configured optics. */
    public LinkClass linkClass(String name) {
        return new LinkClass(name, switchModel.portRateGbps(), opticsFor(name), copperAllowed, false);
    }

    /** Same parameters with another layout. */
    public Common withLayout(Layout l) {
        return new Common(switchModel, l, optics, copperAllowed);
    }
}
