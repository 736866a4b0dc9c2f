package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A lumped loss in a host channel: a via, a connector or a package escape, with loss points fitted at load. */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ChannelElement implements CatalogueEntry {
    /** What kind of lumped element this is. */
    public enum Kind {
        VIA,
        CONNECTOR,
        PACKAGE
    }

    private final String id;
    private final String name;
    private final Kind kind;
    private final List<LossPoint> lossDb;

    @JsonIgnore
    private final LossCurve curve;

    /** Creates and fits an element. */
    @JsonCreator
    public ChannelElement(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "kind", required = true) Kind kind,
            @JsonProperty(value = "lossDb", required = true) List<LossPoint> lossDb) {
        this.id = Require.id(id, "id");
        this.name = Require.present(name, "name");
        this.kind = Require.present(kind, "kind");
        this.lossDb = Require.nonEmpty(lossDb, "lossDb");
        this.curve = LossCurve.fit(this.lossDb);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    /** Via, connector or package. */
    public Kind kind() {
        return kind;
    }

    /** Reference points in dB. */
    public List<LossPoint> lossDb() {
        return lossDb;
    }

    /** Loss in dB at {@code frequencyGhz}. */
    public double lossDbAt(double frequencyGhz) {
        return curve.at(frequencyGhz);
    }
}
