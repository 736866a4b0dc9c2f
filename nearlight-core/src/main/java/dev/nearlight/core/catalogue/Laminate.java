package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A PCB laminate (or flyover cable used in place of a PCB trace) with loss per inch at reference frequencies and a
 * propagation delay. The loss curve is fitted once, at load.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Laminate implements CatalogueEntry {
    private final String id;
    private final String name;
    private final List<LossPoint> lossDbPerInch;
    private final Param delayPsPerMm;

    @JsonIgnore
    private final LossCurve curve;

    /** Creates and fits a laminate. */
    @JsonCreator
    public Laminate(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "lossDbPerInch", required = true) List<LossPoint> lossDbPerInch,
            @JsonProperty(value = "delayPsPerMm", required = true) Param delayPsPerMm) {
        this.id = Require.id(id, "id");
        this.name = Require.present(name, "name");
        this.lossDbPerInch = Require.nonEmpty(lossDbPerInch, "lossDbPerInch");
        this.delayPsPerMm = Require.present(delayPsPerMm, "delayPsPerMm");
        this.curve = LossCurve.fit(this.lossDbPerInch);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** Reference points (dB per inch). */
    public List<LossPoint> lossDbPerInch() {
        return lossDbPerInch;
    }

    /** Stripline propagation delay. */
    public Param delayPsPerMm() {
        return delayPsPerMm;
    }

    /** Fitted curve in dB per inch. */
    public LossCurve curve() {
        return curve;
    }

    /** Loss in dB per inch at {@code frequencyGhz} from the fitted curve. */
    public double lossDbPerInchAt(double frequencyGhz) {
        return curve.at(frequencyGhz);
    }
}
