package dev.nearlight.fabric.link;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the medium of every link of a fabric from its length and quotes it: the first copper technology offered at the
 * link's rate (cheapest first: DAC, ACC, AEC) whose reach covers the link and whose quote is feasible, when the link class allows copper
 * and neither end is a port of an NPO/CPO engine (engine boxes have no cages); otherwise the class's optics at each
 * end: {@link LinkClass#switchEndTechnology()} at a switch, {@link LinkClass#endpointEndTechnology()} at a GPU/NIC or
 * other endpoint. A link whose ends carry different parts is quoted per end ({@link LinkQuote#combine}). Lengths are
 * rounded up to {@value #BUCKET_M} m buckets and quotes are cached per (link class, bucket, which ends are
 * switches), so a fabric with hundreds of thousands of links needs only a few dozen evaluations.
 */
public final class LinkPlanner {
    /** Length bucket, metres. */
    public static final double BUCKET_M = 0.25;

    private final LinkEvaluator evaluator;

    /** Plans with the given link evaluator. */
    public LinkPlanner(LinkEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** The evaluator behind this planner. */
    public LinkEvaluator evaluator() {
        return evaluator;
    }

    /** Chooses and quotes every link of the fabric. */
    public PlannedLinks plan(Fabric fabric) {
        int n = fabric.linkCount();
        int[] quoteOf = new int[n];
        List<LinkQuote> quotes = new ArrayList<>();
        List<LinkQuote> endA = new ArrayList<>();
        List<LinkQuote> endB = new ArrayList<>();
        Map<Long, Integer> cache = new HashMap<>();
        Map<String, LinkQuote> symmetric = new HashMap<>();
        List<LinkClass> classes = fabric.linkClasses();
        int nc = classes.size();
        List<List<String>> copper = new ArrayList<>();
        String[][] tech = new String[nc][2]; // [class][0 = endpoint end, 1 = switch end]
        boolean[][] engine = new boolean[nc][2];
        for (int c = 0; c < nc; c++) {
            LinkClass lc = classes.get(c);
            copper.add(lc.copperAllowed() ? evaluator.copperTechnologies(lc.pcie(), lc.rateGbps()) : List.of());
            tech[c][0] = lc.endpointEndTechnology();
            tech[c][1] = lc.switchEndTechnology();
            for (int e = 0; e < 2; e++) {
                try {
                    engine[c][e] = evaluator.parts(tech[c][e], lc.rateGbps()).engine();
                } catch (dev.nearlight.core.link.PartNotOffered missing) {
                    throw scaleUpProblem(lc, missing);
                }
            }
        }
        for (int l = 0; l < n; l++) {
            int c = fabric.linkClass(l);
            int sa = fabric.kind(fabric.linkA(l)).isSwitch() ? 1 : 0;
            int sb = fabric.kind(fabric.linkB(l)).isSwitch() ? 1 : 0;
            long bucket = (long) Math.ceil(fabric.lengthM(l) / BUCKET_M - 1e-9);
            long key = ((bucket * 128 + c) << 2) | (sa << 1) | sb;
            Integer q = cache.get(key);
            if (q == null) {
                double len = bucket * BUCKET_M;
                LinkClass lc = classes.get(c);
                LinkQuote chosen = null;
                if (lc.copperBesideEngines() || (!engine[c][sa] && !engine[c][sb])) {
                    for (String cu : copper.get(c)) {
                        if (evaluator.reachM(cu, lc.rateGbps()) >= len) {
                            LinkQuote cq = evaluator.quote(cu, lc.rateGbps(), len);
                            if (cq.feasible()) {
                                chosen = cq;
                                break;
                            }
                        }
                    }
                }
                LinkQuote qa = chosen;
                LinkQuote qb = chosen;
                if (chosen == null) {
                    qa = symmetric(symmetric, tech[c][sa], lc.rateGbps(), len);
                    qb = symmetric(symmetric, tech[c][sb], lc.rateGbps(), len);
                    // a mixed link is named switch end first: cpo+pluggable-dsp
                    chosen = sa >= sb ? LinkQuote.combine(qa, qb) : LinkQuote.combine(qb, qa);
                }
                quotes.add(chosen);
                endA.add(qa);
                endB.add(qb);
                q = quotes.size() - 1;
                cache.put(key, q);
            }
            quoteOf[l] = q;
        }
        return new PlannedLinks(quoteOf, quotes, endA, endB);
    }

    /**
     * A scale-up port's rate is the GPU's scale-up bandwidth over its ports, not the fabric's rate: a part missing at
     * it is about those fields (the message said rate, which the user had not set).
     */
    private static dev.nearlight.core.InputException scaleUpProblem(
            LinkClass lc, dev.nearlight.core.link.PartNotOffered missing) {
        if (!lc.name().equals(LinkClass.SCALE_UP)) {
            return missing;
        }
        return dev.nearlight.core.InputException.of(
                "scaleUpBandwidth",
                missing.problem() + ", the scale-up port rate (bandwidth per GPU x 8 / ports per GPU)",
                "give {scaleUpBandwidth} and {scaleUpPorts} for a port rate it has, or other {scaleUpOptics}");
    }

    private LinkQuote symmetric(Map<String, LinkQuote> cache, String tech, double rateGbps, double lengthM) {
        return cache.computeIfAbsent(
                tech + "@" + rateGbps + "@" + lengthM, k -> evaluator.quote(tech, rateGbps, lengthM));
    }

    /**
     * The plan: for link {@code l}, {@code quotes().get(quoteIndex()[l])} is its quote, and the same index into
     * {@code endAQuotes()} / {@code endBQuotes()} gives the symmetric quote of the part at its end {@code a} /
     * {@code b} (half of which is that end; the same quote as the link's when both ends carry one part).
     *
     * @param quoteIndex quote index per link (do not mutate)
     * @param quotes distinct link quotes
     * @param endAQuotes per quote index: the symmetric quote of the part at end {@code a}
     * @param endBQuotes per quote index: the symmetric quote of the part at end {@code b}
     */
    public record PlannedLinks(
            int[] quoteIndex, List<LinkQuote> quotes, List<LinkQuote> endAQuotes, List<LinkQuote> endBQuotes) {
        public PlannedLinks {
            quotes = List.copyOf(quotes);
            endAQuotes = List.copyOf(endAQuotes);
            endBQuotes = List.copyOf(endBQuotes);
            if (endAQuotes.size() != quotes.size() || endBQuotes.size() != quotes.size()) {
                throw new IllegalArgumentException("one end quote per link quote");
            }
        }

        /** A plan whose links carry one part at both ends. */
        public PlannedLinks(int[] quoteIndex, List<LinkQuote> quotes) {
            this(quoteIndex, quotes, quotes, quotes);
        }

        /** Quote of link {@code l}. */
        public LinkQuote quote(int l) {
            return quotes.get(quoteIndex[l]);
        }

        /** Symmetric quote of the part at end {@code a} (end 0) or {@code b} (end 1) of link {@code l}. */
        public LinkQuote endQuote(int l, int end) {
            return (end == 0 ? endAQuotes : endBQuotes).get(quoteIndex[l]);
        }
    }
}
