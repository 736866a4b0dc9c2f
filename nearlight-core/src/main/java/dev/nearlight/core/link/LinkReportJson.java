package dev.nearlight.core.link;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable JSON shape of a {@link LinkReport} (documented in docs/cli/link.md): field names, breakdown keys in
 * enum order, numbers rounded to 6 significant digits, and {@code null} for values that do not apply (NaN).
 */
public final class LinkReportJson {
    private LinkReportJson() {}

    /** An ordered map ready for Jackson serialisation. */
    public static Map<String, Object> toMap(LinkReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("technology", r.technology());
        m.put("family", r.family().name());
        m.put("medium", r.medium().name());
        m.put("dataRateGbps", num(r.dataRateGbps()));
        m.put("feasible", r.feasible());
        m.put("reasons", r.reasons());
        m.put("powerW", num(r.powerW()));
        m.put(
                "powerBoundary",
                "LINK: both ends' modules or engines, lasers (incl. external sources), board retimers and"
                        + " host SerDes");
        m.put("modulePowerW", num(r.modulePowerW()));
        m.put(
                "modulePowerBoundary",
                r.moduleBoundary().name()
                        + ": one module, engine or active cable end as datasheets quote it, no host SerDes");
        m.put("hostSerdesPowerWPerEnd", num(r.hostSerdesPowerWPerEnd()));
        m.put("energyPjPerBit", num(r.energyPjPerBit()));
        Map<String, Object> p = new LinkedHashMap<>();
        for (PowerItem i : PowerItem.values()) {
            p.put(i.key(), num(r.power(i)));
        }
        m.put("powerBreakdownW", p);
        m.put("latencyNs", num(r.latencyNs()));
        Map<String, Object> l = new LinkedHashMap<>();
        for (LatencyItem i : LatencyItem.values()) {
            l.put(i.key(), num(r.latency(i)));
        }
        m.put("latencyBreakdownNs", l);
        Map<String, Object> loss = new LinkedHashMap<>();
        Map<String, Object> cls = new LinkedHashMap<>();
        for (End e : End.values()) {
            loss.put(e.key(), num(r.hostLossDb().get(e)));
            cls.put(e.key(), r.serdesClass().get(e));
        }
        m.put("nyquistGhz", num(r.nyquistGhz()));
        m.put("hostLossDb", loss);
        m.put("serdesClass", cls);
        m.put("electricalMarginDb", num(r.electricalMarginDb()));
        m.put("opticalMarginDb", num(r.opticalMarginDb()));
        m.put("preFecBer", num(r.preFecBer()));
        m.put("postFecFlr", num(r.postFecFlr()));
        m.put("engineTempC", num(r.engineTempC()));
        m.put("laserTempC", num(r.laserTempC()));
        m.put("laserFit", num(r.laserFit()));
        m.put("linkFit", num(r.linkFit()));
        m.put("linkAfrPercent", num(r.linkAfrPercent()));
        m.put("costUsd", num(r.costUsd()));
        m.put("costUsdPerGbps", num(r.costUsdPerGbps()));
        m.put("shorelineGbpsPerMm", num(r.shorelineGbpsPerMm()));
        m.put("reachM", num(r.reachM()));
        m.put("reachSource", r.lengthSource().label());
        m.put("maxReachM", num(r.maxReachM()));
        m.put("modulesPerEnd", r.modulesPerEnd());
        m.put("externalLaserModulesPerLink", num(r.externalLaserModulesPerLink()));
        m.put("lasersPerEnd", r.lasersPerEnd());
        m.put("fru", r.fru().name());
        m.put("hotSwap", r.hotSwap());
        m.put("mttrH", num(r.mttrH()));
        return m;
    }

    /** A double rounded to 6 significant digits, or null when NaN or infinite. */
    public static Object num(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return null;
        }
        if (v == 0) {
            return 0.0;
        }
        return new BigDecimal(v).round(new MathContext(6)).doubleValue();
    }
}
