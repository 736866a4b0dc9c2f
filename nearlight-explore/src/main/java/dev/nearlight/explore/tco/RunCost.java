package dev.nearlight.explore.tco;

import java.util.List;

/**
 * The cost of one training run on the whole cluster: its components (each labelled with what it charges), their sum,
 * the boundary in words, and the facility energy of the run.
 *
 * @param components the charged components, in order; their sum is {@code totalUsd}
 * @param totalUsd cost of one run, USD
 * @param contains the boundary: the labels of the components, joined
 * @param energyMWh facility energy of the run (nodes busy and idle, fabric, PUE included), whatever the policy
 */
public record RunCost(List<TcoComponent> components, double totalUsd, String contains, double energyMWh) {
    /** Copies the components. */
    public RunCost {
        components = List.copyOf(components);
    }

    /** The component with this id, 0 when the policy does not charge it. */
    public double usd(String id) {
        return components.stream()
                .filter(c -> c.id().equals(id))
                .mapToDouble(TcoComponent::usd)
                .sum();
    }
}
