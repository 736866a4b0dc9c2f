package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a swapped part is paid for: a new part at its price-book price, or a return to the vendor (warranty or RMA
 * repair), charged at the price-book price times the return-to-vendor cost fraction of the economics defaults.
 */
public enum PartPricing implements ScenarioEnum {
    /** Each swapped part is bought new. */
    NEW("new"),
    /** Each swapped part goes back to the vendor; the operator pays handling, shipping and the repair fee. */
    RETURN_TO_VENDOR("return-to-vendor");

    private final String id;

    PartPricing(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }
}
