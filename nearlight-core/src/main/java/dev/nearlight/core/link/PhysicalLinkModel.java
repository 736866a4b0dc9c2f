package dev.nearlight.core.link;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Cable;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.ChannelElement;
import dev.nearlight.core.catalogue.CoolingProfile;
import dev.nearlight.core.catalogue.CoolingType;
import dev.nearlight.core.catalogue.ElectricalMode;
import dev.nearlight.core.catalogue.Fec;
import dev.nearlight.core.catalogue.Fibre;
import dev.nearlight.core.catalogue.Laminate;
import dev.nearlight.core.catalogue.Laser;
import dev.nearlight.core.catalogue.LaserPlacement;
import dev.nearlight.core.catalogue.Medium;
import dev.nearlight.core.catalogue.OpticalPmd;
import dev.nearlight.core.catalogue.Placement;
import dev.nearlight.core.catalogue.PowerBoundary;
import dev.nearlight.core.catalogue.SerdesClass;
import dev.nearlight.core.catalogue.SerdesTier;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.catalogue.TechnologyFamily;
import dev.nearlight.core.link.density.Density;
import dev.nearlight.core.link.electrical.HostChannel;
import dev.nearlight.core.link.electrical.SerdesSelector;
import dev.nearlight.core.link.optical.FecModel;
import dev.nearlight.core.link.optical.Modulation;
import dev.nearlight.core.link.optical.OpticalBudget;
import dev.nearlight.core.link.thermal.Arrhenius;
import dev.nearlight.core.link.thermal.ThermalModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analytical link model: host channel loss and SerDes class selection, power, latency, optical budget, BER and
 * FEC, thermal and reliability, density and cost, all from the catalogue (docs/physics.md). Catalogue references are
 * resolved and reference Q factors precomputed at construction, so {@link #evaluate} does arithmetic and a few map
 * lookups only.
 */
public final class PhysicalLinkModel implements LinkModel {
    private final Catalogue catalogue;
    private final Map<String, Resolved> resolved = new HashMap<>();
    private final Map<String, Double> qRef = new HashMap<>();
    private final Map<String, Double> fecLogBinomial = new HashMap<>();
    private final CoolingProfile air;
    private final CoolingProfile liquid;

    /** Resolved references of one technology. */
    private record Resolved(
            Technology t,
            List<SerdesClass> classes,
            double nyquistGhz,
            Modulation modulation,
            Laser laser,
            double laserW,
            OpticalPmd pmd,
            double pmdQRef,
            Fibre fibre,
            Cable cable,
            Fec fec) {}

    /** Builds the model over a catalogue. */
    public PhysicalLinkModel(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.air = catalogue.cooling(CoolingType.AIR);
        this.liquid = catalogue.cooling(CoolingType.LIQUID);
        for (Fec fec : catalogue.fecs()) {
            fecLogBinomial.put(
                    fec.id(), FecModel.logBinomial(fec.n(), Math.min(fec.n(), fec.correctableSymbols() + 1)));
        }
        for (Technology t : catalogue.technologies()) {
            List<SerdesClass> classes = catalogue.serdesClassesFor((int) Math.round(t.laneGbps()));
            Modulation mod = Modulation.forLane(t.laneGbps());
            for (SerdesClass s : classes) {
                qRef.put(s.id(), mod.q(s.referenceBer()));
            }
            Laser laser = Technology.NONE.equals(t.laser()) ? null : catalogue.laser(t.laser());
            OpticalPmd pmd = Technology.NONE.equals(t.pmd()) ? null : catalogue.pmd(t.pmd());
            resolved.put(
                    t.id(),
                    new Resolved(
                            t,
                            classes,
                            classes.get(0).nyquistGhz(),
                            mod,
                            laser,
                            laser == null ? 0 : laser.electricalPowerW(),
                            pmd,
                            pmd == null ? Double.NaN : mod.q(pmd.referenceBer()),
                            Technology.NONE.equals(t.fibre()) ? null : catalogue.fibre(t.fibre()),
                            Technology.NONE.equals(t.cable()) ? null : catalogue.cable(t.cable()),
                            catalogue.fec(t.fec())));
        }
    }

    /** The catalogue this model evaluates against. */
    public Catalogue catalogue() {
        return catalogue;
    }

    /** Evaluation of one end's host channel. */
    private static final class EndResult {
        double hostLossDb;
        double facingLossDb;
        SerdesClass cls;
        double marginDb = Double.POSITIVE_INFINITY;
        double ber;
        double retimerW;
        double retimerNs;
    }

    @Override
    public LinkReport evaluate(LinkDesign d) {
        Resolved r = resolved.get(d.technologyId());
        if (r == null) {
            catalogue.technology(d.technologyId()); // throws with the closest ids
            throw new IllegalStateException("unresolved technology " + d.technologyId());
        }
        Technology t = r.t();
        if (Math.abs(d.dataRateGbps() - t.rateGbps()) >= 0.5) {
            LinkDesign.resolve(t.id(), d.dataRateGbps(), catalogue); // throws naming the offered rates
        }
        if (d.lanes() != t.lanes()) {
            throw new InputException(
                    "lanes: " + t.id() + " has " + t.lanes() + " lanes, not " + d.lanes() + " (use " + t.lanes() + ")");
        }
        Fec fec = d.fecId() == null ? r.fec() : catalogue.fec(d.fecId());
        List<String> reasons = new ArrayList<>(2);
        double f = r.nyquistGhz();
        double rate = t.rateGbps();

        EndResult near = hostEnd(r, d.near(), f, End.NEAR, reasons);
        EndResult far = hostEnd(r, d.far(), f, End.FAR, reasons);
        double elecMargin = Math.min(near.marginDb, far.marginDb);
        double elecBer = near.ber + far.ber;

        // passive copper: both host channels and the cable form one channel
        double cableLossDb = r.cable() == null ? 0 : r.cable().lossDbPerMAt(f) * d.reachM();
        if (t.electrical() == ElectricalMode.PASSIVE) {
            double total = near.facingLossDb
                    + far.facingLossDb
                    + cableLossDb
                    - 2 * t.equalizationGainDb().value();
            SerdesClass c = SerdesSelector.select(r.classes(), t.minHostTier(), total);
            if (c == null) {
                c = SerdesSelector.largest(r.classes(), t.minHostTier());
                reasons.add(String.format(
                        Locale.ROOT,
                        "channel: %.1f dB at %.2f GHz (hosts %.1f + %.1f dB, cable %.1f dB over %.2f m%s) exceeds the"
                                + " largest SerDes budget %s %.1f dB; shorten the cable (max %.2f m) or use an"
                                + " active cable or optics",
                        total,
                        f,
                        near.facingLossDb,
                        far.facingLossDb,
                        cableLossDb,
                        d.reachM(),
                        t.equalizationGainDb().value() > 0
                                ? String.format(
                                        Locale.ROOT,
                                        ", minus %.1f dB redriver gain",
                                        2 * t.equalizationGainDb().value())
                                : "",
                        c.id(),
                        c.budgetDb().value(),
                        maxPassiveReachM(r, near, far, c)));
            }
            near.cls = c;
            far.cls = c;
            double m = c.budgetDb().value() - total;
            elecMargin = Math.min(elecMargin, m);
            elecBer += segmentBer(r, c, m);
        } else if (t.medium() == Medium.COPPER) { // AEC: retimer in each cable end closes the cable segment
            double m = t.mediumBudgetDb().value() - cableLossDb;
            if (m < 0) {
                reasons.add(String.format(
                        Locale.ROOT,
                        "cable: %.1f dB over %.2f m at %.2f GHz exceeds the in-cable retimer budget %.1f dB (max %.2f"
                                + " m); shorten the cable or use optics",
                        cableLossDb,
                        d.reachM(),
                        f,
                        t.mediumBudgetDb().value(),
                        t.mediumBudgetDb().value() / r.cable().lossDbPerMAt(f)));
            }
            elecMargin = Math.min(elecMargin, m);
            SerdesClass lr = SerdesSelector.largest(r.classes(), SerdesTier.LR);
            elecBer += segmentBer(r, lr, m);
        }

        // optical budget
        double optMargin = Double.NaN;
        double optBer = 0;
        if (t.medium() == Medium.OPTICAL) {
            OpticalPmd pmd = r.pmd();
            Fibre fibre = r.fibre();
            double il = OpticalBudget.channelLossDb(
                    d.reachM(),
                    fibre.lossDbPerKm().value(),
                    t.opticalConnectors(),
                    fibre.connectorLossDb().value());
            optMargin = OpticalBudget.marginDb(
                    pmd.txOmaDbm().value(),
                    il,
                    pmd.penaltyDb().value(),
                    pmd.rxSensitivityOmaDbm().value());
            optBer = r.modulation().ber(OpticalBudget.qFromOpticalMargin(r.pmdQRef(), optMargin));
            if (il > pmd.channelIlMaxDb().value()) {
                reasons.add(String.format(
                        Locale.ROOT,
                        "optical: channel loss %.2f dB exceeds the %s maximum %.1f dB",
                        il,
                        pmd.id(),
                        pmd.channelIlMaxDb().value()));
            }
            if (optMargin < 0) {
                reasons.add(String.format(
                        Locale.ROOT, "optical: margin %.2f dB is negative (Tx OMA below Rx sensitivity)", optMargin));
            }
        }
        if (d.reachM() > t.reachM().value() + 1e-9) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "reach: %.1f m exceeds the %.1f m reach of %s (choose a longer-reach technology)",
                    d.reachM(),
                    t.reachM().value(),
                    t.id()));
        }
        double preFecBer = Math.min(0.5, elecBer + optBer);
        double flr = FecModel.codewordErrorRatio(
                fec.n(), fec.correctableSymbols(), fec.symbolBits(), preFecBer, fecLogBinomial.get(fec.id()));
        if (preFecBer > fec.thresholdBer().value()) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "ber: pre-FEC BER %.2e is above the %s threshold %.1e",
                    preFecBer,
                    fec.id(),
                    fec.thresholdBer().value()));
        }

        // power (both ends)
        EnumMap<PowerItem, Double> power = new EnumMap<>(PowerItem.class);
        double hostW =
                (near.cls.energyPjPerBit().value() + far.cls.energyPjPerBit().value()) * rate / 1000;
        double dspW = 2 * t.dspW().value() + near.retimerW + far.retimerW;
        double analogW = 2 * t.analogW().value();
        double laserW = 2 * t.lasersPerEnd() * r.laserW();
        power.put(PowerItem.HOST_SERDES, hostW);
        power.put(PowerItem.DSP_RETIMER, dspW);
        power.put(PowerItem.DRIVER_TIA_MODULATOR, analogW);
        power.put(PowerItem.LASER, laserW);
        double totalW = hostW + dspW + analogW + laserW;

        // latency (one way)
        EnumMap<LatencyItem, Double> lat = new EnumMap<>(LatencyItem.class);
        double serdesNs = near.cls.latencyNs().value() + far.cls.latencyNs().value();
        if (t.electrical() != ElectricalMode.TERMINATED) {
            serdesNs /= 2; // one electrical hop end to end: near Tx, far Rx
        }
        lat.put(LatencyItem.SERDES, serdesNs);
        lat.put(LatencyItem.DSP_RETIMER, 2 * t.dspLatencyNs().value() + near.retimerNs + far.retimerNs);
        lat.put(LatencyItem.EOE, 2 * t.analogLatencyNs().value());
        lat.put(LatencyItem.FEC, fec.latencyNs().value());
        lat.put(
                LatencyItem.PROPAGATION_PCB,
                (d.near().traceMm() * laminate(d.near()).delayPsPerMm().value()
                                + d.far().traceMm()
                                        * laminate(d.far()).delayPsPerMm().value())
                        / 1000);
        double mediumNsPerM = r.fibre() != null
                ? r.fibre().delayNsPerM().value()
                : r.cable().delayNsPerM().value();
        lat.put(LatencyItem.PROPAGATION_MEDIUM, d.reachM() * mediumNsPerM);
        double latencyNs = 0;
        for (double v : lat.values()) {
            latencyNs += v;
        }

        // thermal and reliability
        Environment env = d.environment();
        CoolingProfile cp = env.cooling() == CoolingType.LIQUID ? liquid : air;
        Laser laser = r.laser();
        boolean internal = laser != null && laser.placement() == LaserPlacement.INTERNAL;
        double endW = t.dspW().value() + t.analogW().value() + (internal ? t.lasersPerEnd() * r.laserW() : 0);
        double engineC = ThermalModel.caseTempC(
                env.coolantC(),
                cp.selfResistanceKPerW().value(),
                endW,
                cp.mutualResistanceKPerW().value(),
                env.asicPowerW(),
                Math.min(d.near().traceMm(), d.far().traceMm()),
                cp.couplingLengthMm().value());
        double laserC = Double.NaN;
        double laserFit = Double.NaN;
        double lasersFit = 0;
        double elsModules = 0;
        if (laser != null && t.lasersPerEnd() > 0) {
            if (internal) {
                laserC = engineC + laser.riseAboveCaseC().value();
            } else {
                double inlet = env.cooling() == CoolingType.AIR
                        ? env.coolantC()
                        : air.defaultCoolantC().value();
                double moduleW = laser.channelsPerModule() * r.laserW();
                laserC = inlet
                        + air.selfResistanceKPerW().value() * moduleW
                        + laser.riseAboveCaseC().value();
                elsModules = 2.0 * t.lasersPerEnd() / laser.channelsPerModule();
            }
            laserFit = laser.fitAtReference().value()
                    * Arrhenius.factor(
                            laser.activationEnergyEv().value(),
                            laser.referenceTempC().value(),
                            laserC);
            lasersFit = 2 * t.lasersPerEnd() * laserFit;
        }
        double linkFit = 2 * t.electronicsFit().value() + lasersFit;
        if (engineC > maxCaseC(t)) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "thermal: case %.1f C exceeds the %.0f C limit (lower --coolant-c, use liquid cooling or move"
                            + " it away from the ASIC)",
                    engineC,
                    maxCaseC(t)));
        }

        // cost
        double mediumCostPerM = r.fibre() != null
                ? r.fibre().costUsdPerM().value()
                : r.cable().costUsdPerM().value();
        double cost = 2 * t.endCostUsd().value()
                + d.reachM() * mediumCostPerM
                + (laser != null ? elsModules * laser.moduleCostUsd().value() : 0);

        EnumMap<End, Double> loss = new EnumMap<>(End.class);
        loss.put(End.NEAR, near.hostLossDb);
        loss.put(End.FAR, far.hostLossDb);
        EnumMap<End, String> cls = new EnumMap<>(End.class);
        cls.put(End.NEAR, near.cls.id());
        cls.put(End.FAR, far.cls.id());
        boolean passiveCopper = t.family() == TechnologyFamily.DAC || t.family() == TechnologyFamily.PCIE_COPPER;
        return new LinkReport(
                t.id(),
                t.family(),
                t.medium(),
                rate,
                reasons.isEmpty(),
                reasons,
                totalW,
                totalW / rate * 1000,
                power,
                latencyNs,
                lat,
                loss,
                cls,
                f,
                elecMargin,
                optMargin,
                preFecBer,
                flr,
                engineC,
                laserC,
                laserFit,
                linkFit,
                Arrhenius.afrPercent(linkFit),
                cost,
                cost / rate,
                Density.shorelineGbpsPerMm(t),
                d.reachM(),
                t.reachM().value(),
                passiveCopper ? 0 : 1,
                elsModules,
                t.lasersPerEnd(),
                t.fru(),
                t.hotSwap(),
                t.mttrH().value(),
                endW,
                t.modulePowerW().boundary() != null ? t.modulePowerW().boundary() : PowerBoundary.MODULE,
                d.lengthSource());
    }

    /** Case temperature limit: 70 C for faceplate modules and cables, 85 C for board and package engines. */
    private static double maxCaseC(Technology t) {
        return switch (t.shoreline()) {
            case FACEPLATE -> 70;
            case BOARD, PACKAGE -> 85;
        };
    }

    private Laminate laminate(Placement p) {
        return catalogue.laminate(p.laminate());
    }

    private double segmentBer(Resolved r, SerdesClass c, double marginDb) {
        return r.modulation().ber(OpticalBudget.qFromElectricalMargin(qRef.get(c.id()), marginDb));
    }

    private double maxPassiveReachM(Resolved r, EndResult near, EndResult far, SerdesClass c) {
        double perM = r.cable().lossDbPerMAt(r.nyquistGhz());
        double left = c.budgetDb().value()
                - near.facingLossDb
                - far.facingLossDb
                + 2 * r.t().equalizationGainDb().value();
        return Math.max(0, left / perM);
    }

    private EndResult hostEnd(Resolved r, Placement p, double f, End end, List<String> reasons) {
        Technology t = r.t();
        Laminate lam = laminate(p);
        ChannelElement via = catalogue.channelElement(p.via());
        ChannelElement conn = catalogue.channelElement(p.connector());
        ChannelElement pkg = catalogue.channelElement(p.packageId());
        EndResult e = new EndResult();
        e.hostLossDb = HostChannel.lossDb(p.traceMm(), lam, p.vias(), via, p.connectors(), conn, pkg, f);
        e.facingLossDb = e.hostLossDb;
        List<SerdesClass> classes = r.classes();
        if (p.retimer()) {
            double pkgSide = HostChannel.packageSideLossDb(p.traceMm(), lam, p.vias(), via, pkg, f);
            e.facingLossDb = HostChannel.moduleSideLossDb(p.traceMm(), lam, p.vias(), via, p.connectors(), conn, f);
            SerdesClass host = SerdesSelector.select(classes, SerdesTier.XSR, pkgSide);
            if (host == null) {
                host = SerdesSelector.largest(classes, SerdesTier.XSR);
                reasons.add(String.format(
                        Locale.ROOT,
                        "%s end: package-side segment %.1f dB exceeds every SerDes budget (largest %s %.1f dB)",
                        end.key(),
                        pkgSide,
                        host.id(),
                        host.budgetDb().value()));
            }
            double m = host.budgetDb().value() - pkgSide;
            e.marginDb = Math.min(e.marginDb, m);
            e.ber += segmentBer(r, host, m);
            e.cls = host;
            // the retimer's module-facing SerDes
            SerdesClass rt = SerdesSelector.select(classes, t.minHostTier(), e.facingLossDb);
            if (rt == null) {
                rt = SerdesSelector.largest(classes, t.minHostTier());
            }
            e.retimerW = (host.energyPjPerBit().value() + rt.energyPjPerBit().value()) * t.rateGbps() / 1000;
            e.retimerNs = rt.latencyNs().value();
            if (t.electrical() == ElectricalMode.PASSIVE) {
                return e;
            }
            closeFacing(r, e, rt, end, f, reasons);
            e.cls = host;
            return e;
        }
        if (t.electrical() == ElectricalMode.PASSIVE) {
            return e; // closed at link level
        }
        closeFacing(r, e, null, end, f, reasons);
        return e;
    }

    /** Closes the module-facing segment of one end (TERMINATED or LINEAR) and sets class, margin and BER. */
    private void closeFacing(
            Resolved r, EndResult e, SerdesClass retimerClass, End end, double f, List<String> reasons) {
        Technology t = r.t();
        double penalty =
                t.electrical() == ElectricalMode.LINEAR ? t.linearPenaltyDb().value() : 0;
        double required = e.facingLossDb + penalty;
        double limit = t.hostChannelLimitDb().value();
        if (e.facingLossDb > limit) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "%s end: host channel %.1f dB at %.2f GHz exceeds the %.1f dB that %s tolerates; shorten"
                            + " --trace-mm, use a lower-loss --laminate or add a retimer",
                    end.key(),
                    e.facingLossDb,
                    f,
                    limit,
                    t.id()));
        }
        SerdesClass c =
                retimerClass != null ? retimerClass : SerdesSelector.select(r.classes(), t.minHostTier(), required);
        if (c == null || c.budgetDb().value() < required) {
            c = SerdesSelector.largest(r.classes(), t.minHostTier());
            reasons.add(String.format(
                    Locale.ROOT,
                    "%s end: no SerDes class closes %.1f dB at %.2f GHz%s (largest %s: %.1f dB); shorten --trace-mm,"
                            + " use a lower-loss --laminate or add a retimer",
                    end.key(),
                    required,
                    f,
                    penalty > 0 ? String.format(Locale.ROOT, " (incl. %.1f dB linear-path penalty)", penalty) : "",
                    c.id(),
                    c.budgetDb().value()));
        }
        double m = Math.min(c.budgetDb().value() - required, limit - e.facingLossDb);
        e.marginDb = Math.min(e.marginDb, m);
        e.ber += segmentBer(r, c, m);
        e.cls = c;
    }
}
