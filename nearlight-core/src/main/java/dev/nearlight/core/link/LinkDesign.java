package dev.nearlight.core.link;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.CoolingType;
import dev.nearlight.core.catalogue.Placement;
import dev.nearlight.core.catalogue.Technology;
import java.util.List;
import java.util.Objects;

/**
 * One link to evaluate: technology, data rate and lanes, each end's placement (host channel), reach, environment and
 * optionally a FEC other than the technology's. Start from {@link #defaultFor} and change what matters with the
 * withers or the {@link Builder}.
 *
 * @param technologyId catalogue technology id
 * @param dataRateGbps data rate per direction; must be the technology's rate
 * @param lanes electrical lanes per direction
 * @param near placement of the near end
 * @param far placement of the far end
 * @param reachM cable or fibre length in m
 * @param environment cooling, coolant temperature and neighbouring ASIC power
 * @param fecId FEC id, or null for the technology's default
 * @param lengthSource whether {@code reachM} was given by the caller or is the catalogue default
 */
public record LinkDesign(
        String technologyId,
        double dataRateGbps,
        int lanes,
        Placement near,
        Placement far,
        double reachM,
        Environment environment,
        String fecId,
        LengthSource lengthSource) {

    /** A design whose length was given by the caller. */
    public LinkDesign(
            String technologyId,
            double dataRateGbps,
            int lanes,
            Placement near,
            Placement far,
            double reachM,
            Environment environment,
            String fecId) {
        this(technologyId, dataRateGbps, lanes, near, far, reachM, environment, fecId, LengthSource.CALLER);
    }

    /** Validates physical ranges; messages name the CLI option and the allowed range. */
    public LinkDesign {
        if (technologyId == null || technologyId.isBlank()) {
            throw new InputException(
                    "--tech: missing technology id (see 'nearlight catalogue list --kind technologies')");
        }
        if (!(dataRateGbps > 0) || !Double.isFinite(dataRateGbps)) {
            throw new InputException("--rate: " + dataRateGbps + " Gb/s must be > 0");
        }
        if (lanes < 1) {
            throw new InputException("lanes: " + lanes + " must be >= 1");
        }
        Objects.requireNonNull(near, "near");
        Objects.requireNonNull(far, "far");
        if (!(reachM >= 0) || !Double.isFinite(reachM)) {
            throw new InputException("--reach-m: " + reachM + " m must be >= 0 m");
        }
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(lengthSource, "lengthSource");
    }

    /**
     * The catalogue default design of a technology at a rate: its default placement at both ends (faceplate for
     * pluggables and copper, a few cm for NPO, in-package for CPO), default reach and cooling, and the default coolant
     * temperature and neighbouring ASIC power. {@code technologyId} may also be a prefix such as {@code npo} that,
     * with the rate, names one technology ({@code npo-1.6t}).
     */
    public static LinkDesign defaultFor(String technologyId, double rateGbps, Catalogue c) {
        Technology t = resolve(technologyId, rateGbps, c);
        Environment env = new Environment(
                t.cooling(), c.cooling(t.cooling()).defaultCoolantC().value(), Environment.DEFAULT_ASIC_W);
        return new LinkDesign(
                t.id(),
                t.rateGbps(),
                t.lanes(),
                t.placement(),
                t.placement(),
                t.defaultReachM(),
                env,
                null,
                LengthSource.CATALOGUE_DEFAULT);
    }

    /**
     * The technology with this id (or id prefix such as {@code npo}) at this rate. A rate the catalogue does not offer
     * is an {@link InputException} naming the technology, the rate, the rates it has and the fix; never a substitute.
     */
    public static Technology resolve(String technologyId, double rateGbps, Catalogue c) {
        if (c.kindOf(technologyId).isEmpty()) {
            List<Technology> family = family(technologyId, c);
            for (Technology t : family) {
                if (Math.abs(t.rateGbps() - rateGbps) < 0.5) {
                    return t;
                }
            }
            if (!family.isEmpty()) {
                throw new PartNotOffered(
                        technologyId,
                        rateGbps,
                        family.stream().map(Technology::rateGbps).toList());
            }
        }
        Technology t = c.technology(technologyId);
        if (Math.abs(t.rateGbps() - rateGbps) >= 0.5) {
            List<Technology> same = c.technologies().stream()
                    .filter(o -> o.family() == t.family() && o.protocol() == t.protocol())
                    .toList();
            throw InputException.of(
                    "rate",
                    DataRate.format(rateGbps) + " is not offered by " + t.id() + " (it is a "
                            + DataRate.format(t.rateGbps()) + " part; parts of its family: "
                            + String.join(
                                    ", ",
                                    same.stream()
                                            .map(o -> o.id() + " at " + DataRate.format(o.rateGbps()))
                                            .toList())
                            + ")",
                    same.stream()
                            .filter(x -> Math.abs(x.rateGbps() - rateGbps) < 0.5)
                            .findFirst()
                            .map(x -> "use " + x.id())
                            .orElse("add a technologies entry at " + DataRate.format(rateGbps)
                                    + " in a file given with --catalogue FILE"));
        }
        return t;
    }

    /** The technologies named {@code prefix-<rate>} (e.g. {@code npo-800g}, {@code npo-1.6t} for {@code npo}). */
    public static List<Technology> family(String prefix, Catalogue c) {
        String p = prefix + "-";
        return c.technologies().stream()
                .filter(t ->
                        t.id().startsWith(p) && t.id().substring(p.length()).matches("[0-9.]+[gt]"))
                .toList();
    }

    /** A builder starting from this design. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This design with another reach. */
    public LinkDesign withReachM(double m) {
        return new LinkDesign(technologyId, dataRateGbps, lanes, near, far, m, environment, fecId, LengthSource.CALLER);
    }

    /** This design with both ends' traces set to {@code mm}. */
    public LinkDesign withTraceMm(double mm) {
        if (!(mm >= 0) || !Double.isFinite(mm)) {
            throw new InputException("--trace-mm: " + mm + " mm must be >= 0 mm");
        }
        return new LinkDesign(
                technologyId,
                dataRateGbps,
                lanes,
                near.withTraceMm(mm),
                far.withTraceMm(mm),
                reachM,
                environment,
                fecId,
                lengthSource);
    }

    /** This design with both ends on laminate {@code id}. */
    public LinkDesign withLaminate(String id) {
        return new LinkDesign(
                technologyId,
                dataRateGbps,
                lanes,
                near.withLaminate(id),
                far.withLaminate(id),
                reachM,
                environment,
                fecId,
                lengthSource);
    }

    /** This design with or without a retimer in both host channels. */
    public LinkDesign withRetimer(boolean retimer) {
        return new LinkDesign(
                technologyId,
                dataRateGbps,
                lanes,
                near.withRetimer(retimer),
                far.withRetimer(retimer),
                reachM,
                environment,
                fecId,
                lengthSource);
    }

    /** This design in another environment. */
    public LinkDesign withEnvironment(Environment env) {
        return new LinkDesign(technologyId, dataRateGbps, lanes, near, far, reachM, env, fecId, lengthSource);
    }

    /** This design with another coolant or inlet temperature. */
    public LinkDesign withCoolantC(double c) {
        return withEnvironment(new Environment(environment.cooling(), c, environment.asicPowerW()));
    }

    /** This design next to an ASIC of another power. */
    public LinkDesign withAsicPowerW(double w) {
        return withEnvironment(new Environment(environment.cooling(), environment.coolantC(), w));
    }

    /** This design with another cooling type. */
    public LinkDesign withCooling(CoolingType type) {
        return withEnvironment(new Environment(type, environment.coolantC(), environment.asicPowerW()));
    }

    /** This design with another FEC. */
    public LinkDesign withFec(String id) {
        return new LinkDesign(technologyId, dataRateGbps, lanes, near, far, reachM, environment, id, lengthSource);
    }

    /** Builder for designs with many changed knobs. */
    public static final class Builder {
        private String technologyId;
        private double dataRateGbps;
        private int lanes;
        private Placement near;
        private Placement far;
        private double reachM;
        private Environment environment;
        private String fecId;
        private LengthSource lengthSource;

        private Builder(LinkDesign d) {
            technologyId = d.technologyId;
            dataRateGbps = d.dataRateGbps;
            lanes = d.lanes;
            near = d.near;
            far = d.far;
            reachM = d.reachM;
            environment = d.environment;
            fecId = d.fecId;
            lengthSource = d.lengthSource;
        }

        /** Starts from the catalogue default of a technology. */
        public static Builder of(String technologyId, double rateGbps, Catalogue c) {
            return new Builder(defaultFor(technologyId, rateGbps, c));
        }

        /** Sets the near-end placement. */
        public Builder near(Placement p) {
            near = p;
            return this;
        }

        /** Sets the far-end placement. */
        public Builder far(Placement p) {
            far = p;
            return this;
        }

        /** Sets both placements. */
        public Builder placement(Placement p) {
            near = p;
            far = p;
            return this;
        }

        /** Sets the lanes. */
        public Builder lanes(int n) {
            lanes = n;
            return this;
        }

        /** Sets the reach. */
        public Builder reachM(double m) {
            reachM = m;
            lengthSource = LengthSource.CALLER;
            return this;
        }

        /** Sets the environment. */
        public Builder environment(Environment e) {
            environment = e;
            return this;
        }

        /** Sets the FEC (null for the technology's). */
        public Builder fec(String id) {
            fecId = id;
            return this;
        }

        /** Builds and validates. */
        public LinkDesign build() {
            return new LinkDesign(
                    technologyId, dataRateGbps, lanes, near, far, reachM, environment, fecId, lengthSource);
        }
    }
}
