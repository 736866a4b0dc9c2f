package dev.nearlight.fabric.link;

import dev.nearlight.fabric.Fabric;
import dev.nearlight.fabric.LinkClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the medium of every link of a fabric from its length and quotes it: the first copper technology offered at
 * the link's rate (cheapest first: DAC, ACC, AEC) whose reach covers the link and whose quote is feasible, when the
 * link class allows copper;
 * otherwise the class's optics technology. Lengths are
 * rounded up to {@value #BUCKET_M} m buckets and quotes are cached per (link class, bucket), so a fabric with
 * hundreds of thousands of links needs only a few dozen evaluations.
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
        Map<Long, Integer> cache = new HashMap<>();
        List<LinkClass> classes = fabric.linkClasses();
        List<List<String>> copper = new ArrayList<>();
        for (LinkClass c : classes) {
            copper.add(c.copperAllowed() ? evaluator.copperTechnologies(c.pcie(), c.rateGbps()) : List.of());
        }
        for (int l = 0; l < n; l++) {
            int c = fabric.linkClass(l);
            long bucket = (long) Math.ceil(fabric.lengthM(l) / BUCKET_M - 1e-9);
            long key = bucket * 128 + c;
            Integer q = cache.get(key);
            if (q == null) {
                double len = bucket * BUCKET_M;
                LinkClass lc = classes.get(c);
                LinkQuote chosen = null;
                for (String cu : copper.get(c)) {
                    if (evaluator.reachM(cu, lc.rateGbps()) >= len) {
                        LinkQuote cq = evaluator.quote(cu, lc.rateGbps(), len);
                        if (cq.feasible()) {
                            chosen = cq;
                            break;
                        }
                    }
                }
                if (chosen == null) {
                    chosen = evaluator.quote(lc.opticsTechnology(), lc.rateGbps(), len);
                }
                quotes.add(chosen);
                q = quotes.size() - 1;
                cache.put(key, q);
            }
            quoteOf[l] = q;
        }
        return new PlannedLinks(quoteOf, quotes);
    }

    /**
     * The plan: for link {@code l}, {@code quotes().get(quoteOf(l))} is its quote.
     *
     * @param quoteIndex quote index per link (do not mutate)
     * @param quotes distinct quotes
     */
    public record PlannedLinks(int[] quoteIndex, List<LinkQuote> quotes) {
        public PlannedLinks {
            quotes = List.copyOf(quotes);
        }

        /** Quote of link {@code l}. */
        public LinkQuote quote(int l) {
            return quotes.get(quoteIndex[l]);
        }
    }
}
