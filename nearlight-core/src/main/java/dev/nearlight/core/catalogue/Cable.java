package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A copper cable (twinax) with loss per metre at reference frequencies, delay and cost per metre. */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Cable implements CatalogueEntry {
    private final String id;
    private final String name;
    private final List<LossPoint> lossDbPerM;
    private final Param delayNsPerM;
    private final Param costUsdPerM;

    @JsonIgnore
    private final LossCurve curve;

    /** Creates and fits a cable. */
    @JsonCreator
    public Cable(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "lossDbPerM", required = true) List<LossPoint> lossDbPerM,
            @JsonProperty(value = "delayNsPerM", required = true) Param delayNsPerM,
            @JsonProperty(value = "costUsdPerM", required = true) Param costUsdPerM) {
        this.id = Require.id(id, "id");
        this.name = Require.present(name, "name");
        this.lossDbPerM = Require.nonEmpty(lossDbPerM, "lossDbPerM");
        this.delayNsPerM = Require.present(delayNsPerM, "delayNsPerM");
        this.costUsdPerM = Require.present(costUsdPerM, "costUsdPerM");
        this.curve = LossCurve.fit(this.lossDbPerM);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** Reference points in dB per metre. */
    public List<LossPoint> lossDbPerM() {
        return lossDbPerM;
    }

    /** Propagation delay. */
    public Param delayNsPerM() {
        return delayNsPerM;
    }

    /** Cable cost per metre. */
    public Param costUsdPerM() {
        return costUsdPerM;
    }

    /** Loss in dB per metre at {@code frequencyGhz}. */
    public double lossDbPerMAt(double frequencyGhz) {
        return curve.at(frequencyGhz);
    }
}
